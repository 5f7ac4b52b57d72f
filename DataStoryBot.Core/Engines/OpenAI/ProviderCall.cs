using System.ClientModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// One provider call with the model-call time limit, its provider errors turned into the engine's typed failures:
/// expiry, Transient (429/5xx after the pipeline's retries, network), Timeout, InvalidResult. Failures are logged once here.
/// </summary>
internal sealed class ProviderCall(TimeSpan timeout, ILogger logger)
{
    public TimeSpan Timeout => timeout;

    public async Task<T> RunAsync<T>(string operation, string? containerId, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                return await call(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new EngineException(EngineFailureKind.Timeout,
                    $"The model provider did not complete {operation} within {timeout.TotalSeconds:0.#} s.", e);
            }
            catch (ClientResultException e)
            {
                throw Map(e, operation, containerId);
            }
            catch (HttpRequestException e)
            {
                throw new EngineException(EngineFailureKind.Transient, $"The model provider could not be reached ({operation}): {e.Message}", e);
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentOutOfRangeException or KeyNotFoundException)
            {
                throw new EngineException(EngineFailureKind.InvalidResult, $"The model provider's answer to {operation} could not be read: {e.Message}", e);
            }
        }
        catch (EngineException e)
        {
            OpenAIEngineLog.CallFailed(logger, operation, containerId, ElapsedMs(started), $"{e.Kind}: {e.Message}");
            throw;
        }
    }

    public static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private Exception Map(ClientResultException e, string operation, string? containerId)
    {
        var error = ProviderError.From(e);
        var containerOperation = operation.StartsWith("containers.", StringComparison.Ordinal) && operation != "containers.create";
        if (containerId is not null && (error.MeansContainerExpired(containerOperation) || (containerOperation && error.MeansFileNotFound)))
        {
            // A missing file is reported as expiry too (the caller checks the container before believing it); logged only when it is not.
            if (!error.MeansFileNotFound)
            {
                OpenAIEngineLog.ContainerExpired(logger, containerId, operation, error.Describe());
            }

            return new ContainerExpiredException(containerId, $"Container {containerId} has expired or no longer exists ({error.Describe()}).", e);
        }

        var message = error.Status switch
        {
            0 => $"The model provider could not be reached ({operation}): {error.Message}",
            429 => $"The model provider is rate-limiting requests and still refused {operation} after retries ({error.Describe()}).",
            >= 500 => $"The model provider failed {operation} after retries ({error.Describe()}).",
            401 or 403 => $"The model provider rejected the credentials ({error.Describe()}); check OpenAI:ApiKey or OpenAI:UseEntraId.",
            _ => $"The model provider rejected {operation} ({error.Describe()}).",
        };
        return new EngineException(EngineFailureKind.Transient, message, e);
    }
}
