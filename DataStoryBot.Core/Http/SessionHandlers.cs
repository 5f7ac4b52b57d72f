using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Serialization;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace DataStoryBot.Core.Http;

/// <summary>Reading a session, streaming its artifacts from Blob storage, and deleting it.</summary>
public sealed class SessionHandlers(SessionAuthenticator auth, BlobStore blobs, SessionDeleter deleter)
{
    public async Task<IResult> GetSessionAsync(HttpRequest request, string sessionId, CancellationToken cancellationToken)
    {
        var session = await auth.AuthenticateAsync(request, sessionId, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound();
        }

        var profile = await blobs.DownloadAsync(session.ProfileBlob, cancellationToken);
        if (profile is null)
        {
            // A delete in progress removes the blobs before the row: the session is going away.
            return Problems.SessionNotFound();
        }

        return Results.Json(SessionViews.Build(session, ProfileReader.Read(profile)), JsonDefaults.Web);
    }

    public async Task<IResult> DeleteSessionAsync(HttpRequest request, DurableTaskClient client, string sessionId, CancellationToken cancellationToken)
    {
        var session = await auth.AuthenticateForDeleteAsync(request, sessionId, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound();
        }

        // Once the session is marked, the delete runs to its end even when the client hangs up: a delete stopped
        // half-way would leave the data until the next sweep.
        await deleter.DeleteAsync(client, session, CancellationToken.None);
        return Results.NoContent();
    }

    public async Task<IResult> GetStoryAsync(HttpRequest request, string sessionId, string storyId, CancellationToken cancellationToken)
    {
        var session = await auth.AuthenticateAsync(request, sessionId, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound();
        }

        return SessionViews.Story(session, storyId) is { } story
            ? Results.Json(story, JsonDefaults.Web)
            : Problems.NotFound("Story", $"This session's discovery has no story '{storyId}'. GET {ApiLinks.Session(sessionId)} lists its stories.");
    }

    public Task<IResult> GetStoryChartAsync(HttpRequest request, string sessionId, string storyId, string chartId, CancellationToken cancellationToken) =>
        StreamAsync(request, sessionId, storyId, r => r.Charts.FirstOrDefault(c => c.ChartId == chartId)?.BlobPath, "image/png", "chart", cancellationToken);

    public Task<IResult> GetStoryChartDataAsync(HttpRequest request, string sessionId, string storyId, string chartId, CancellationToken cancellationToken) =>
        StreamAsync(request, sessionId, storyId, r => r.Charts.FirstOrDefault(c => c.ChartId == chartId)?.DataBlob, "text/csv; charset=utf-8", "chart data", cancellationToken);

    public Task<IResult> GetStoryChartSpecAsync(HttpRequest request, string sessionId, string storyId, string chartId, CancellationToken cancellationToken) =>
        StreamAsync(request, sessionId, storyId, r => r.Charts.FirstOrDefault(c => c.ChartId == chartId)?.SpecBlob, "application/json", "chart spec", cancellationToken);

    public Task<IResult> GetStoryDatasetAsync(HttpRequest request, string sessionId, string storyId, CancellationToken cancellationToken) =>
        StreamAsync(request, sessionId, storyId, r => r.DatasetBlob, "text/csv; charset=utf-8", "dataset", cancellationToken);

    public Task<IResult> GetStoryNarrativeAsync(HttpRequest request, string sessionId, string storyId, CancellationToken cancellationToken) =>
        StreamAsync(request, sessionId, storyId, r => r.NarrativeBlob, "text/markdown; charset=utf-8", "narrative", cancellationToken);

    public Task<IResult> GetStoryFactsAsync(HttpRequest request, string sessionId, string storyId, CancellationToken cancellationToken) =>
        StreamAsync(request, sessionId, storyId, r => r.FactsBlob, "application/json", "facts", cancellationToken);

    /// <summary>Short form for the most recently refined story.</summary>
    public Task<IResult> GetChartAsync(HttpRequest request, string sessionId, string chartId, CancellationToken cancellationToken) =>
        GetStoryChartAsync(request, sessionId, LatestStory, chartId, cancellationToken);

    public Task<IResult> GetChartDataAsync(HttpRequest request, string sessionId, string chartId, CancellationToken cancellationToken) =>
        GetStoryChartDataAsync(request, sessionId, LatestStory, chartId, cancellationToken);

    public Task<IResult> GetChartSpecAsync(HttpRequest request, string sessionId, string chartId, CancellationToken cancellationToken) =>
        GetStoryChartSpecAsync(request, sessionId, LatestStory, chartId, cancellationToken);

    public Task<IResult> GetDatasetAsync(HttpRequest request, string sessionId, CancellationToken cancellationToken) =>
        GetStoryDatasetAsync(request, sessionId, LatestStory, cancellationToken);

    public Task<IResult> GetNarrativeAsync(HttpRequest request, string sessionId, CancellationToken cancellationToken) =>
        GetStoryNarrativeAsync(request, sessionId, LatestStory, cancellationToken);

    const string LatestStory = "";

    async Task<IResult> StreamAsync(HttpRequest request, string sessionId, string storyId, Func<StoredRefinement, string?> pick, string contentType, string what,
        CancellationToken cancellationToken)
    {
        var session = await auth.AuthenticateAsync(request, sessionId, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound();
        }

        var refinement = storyId == LatestStory
            ? session.Refinements.OrderByDescending(r => r.CompletedAt).FirstOrDefault()
            : session.Refinements.FirstOrDefault(r => r.StoryId == storyId);
        var path = refinement is null ? null : pick(refinement);
        if (path is null)
        {
            return Problems.NotFound(char.ToUpperInvariant(what[0]) + what[1..],
                refinement is null
                    ? "No refined story matches. Refine a story first; the session's 'refined' list has the URLs of every artifact."
                    : $"This story has no {what}. The session's 'refined' list has the URLs of every artifact.");
        }

        var blob = await blobs.OpenReadAsync(path, cancellationToken);
        if (blob is null)
        {
            return Problems.NotFound(what, $"The {what} is recorded but its blob is missing.");
        }

        // Charts are shown by the page; the dataset, narrative and facts are downloads. Cache-Control: no-store comes with every API answer (SecurityHeaders).
        request.HttpContext.Response.Headers.ContentDisposition = SecurityHeaders.ContentDisposition(
            $"{Path.GetFileNameWithoutExtension(session.FileName)}-{refinement!.StoryId}-{Path.GetFileName(path)}", inline: what == "chart");
        return Results.Stream(blob.Content, contentType, enableRangeProcessing: false);
    }
}
