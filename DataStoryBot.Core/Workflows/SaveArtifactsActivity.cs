using System.Text.Json;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Logging;
using DataStoryBot.Core.Observability;
using DataStoryBot.Core.Output;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// Copies a refine's narrative, charts and dataset from the container into Blob storage and records them on the
/// session. Blob names are fixed per story, so a re-run (after a crash) overwrites instead of duplicating.
/// </summary>
public sealed class SaveArtifactsActivity(IAnalysisEngine engine, SessionStore sessions, BlobStore blobs, TimeProvider time,
    IOptions<DataStoryBotOptions> options, ILogger<SaveArtifactsActivity> logger, HostStopping stopping)
    : WorkflowActivity<SaveArtifactsInput, SaveArtifactsOutput>(stopping)
{
    /// <summary>
    /// A backstop against a runaway file, not a product limit: a filtered dataset can be nearly as large as the upload
    /// and grows a little once formula-like cells are neutralized, and an engine may hand over datasets up to
    /// <see cref="ArtifactLimits.MaxDatasetBytes"/>. Copies stream, so the size costs no memory.
    /// </summary>
    public static long MaxArtifactBytes(DataStoryBotOptions options) => Math.Max(ArtifactLimits.MaxDatasetBytes, options.MaxUploadBytes) * 2;

    public static string StoryPrefix(string artifactsContainer, string sessionId, string storyId) => $"{artifactsContainer}/{sessionId}/stories/{storyId}";

    /// <summary>Saves the artifacts; when the session is deleted meanwhile, removes what was written after the delete listed its blobs.</summary>
    public override async Task<SaveArtifactsOutput> ExecuteAsync(SaveArtifactsInput input, CancellationToken cancellationToken)
    {
        try
        {
            var output = await SaveAsync(input, cancellationToken);
            if (output.Status != PhaseStatus.Completed)
            {
                await SessionDeletion.RemoveBlobsIfGoingAsync(sessions, blobs, input.SessionId);
            }

            return output;
        }
        catch (Exception)
        {
            if (await SessionDeletion.RemoveBlobsIfGoingAsync(sessions, blobs, input.SessionId))
            {
                throw new SessionNotFoundException(input.SessionId);
            }

            throw;
        }
    }

    async Task<SaveArtifactsOutput> SaveAsync(SaveArtifactsInput input, CancellationToken cancellationToken)
    {
        using var scope = logger.Session(input.SessionId, input.ContainerId, input.JobId);
        var session = await sessions.GetAsync(input.SessionId, cancellationToken) ?? throw new SessionNotFoundException(input.SessionId);
        var story = session.Discovery?.Stories.FirstOrDefault(s => s.StoryId == input.StoryId);
        if (story is null)
        {
            // A new analysis replaced the stories while this one was being written.
            return new SaveArtifactsOutput(PhaseStatus.Failed, 0, JobProblems.StoryNotFound(input.StoryId));
        }

        if (!session.IsOwnedBy(JobIds.RefineKey(input.StoryId), input.JobId))
        {
            // A late result of a job that timed out or was replaced: writing it would overwrite charts the user may have seen.
            return new SaveArtifactsOutput(PhaseStatus.Failed, 0, JobProblems.Superseded(JobPhases.Refine));
        }

        var prefix = StoryPrefix(blobs.ArtifactsContainer, input.SessionId, input.StoryId);
        var result = input.Result;
        long totalBytes = 0;
        try
        {
            var narrative = await CopyAsync(input.ContainerId, result.Narrative, $"{prefix}/narrative.md", "text/markdown; charset=utf-8", cancellationToken);
            totalBytes += narrative.Bytes;
            var charts = new List<StoredChart>();
            for (var i = 0; i < result.Charts.Count; i++)
            {
                var chart = result.Charts[i];
                var chartId = $"chart-{i + 1}";
                var copied = await CopyAsync(input.ContainerId, chart, $"{prefix}/charts/{chartId}.png", "image/png", cancellationToken);
                totalBytes += copied.Bytes;
                string? dataBlob = null, specBlob = null;
                if (chart.DataFileId is { } dataFileId)
                {
                    // Formula-safe whichever engine wrote it, like the dataset.
                    var data = await CopyAsync(input.ContainerId, chart with { FileId = dataFileId }, $"{prefix}/charts/{chartId}.csv", "text/csv; charset=utf-8", cancellationToken, neutralizeBy: ',');
                    totalBytes += data.Bytes;
                    dataBlob = data.Path;
                }
                if (chart.SpecFileId is { } specFileId)
                {
                    var spec = await CopyAsync(input.ContainerId, chart with { FileId = specFileId }, $"{prefix}/charts/{chartId}.vl.json", "application/json", cancellationToken);
                    totalBytes += spec.Bytes;
                    specBlob = spec.Path;
                }
                charts.Add(new StoredChart(chartId, chart.FileName, chart.Title, copied.Path, copied.Bytes, copied.Sha256, chart.Description ?? chart.Title, dataBlob, specBlob));
            }

            string? datasetBlob = null;
            if (result.Dataset is { } dataset)
            {
                var copied = await CopyAsync(input.ContainerId, dataset, $"{prefix}/dataset.csv", "text/csv; charset=utf-8", cancellationToken, neutralizeBy: dataset.Delimiter ?? ',');
                totalBytes += copied.Bytes;
                datasetBlob = copied.Path;
            }

            var factsPath = $"{prefix}/facts.json";
            await blobs.UploadAsync(factsPath, BinaryData.FromObjectAsJson(result.Facts, JsonDefaults.Web), "application/json", cancellationToken);

            var refinement = new StoredRefinement(input.StoryId, story.Candidate.Title, input.JobId, narrative.Path, charts, datasetBlob, factsPath,
                result.Provenance, session.Sha256, time.GetUtcNow());
            // Recorded only while this job still owns the story and the story is still in the discovery (checked again
            // on the row being written, as the copies above take time).
            var (recorded, _) = await sessions.ApplyAsync(input.SessionId, new SessionEvent.RefinementCompleted(input.JobId, refinement), cancellationToken);
            switch (recorded)
            {
                case TransitionResult.Deleted:
                    throw new SessionNotFoundException(input.SessionId);
                case TransitionResult.StoryGone:
                    return new SaveArtifactsOutput(PhaseStatus.Failed, 0, JobProblems.StoryNotFound(input.StoryId));
                case not TransitionResult.Applied:
                    return new SaveArtifactsOutput(PhaseStatus.Failed, 0, JobProblems.Superseded(JobPhases.Refine));
            }

            logger.ArtifactsSaved(input.StoryId, charts.Count + (datasetBlob is null ? 2 : 3), totalBytes);
            logger.RefineCompleted(input.StoryId, charts.Count, datasetBlob is not null, (long)(time.GetUtcNow() - result.Provenance.StartedAt).TotalMilliseconds);
            return new SaveArtifactsOutput(PhaseStatus.Completed, charts.Count);
        }
        catch (ContainerExpiredException e)
        {
            logger.ContainerExpired(e.ContainerId, "save-artifacts");
            DataStoryBotMetrics.ContainerExpired(engine.Name, "save-artifacts");
            return new SaveArtifactsOutput(PhaseStatus.ContainerExpired, 0);
        }
    }

    /// <summary>
    /// Streams one container file to Blob storage, capped at <see cref="MaxArtifactBytes"/>; a CSV (dataset, chart data)
    /// passes <see cref="CsvNeutralizer"/> on the way with the delimiter it was written with, whichever engine wrote it.
    /// </summary>
    async Task<(string Path, long Bytes, string Sha256)> CopyAsync(string containerId, EngineArtifact artifact, string path, string contentType, CancellationToken cancellationToken,
        char? neutralizeBy = null)
    {
        await using var source = await engine.DownloadFileAsync(containerId, artifact.FileId, cancellationToken);
        using var hashing = new HashingReadStream(source, MaxArtifactBytes(options.Value));
        await using var neutralized = neutralizeBy is { } delimiter ? await CsvNeutralizer.NeutralizeAsync(hashing, delimiter, cancellationToken) : null;
        await blobs.UploadAsync(path, neutralized ?? hashing, contentType, cancellationToken);
        return (path, neutralized?.Length ?? hashing.BytesRead, hashing.HashHex());
    }

}
