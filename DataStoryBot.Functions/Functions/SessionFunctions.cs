using DataStoryBot.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DataStoryBot.Functions.Functions;

/// <summary>HTTP triggers for a session and its artifacts; the logic is <see cref="SessionHandlers"/>.</summary>
public sealed class SessionFunctions(SessionHandlers sessions)
{
    [Function(nameof(GetSession))]
    public Task<IActionResult> GetSession([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}")] HttpRequest request, string id) =>
        HandlerResult.From(request, () => sessions.GetSessionAsync(request, id, request.HttpContext.RequestAborted));

    [Function(nameof(DeleteSession))]
    public Task<IActionResult> DeleteSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/sessions/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        HandlerResult.From(request, () => sessions.DeleteSessionAsync(request, client, id, request.HttpContext.RequestAborted));

    [Function(nameof(GetStoryChart))]
    public Task<IActionResult> GetStoryChart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/stories/{storyId}/charts/{chartId}")] HttpRequest request,
        string id, string storyId, string chartId) =>
        HandlerResult.From(request, () => sessions.GetStoryChartAsync(request, id, storyId, chartId, request.HttpContext.RequestAborted));

    [Function(nameof(GetStoryDataset))]
    public Task<IActionResult> GetStoryDataset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/stories/{storyId}/dataset")] HttpRequest request, string id, string storyId) =>
        HandlerResult.From(request, () => sessions.GetStoryDatasetAsync(request, id, storyId, request.HttpContext.RequestAborted));

    [Function(nameof(GetStoryNarrative))]
    public Task<IActionResult> GetStoryNarrative(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/stories/{storyId}/narrative")] HttpRequest request, string id, string storyId) =>
        HandlerResult.From(request, () => sessions.GetStoryNarrativeAsync(request, id, storyId, request.HttpContext.RequestAborted));

    [Function(nameof(GetStory))]
    public Task<IActionResult> GetStory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/stories/{storyId}")] HttpRequest request, string id, string storyId) =>
        HandlerResult.From(request, () => sessions.GetStoryAsync(request, id, storyId, request.HttpContext.RequestAborted));

    [Function(nameof(GetStoryFacts))]
    public Task<IActionResult> GetStoryFacts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/stories/{storyId}/facts")] HttpRequest request, string id, string storyId) =>
        HandlerResult.From(request, () => sessions.GetStoryFactsAsync(request, id, storyId, request.HttpContext.RequestAborted));

    [Function(nameof(GetChart))]
    public Task<IActionResult> GetChart([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/charts/{chartId}")] HttpRequest request, string id, string chartId) =>
        HandlerResult.From(request, () => sessions.GetChartAsync(request, id, chartId, request.HttpContext.RequestAborted));

    [Function(nameof(GetDataset))]
    public Task<IActionResult> GetDataset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/dataset")] HttpRequest request, string id) =>
        HandlerResult.From(request, () => sessions.GetDatasetAsync(request, id, request.HttpContext.RequestAborted));

    [Function(nameof(GetNarrative))]
    public Task<IActionResult> GetNarrative([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/narrative")] HttpRequest request, string id) =>
        HandlerResult.From(request, () => sessions.GetNarrativeAsync(request, id, request.HttpContext.RequestAborted));
}
