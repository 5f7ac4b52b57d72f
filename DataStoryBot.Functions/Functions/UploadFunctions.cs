using DataStoryBot.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DataStoryBot.Functions.Functions;

/// <summary>HTTP trigger for uploads; the logic is <see cref="UploadHandler"/>.</summary>
public sealed class UploadFunctions(UploadHandler upload)
{
    [Function(nameof(Upload))]
    public Task<IActionResult> Upload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/upload")] HttpRequest request) =>
        HandlerResult.From(request, () => upload.UploadAsync(request, request.HttpContext.RequestAborted));
}
