using DataStoryBot.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DataStoryBot.Functions.Functions;

/// <summary>HTTP triggers for the data and Vega-Lite spec behind a chart; the logic is <see cref="SessionHandlers"/>.</summary>
public sealed class ChartFunctions(SessionHandlers sessions)
{
    [Function(nameof(GetStoryChartData))]
    public Task<IActionResult> GetStoryChartData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/stories/{storyId}/charts/{chartId}/data")] HttpRequest request,
        string id, string storyId, string chartId) =>
        HandlerResult.From(request, () => sessions.GetStoryChartDataAsync(request, id, storyId, chartId, request.HttpContext.RequestAborted));

    [Function(nameof(GetStoryChartSpec))]
    public Task<IActionResult> GetStoryChartSpec(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/stories/{storyId}/charts/{chartId}/spec")] HttpRequest request,
        string id, string storyId, string chartId) =>
        HandlerResult.From(request, () => sessions.GetStoryChartSpecAsync(request, id, storyId, chartId, request.HttpContext.RequestAborted));

    [Function(nameof(GetChartData))]
    public Task<IActionResult> GetChartData([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/charts/{chartId}/data")] HttpRequest request, string id, string chartId) =>
        HandlerResult.From(request, () => sessions.GetChartDataAsync(request, id, chartId, request.HttpContext.RequestAborted));

    [Function(nameof(GetChartSpec))]
    public Task<IActionResult> GetChartSpec([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sessions/{id}/charts/{chartId}/spec")] HttpRequest request, string id, string chartId) =>
        HandlerResult.From(request, () => sessions.GetChartSpecAsync(request, id, chartId, request.HttpContext.RequestAborted));
}
