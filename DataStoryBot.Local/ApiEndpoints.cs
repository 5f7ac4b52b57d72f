using DataStoryBot.Core.Http;
using Microsoft.DurableTask.Client;

namespace DataStoryBot.Local;

/// <summary>The API's routes on the local host: the same paths, methods and handlers as the Functions app's HTTP triggers.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapDataStoryBotApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/upload", (HttpContext c, UploadHandler h) => Guarded.RunAsync(c, () => h.UploadAsync(c.Request, c.RequestAborted)));

        app.MapGet("/api/sessions/{id}", (HttpContext c, string id, SessionHandlers h) => Guarded.RunAsync(c, () => h.GetSessionAsync(c.Request, id, c.RequestAborted)));
        app.MapDelete("/api/sessions/{id}", (HttpContext c, string id, SessionHandlers h, DurableTaskClient d) => Guarded.RunAsync(c, () => h.DeleteSessionAsync(c.Request, d, id, c.RequestAborted)));
        app.MapPost("/api/sessions/{id}/analyze", (HttpContext c, string id, JobHandlers h, DurableTaskClient d) => Guarded.RunAsync(c, () => h.AnalyzeAsync(c.Request, d, id, c.RequestAborted)));
        app.MapPost("/api/sessions/{id}/refine", (HttpContext c, string id, JobHandlers h, DurableTaskClient d) => Guarded.RunAsync(c, () => h.RefineAsync(c.Request, d, id, c.RequestAborted)));
        app.MapGet("/api/jobs/{jobId}", (HttpContext c, string jobId, JobHandlers h, DurableTaskClient d) => Guarded.RunAsync(c, () => h.GetJobAsync(c.Request, d, jobId, c.RequestAborted)));

        app.MapGet("/api/sessions/{id}/stories/{storyId}/charts/{chartId}", (HttpContext c, string id, string storyId, string chartId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetStoryChartAsync(c.Request, id, storyId, chartId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/stories/{storyId}/charts/{chartId}/data", (HttpContext c, string id, string storyId, string chartId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetStoryChartDataAsync(c.Request, id, storyId, chartId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/stories/{storyId}/charts/{chartId}/spec", (HttpContext c, string id, string storyId, string chartId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetStoryChartSpecAsync(c.Request, id, storyId, chartId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/stories/{storyId}/dataset", (HttpContext c, string id, string storyId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetStoryDatasetAsync(c.Request, id, storyId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/stories/{storyId}/narrative", (HttpContext c, string id, string storyId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetStoryNarrativeAsync(c.Request, id, storyId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/stories/{storyId}", (HttpContext c, string id, string storyId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetStoryAsync(c.Request, id, storyId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/stories/{storyId}/facts", (HttpContext c, string id, string storyId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetStoryFactsAsync(c.Request, id, storyId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/charts/{chartId}", (HttpContext c, string id, string chartId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetChartAsync(c.Request, id, chartId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/charts/{chartId}/data", (HttpContext c, string id, string chartId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetChartDataAsync(c.Request, id, chartId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/charts/{chartId}/spec", (HttpContext c, string id, string chartId, SessionHandlers h) =>
            Guarded.RunAsync(c, () => h.GetChartSpecAsync(c.Request, id, chartId, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/dataset", (HttpContext c, string id, SessionHandlers h) => Guarded.RunAsync(c, () => h.GetDatasetAsync(c.Request, id, c.RequestAborted)));
        app.MapGet("/api/sessions/{id}/narrative", (HttpContext c, string id, SessionHandlers h) => Guarded.RunAsync(c, () => h.GetNarrativeAsync(c.Request, id, c.RequestAborted)));

        app.MapGet("/api/health", (HttpContext c, HealthHandler h) => Guarded.RunAsync(c, () => h.GetHealthAsync(c.Request, c.RequestAborted)));
        app.MapGet("/api/openapi.yaml", (HttpContext c, SystemHandlers h) => h.GetOpenApi(c.Request));
        app.MapGet("/", (HttpContext c, SystemHandlers h) => h.GetPage(c.Request));
        app.MapGet("/assets/{asset}", (HttpContext c, string asset, SystemHandlers h) => h.GetPage(c.Request, asset));
        return app;
    }
}
