using System.ClientModel;
using Microsoft.Extensions.Logging;
using OpenAI.Responses;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>The charts and dataset a refine run left in the container.</summary>
internal sealed record RefineOutputs(IReadOnlyList<EngineArtifact> Charts, EngineArtifact? Dataset, int FromCitations);

/// <summary>
/// Charts and dataset of one refine run: the files cited by <c>container_file_citation</c> annotations, then — when fewer
/// than <see cref="ArtifactLimits.MinCharts"/> valid charts or no dataset were cited — the container's assistant-created
/// files of this run. Every chart is checked (PNG signature, size cap); files that fail are skipped.
/// </summary>
internal sealed class RefineOutputCollector(OpenAIContainerApi containers, ILogger logger)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A container file that may become a chart or the dataset; <see cref="KnownBytes"/> when a listing gave its size.</summary>
    private sealed record CandidateFile(string FileId, string Name, long? KnownBytes);

    /// <summary>What one run has collected so far.</summary>
    private sealed class Collection(string containerId, string prefix, Dictionary<string, string> titles, Dictionary<string, string> descriptions)
    {
        public string ContainerId { get; } = containerId;
        public string Prefix { get; } = prefix;
        public Dictionary<string, string> Titles { get; } = titles;
        public Dictionary<string, string> Descriptions { get; } = descriptions;
        public List<EngineArtifact> Charts { get; } = [];
        public EngineArtifact? Dataset { get; set; }
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
    }

    /// <param name="response">The model's refine answer (its citations).</param>
    /// <param name="containerId">The session's container.</param>
    /// <param name="prefix">The file-name prefix the run was told to use.</param>
    /// <param name="started">When the run started: uncited files created since are the run's.</param>
    /// <param name="text">The narrative as the model wrote it (chart titles come from its image links).</param>
    /// <param name="columns">The file's columns: a chart description the model gave is kept only when it names one; otherwise the chart's title stands in.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<RefineOutputs> CollectAsync(ResponseResult response, string containerId, string prefix, DateTimeOffset started, string text,
        IEnumerable<string> columns, CancellationToken ct)
    {
        var run = new Collection(containerId, prefix, NarrativeCleaner.ChartTitles(text), NarrativeCleaner.ChartDescriptions(text, columns));
        var citations = response.OutputItems.OfType<MessageResponseItem>()
            .SelectMany(m => m.Content)
            .SelectMany(p => p.OutputTextAnnotations ?? [])
            .OfType<ContainerFileCitationMessageAnnotation>()
            .Where(a => !string.IsNullOrEmpty(a.FileId) && (string.IsNullOrEmpty(a.ContainerId) || a.ContainerId == containerId));
        foreach (var citation in citations)
        {
            if (run.Seen.Add(citation.FileId))
            {
                await ConsiderCitedAsync(run, citation, ct).ConfigureAwait(false);
            }
        }

        var fromCitations = run.Charts.Count;
        if (run.Charts.Count < ArtifactLimits.MinCharts || run.Dataset is null)
        {
            await ConsiderRunFilesAsync(run, started, ct).ConfigureAwait(false);
        }

        if (run.Charts.Count < ArtifactLimits.MinCharts)
        {
            throw new EngineException(EngineFailureKind.InvalidResult,
                $"The model produced {run.Charts.Count} valid PNG chart(s); a story needs at least {ArtifactLimits.MinCharts}.");
        }

        return new RefineOutputs(run.Charts, run.Dataset, fromCitations);
    }

    private async Task ConsiderCitedAsync(Collection run, ContainerFileCitationMessageAnnotation citation, CancellationToken ct)
    {
        try
        {
            var name = citation.Filename;
            if (string.IsNullOrEmpty(name) || name.StartsWith(citation.FileId, StringComparison.Ordinal))
            {
                // The API may name a cited file by its id (and cite offset 0..0): the file's path says what it is.
                var info = await containers.GetFileAsync(run.ContainerId, citation.FileId, ct).ConfigureAwait(false);
                name = string.IsNullOrEmpty(info.Path) ? name ?? citation.FileId : info.Path;
            }

            await ConsiderAsync(run, new CandidateFile(citation.FileId, name, null), ct).ConfigureAwait(false);
        }
        catch (ContainerExpiredException e) when (e.InnerException is ClientResultException r && ProviderError.From(r).MeansFileNotFound)
        {
            // The model cited a file the container does not have. Only if the container itself is gone is this expiry.
            if (!await containers.IsActiveAsync(run.ContainerId, ct).ConfigureAwait(false))
            {
                throw;
            }

            OpenAIEngineLog.FileSkipped(logger, citation.FileId, citation.Filename ?? citation.FileId, run.ContainerId, "cited file is not in the container");
        }
    }

    /// <summary>The assistant-created files of this run (its prefix, or created since it started) that could fill a gap.</summary>
    private async Task ConsiderRunFilesAsync(Collection run, DateTimeOffset started, CancellationToken ct)
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(started.ToUnixTimeSeconds());
        var files = await containers.ListFilesAsync(run.ContainerId, ct).ConfigureAwait(false);
        foreach (var f in files.Where(f => string.Equals(f.Source, "assistant", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(f.Path ?? f.Id);
            if (!run.Seen.Add(f.Id) || !(name.StartsWith(run.Prefix, StringComparison.Ordinal) || f.CreatedAt >= since))
            {
                continue;
            }

            var wantChart = run.Charts.Count < ArtifactLimits.MinCharts && name.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
            if (!wantChart && !(run.Dataset is null && IsCsv(name)))
            {
                continue;
            }

            await ConsiderAsync(run, new CandidateFile(f.Id, name, f.SizeInBytes), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the file as the dataset (the first CSV within the cap) or a chart (a PNG within the cap, up to the most charts).</summary>
    private async Task ConsiderAsync(Collection run, CandidateFile file, CancellationToken ct)
    {
        var displayName = StripPrefix(Path.GetFileName(file.Name), run.Prefix);
        if (IsCsv(file.Name))
        {
            if (run.Dataset is not null)
            {
                return;
            }

            var bytes = file.KnownBytes ?? (await containers.GetFileAsync(run.ContainerId, file.FileId, ct).ConfigureAwait(false)).SizeInBytes;
            if (bytes is > ArtifactLimits.MaxDatasetBytes or 0)
            {
                OpenAIEngineLog.FileSkipped(logger, file.FileId, file.Name, run.ContainerId, $"dataset of {bytes} bytes (empty or above {ArtifactLimits.MaxDatasetBytes})");
                return;
            }

            run.Dataset = new EngineArtifact(file.FileId, displayName, "text/csv", Delimiter: ','); // the prompt asks for comma-separated
            return;
        }

        if (run.Charts.Count >= ArtifactLimits.MaxCharts)
        {
            OpenAIEngineLog.FileSkipped(logger, file.FileId, file.Name, run.ContainerId, $"more than {ArtifactLimits.MaxCharts} charts");
            return;
        }

        var problem = await CheckPngAsync(run.ContainerId, file.FileId, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            OpenAIEngineLog.FileSkipped(logger, file.FileId, file.Name, run.ContainerId, problem);
            return;
        }

        run.Titles.TryGetValue(Path.GetFileName(file.Name), out var title);
        var description = run.Descriptions.TryGetValue(Path.GetFileName(file.Name), out var d) ? d : title;
        run.Charts.Add(new EngineArtifact(file.FileId, displayName, "image/png", title, description));
    }

    /// <summary>Null when the file is a PNG within the size cap; otherwise why not.</summary>
    private async Task<string?> CheckPngAsync(string containerId, string fileId, CancellationToken ct)
    {
        await using var stream = await containers.OpenFileAsync(containerId, fileId, ct).ConfigureAwait(false);
        var buffer = new byte[81920];
        long total = 0;
        var head = new byte[PngSignature.Length];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (total < head.Length)
            {
                var n = (int)Math.Min(head.Length - total, read);
                Array.Copy(buffer, 0, head, total, n);
            }

            total += read;
            if (total > ArtifactLimits.MaxChartBytes)
            {
                return $"larger than {ArtifactLimits.MaxChartBytes} bytes";
            }
        }

        return total >= head.Length && head.AsSpan().SequenceEqual(PngSignature) ? null : "not a PNG file";
    }

    private static string StripPrefix(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length ? name[prefix.Length..] : name;

    private static bool IsCsv(string name) => name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
}
