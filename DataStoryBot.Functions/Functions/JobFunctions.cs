using DataStoryBot.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DataStoryBot.Functions.Functions;

/// <summary>HTTP starters and the job status endpoint; the logic is <see cref="JobHandlers"/>.</summary>
public sealed class JobFunctions(JobHandlers jobs)
{
    [Function(nameof(Analyze))]
    public Task<IActionResult> Analyze(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sessions/{id}/analyze")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        HandlerResult.From(request, () => jobs.AnalyzeAsync(request, client, id, request.HttpContext.RequestAborted));

    [Function(nameof(Refine))]
    public Task<IActionResult> Refine(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sessions/{id}/refine")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        HandlerResult.From(request, () => jobs.RefineAsync(request, client, id, request.HttpContext.RequestAborted));

    [Function(nameof(GetJob))]
    public Task<IActionResult> GetJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/jobs/{jobId}")] HttpRequest request, string jobId,
        [DurableClient] DurableTaskClient client) =>
        HandlerResult.From(request, () => jobs.GetJobAsync(request, client, jobId, request.HttpContext.RequestAborted));
}
