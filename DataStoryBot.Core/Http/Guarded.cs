using Azure;
using DataStoryBot.Core.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Http;

/// <summary>Runs a handler and turns unexpected failures into RFC 9457 problems, the same way on both hosts.</summary>
public static partial class Guarded
{
    /// <summary>Runs <paramref name="handler"/>; whatever it answers carries the API's security headers (<see cref="SecurityHeaders.Api"/>).</summary>
    public static async Task<IResult> RunAsync(HttpContext context, Func<Task<IResult>> handler) => SecurityHeaders.Api(await RunHandlerAsync(context, handler));

    static async Task<IResult> RunHandlerAsync(HttpContext context, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (SessionNotFoundException)
        {
            return Problems.SessionNotFound();
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
        {
            Logger(context).StorageUnavailable(e);
            return Problems.Create(503, "storage-unavailable", "Storage is unavailable",
                "DataStoryBot could not reach its storage just now. Nothing was lost; try again in a moment.", retryAfter: TimeSpan.FromSeconds(5));
        }
        catch (Exception e)
        {
            Logger(context).UnhandledError(e);
            return Problems.Create(500, "internal-error", "Something went wrong on our side",
                $"The request failed unexpectedly (trace id {context.TraceIdentifier}). Try again; if it keeps failing, report the trace id.");
        }
    }

    static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DataStoryBot.Http");

    [LoggerMessage(EventId = 1901, EventName = "http.storage_unavailable", Level = LogLevel.Error, Message = "http.storage_unavailable")]
    static partial void StorageUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1902, EventName = "http.unhandled", Level = LogLevel.Error, Message = "http.unhandled")]
    static partial void UnhandledError(this ILogger logger, Exception exception);
}
