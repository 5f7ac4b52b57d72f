using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Analyst;

/// <summary>
/// The built-in analyst: deterministic statistics and ScottPlot charts over local containers. No data leaves the
/// machine; the same file and request give byte-identical candidates, narrative and charts.
/// </summary>
public sealed partial class BuiltInAnalysisEngine(
    LocalContainerStore containers,
    IOptions<DataStoryBotOptions> options,
    TimeProvider time,
    ILogger<BuiltInAnalysisEngine> logger) : IAnalysisEngine
{
    public const string EngineName = "builtin";
    public const string EngineVersion = "1.0.0";

    public string Name => EngineName;

    public string Version => EngineVersion;

    public Task<EngineContainer> CreateContainerAsync(string sessionId, CancellationToken cancellationToken)
    {
        var container = containers.Create(sessionId);
        LogContainerCreated(logger, sessionId, container.Id);
        return Task.FromResult(container);
    }

    public Task<EngineFile> UploadFileAsync(string containerId, string fileName, Stream content, CancellationToken cancellationToken) =>
        containers.WriteFileAsync(containerId, fileName, content, cancellationToken);

    public Task<DiscoveryResult> DiscoverAsync(DiscoveryRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => Discover(request, cancellationToken), cancellationToken);

    public Task<RefineResult> RefineAsync(RefineRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => Refine(request, cancellationToken), cancellationToken);

    public Task<Stream> DownloadFileAsync(string containerId, string fileId, CancellationToken cancellationToken) =>
        Task.FromResult(containers.OpenFile(containerId, fileId));

    public Task DeleteContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        containers.Delete(containerId);
        return Task.CompletedTask;
    }

    private DiscoveryResult Discover(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        containers.Touch(request.ContainerId);
        var roles = RoleOverrides.Parse(request.Steering, request.Profile);
        var profile = RoleOverrides.Apply(request.Profile, roles);
        var table = Load(request.ContainerId, request.DataFile.Id, profile, null);
        var picked = StoryDiscovery.Discover(table, request.Steering, cancellationToken,
            (insight, why) => LogContradicted(logger, request.SessionId, request.ContainerId, insight.Kind.Name, insight.Title, why));
        if (picked.Count == 0)
        {
            throw new EngineException(EngineFailureKind.Unanalyzable, "The file has no columns or rows that can be analyzed.");
        }
        containers.Touch(request.ContainerId);
        LogDiscovered(logger, request.SessionId, request.ContainerId, picked.Count, table.RowCount, clock.ElapsedMilliseconds);
        var evidenceRoles = RoleOverrides.ToEvidence(roles);
        return new DiscoveryResult(picked.Select(p => p.ToCandidate() is var c && evidenceRoles is not null ? c with { Evidence = c.Evidence with { Roles = evidenceRoles } } : c).ToList(),
            new EngineProvenance(Name, Version, null, [], table.Sampling, started, time.GetUtcNow()));
    }

    private RefineResult Refine(RefineRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        containers.Touch(request.ContainerId);
        var story = request.Story;
        var type = StoryKinds.Parse(story.Evidence.InsightType);
        var columns = story.Evidence.Columns;

        // Recompute from the data (never trust the numbers passed in), with the roles discovery used, on the whole table
        // the detectors saw (wide series read as long, total rows and near-duplicates left out): one load serves the
        // story and the facts an analyst adds from its own rows (the gap by month, the top contributor, the group's other
        // outcomes). Only when the whole table does not give the story back is it recomputed on its columns alone.
        // A story about how many rows each month or year holds is told from those counts.
        var profile = RoleOverrides.Apply(request.Profile, RoleOverrides.FromEvidence(story.Evidence.Roles));
        var table = EventCounts.For(StoryDiscovery.Prepare(Load(request.ContainerId, request.DataFile.Id, profile, null)), columns);
        var insight = columns.Count > 0 && table is not null ? StoryDiscovery.Recompute(table, type, story.Title, columns) : null;
        if (columns.Count > 0 && (insight is null || insight.Title != story.Title))
        {
            var narrow = EventCounts.For(StoryDiscovery.Prepare(Load(request.ContainerId, request.DataFile.Id, profile, columns)), columns);
            var again = narrow is null ? null : StoryDiscovery.Recompute(narrow, type, story.Title, columns);
            if (again is not null && (insight is null || again.Title == story.Title))
            {
                table = narrow;
                insight = again;
            }
        }
        if (insight is null || table is null)
        {
            throw new EngineException(EngineFailureKind.InvalidResult, $"The story \"{story.Title}\" could not be recomputed from this file.");
        }
        cancellationToken.ThrowIfCancellationRequested();
        var siblings = (request.Siblings ?? []).Select(s => (s.Title, s.Evidence.Columns)).ToList();
        var supporting = SupportingFacts.For(table, insight, siblings, cancellationToken);
        var output = StoryWriter.Write(table, insight, supporting);

        var prefix = "story-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(story.Title)))[..8] + "-";
        var narrative = containers.WriteFile(request.ContainerId, prefix + "narrative.md", Encoding.UTF8.GetBytes(output.Markdown));
        var charts = new List<EngineArtifact>();
        for (var i = 0; i < output.Charts.Count; i++)
        {
            var chart = output.Charts[i];
            var file = containers.WriteFile(request.ContainerId, $"{prefix}chart-{i + 1}-{chart.Kind}.png", chart.Png);
            var data = containers.WriteFile(request.ContainerId, $"{prefix}chart-{i + 1}-{chart.Kind}.csv", chart.Data.ToCsv());
            var spec = containers.WriteFile(request.ContainerId, $"{prefix}chart-{i + 1}-{chart.Kind}.vl.json", Charts.VegaLiteSpec.Write(chart));
            charts.Add(new EngineArtifact(file.Id, file.FileName, "image/png", chart.Title, chart.Description, data.Id, spec.Id));
        }
        EngineArtifact? dataset = null;
        if (output.SubsetRows is { Count: > 0 } rows)
        {
            var sourceRows = rows.Select(r => table.SourceRows[r]).Distinct().Order().ToList();
            byte[] csv;
            var delimiter = request.Profile.Delimiter.ToChar();
            using (var original = containers.OpenFile(request.ContainerId, request.DataFile.Id))
            {
                csv = DatasetWriter.Write(original, delimiter, sourceRows);
            }
            var file = containers.WriteFile(request.ContainerId, prefix + "dataset.csv", csv);
            dataset = new EngineArtifact(file.Id, file.FileName, "text/csv", output.SubsetDescription, Delimiter: delimiter);
        }
        LogRefined(logger, request.SessionId, request.ContainerId, charts.Count, clock.ElapsedMilliseconds);
        return new RefineResult(
            new EngineArtifact(narrative.Id, narrative.FileName, "text/markdown", insight.Title),
            charts,
            dataset,
            output.Facts,
            new EngineProvenance(Name, Version, null, [], table.Sampling, started, time.GetUtcNow()));
    }

    private AnalysisTable Load(string containerId, string fileId, Csv.DatasetProfile profile, IEnumerable<string>? columns)
    {
        using var stream = containers.OpenFile(containerId, fileId);
        return CsvTableLoader.Load(stream, CsvLoadOptions.FromProfile(profile, options.Value.SampleRowThreshold, columns));
    }

    [LoggerMessage(EventId = 4001, EventName = "analyst.container_created", Level = LogLevel.Information,
        Message = "analyst.container_created: built-in container {ContainerId} for session {SessionId}")]
    private static partial void LogContainerCreated(ILogger logger, string sessionId, string containerId);

    [LoggerMessage(EventId = 4002, EventName = "analysis.discovered", Level = LogLevel.Information,
        Message = "Built-in discovery for session {SessionId} in container {ContainerId}: {Candidates} candidates from {Rows} rows in {ElapsedMs} ms")]
    private static partial void LogDiscovered(ILogger logger, string sessionId, string containerId, int candidates, int rows, long elapsedMs);

    [LoggerMessage(EventId = 4004, EventName = "analysis.claim_contradicted", Level = LogLevel.Information,
        Message = "Built-in discovery for session {SessionId} in container {ContainerId} dropped a {Kind} story that contradicts its own chart: \"{Title}\" {Reason}")]
    private static partial void LogContradicted(ILogger logger, string sessionId, string containerId, string kind, string title, string reason);

    [LoggerMessage(EventId = 4003, EventName = "analysis.refined", Level = LogLevel.Information,
        Message = "Built-in refine for session {SessionId} in container {ContainerId}: {Charts} charts in {ElapsedMs} ms")]
    private static partial void LogRefined(ILogger logger, string sessionId, string containerId, int charts, long elapsedMs);
}
