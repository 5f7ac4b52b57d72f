using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DataStoryBot.Functions;

/// <summary>Runs a shared handler's <see cref="IResult"/> through the Functions ASP.NET Core integration.</summary>
public sealed class HandlerResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);

    public static async Task<IActionResult> From(HttpRequest request, Func<Task<IResult>> handler) =>
        new HandlerResult(await Core.Http.Guarded.RunAsync(request.HttpContext, handler));
}
