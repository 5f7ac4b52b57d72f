using DataStoryBot.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DataStoryBot.Functions.Functions;

/// <summary>Health, the OpenAPI document and the web page.</summary>
public sealed class SystemFunctions(HealthHandler health, SystemHandlers system)
{
    /// <summary>
    /// The site root. The Functions host never routes an empty template (it answers "/" itself); an optional parameter
    /// that must be empty matches exactly "/". With <c>AzureWebJobsDisableHomepage</c> set, nothing else claims it.
    /// </summary>
    public const string RootRoute = "{ignored:maxlength(0)?}";

    [Function(nameof(GetHealth))]
    public Task<IActionResult> GetHealth([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        HandlerResult.From(request, () => health.GetHealthAsync(request, request.HttpContext.RequestAborted));

    [Function(nameof(GetOpenApi))]
    public IActionResult GetOpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.yaml")] HttpRequest request) =>
        new HandlerResult(system.GetOpenApi(request));

    [Function(nameof(GetPage))]
    public IActionResult GetPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RootRoute)] HttpRequest request) =>
        new HandlerResult(system.GetPage(request));

    [Function(nameof(GetAsset))]
    public IActionResult GetAsset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{asset}")] HttpRequest request, string asset) =>
        new HandlerResult(system.GetPage(request, asset));
}
