using System.Diagnostics;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using OpenAI.Responses;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The model call: a Responses request with the Code Interpreter tool on the session's container, and the assistant's
/// text read back. <c>status: failed</c> is a provider failure (counted by the breaker); incomplete is an unusable answer.
/// </summary>
internal sealed class OpenAIModelCall(ResponsesClient client, ProviderCall call, OpenAIEngineOptions options, ILogger logger)
{
    public CreateResponseOptions NewOptions(string containerId, string instructions, string input)
    {
        var request = new CreateResponseOptions(options.Model, [ResponseItem.CreateUserMessageItem(input)])
        {
            Instructions = instructions,
            MaxOutputTokenCount = options.MaxOutputTokens,
        };
        request.Tools.Add(ResponseTool.CreateCodeInterpreterTool(new CodeInterpreterToolContainer(containerId)));
        request.IncludedProperties.Add(IncludedResponseProperty.CodeInterpreterCallOutputs);
        return request;
    }

    public Task<ResponseResult> RunAsync(string phase, string sessionId, string containerId, CreateResponseOptions request, CancellationToken ct) =>
        call.RunAsync("responses." + phase, containerId, async t =>
        {
            var started = Stopwatch.GetTimestamp();
            var response = (await client.CreateResponseAsync(request, t).ConfigureAwait(false)).Value;
            var status = response.Status?.ToString() ?? "unknown";
            OpenAIEngineLog.ModelCall(logger, phase, sessionId, response.Id, containerId, response.Model, status,
                response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, ProviderCall.ElapsedMs(started));
            return response.Status switch
            {
                ResponseStatus.Completed => response,
                ResponseStatus.Failed => throw new EngineException(EngineFailureKind.Transient,
                    $"The model run {response.Id} failed ({response.Error?.Code.ToString() ?? "no code"}: {response.Error?.Message ?? "no message"})."),
                ResponseStatus.Cancelled => throw new EngineException(EngineFailureKind.Transient, $"The model run {response.Id} was cancelled by the provider."),
                ResponseStatus.Incomplete => throw new EngineException(EngineFailureKind.InvalidResult,
                    $"The model's {phase} answer was cut off ({response.IncompleteStatusDetails?.Reason?.ToString() ?? "no reason given"}), so it cannot be used; a larger OpenAI:MaxOutputTokens may help."),
                _ => throw new EngineException(EngineFailureKind.InvalidResult, $"The model run {response.Id} ended with status '{status}'."),
            };
        }, ct);

    /// <summary>The text of the assistant's last message (discovery's JSON answer), or null when there is none.</summary>
    public static string? LastMessageText(ResponseResult response)
    {
        var message = response.OutputItems.OfType<MessageResponseItem>().LastOrDefault(m => m.Role == MessageRole.Assistant);
        return message is null ? null : string.Concat(message.Content.Where(p => p.Kind == ResponseContentPartKind.OutputText).Select(p => p.Text));
    }

    /// <summary>All the assistant's message text (refine's narrative may span several messages).</summary>
    public static string AllMessageText(ResponseResult response) =>
        string.Join("\n\n", response.OutputItems.OfType<MessageResponseItem>()
            .Where(m => m.Role == MessageRole.Assistant)
            .Select(m => string.Concat(m.Content.Where(p => p.Kind == ResponseContentPartKind.OutputText).Select(p => p.Text)))
            .Where(s => !string.IsNullOrWhiteSpace(s)));
}
