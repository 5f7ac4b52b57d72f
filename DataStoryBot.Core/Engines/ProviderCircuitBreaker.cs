using System.ClientModel;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace DataStoryBot.Core.Engines;

/// <summary>State of the model provider's circuit breaker, as reported to HTTP handlers and the health endpoint.</summary>
public enum BreakerState
{
    /// <summary>Calls flow normally.</summary>
    Closed,
    /// <summary>The provider failed repeatedly: calls are rejected at once until <see cref="IProviderCircuitBreaker.RetryAfter"/> passes.</summary>
    Open,
    /// <summary>The break is over: the next call is a probe; success closes the breaker, failure opens it again.</summary>
    HalfOpen,
}

/// <summary>
/// Guards every call to the model provider. When the provider keeps failing, new calls fail fast with
/// <see cref="EngineException"/> of kind <see cref="EngineFailureKind.Unavailable"/> instead of hanging.
/// </summary>
public interface IProviderCircuitBreaker
{
    BreakerState State { get; }

    /// <summary>Time until the breaker half-opens (for a <c>Retry-After</c> header); zero unless <see cref="State"/> is Open.</summary>
    TimeSpan RetryAfter { get; }

    /// <summary>Runs a provider call through the breaker. Throws EngineException(Unavailable) when the breaker is open.</summary>
    Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct);

    /// <summary>Records a provider failure observed outside <see cref="ExecuteAsync{T}"/>; it counts like a failed call.</summary>
    void RecordFailure(Exception? e = null);

    /// <summary>
    /// Opens the breaker at once for the break duration: for an end-to-end failure that already went through the
    /// engine's own retries (the synthetic health check), so new requests fail fast while the provider is down even
    /// when too few real calls were made to open it. Closes by itself after the break.
    /// </summary>
    void Trip(Exception reason);
}

/// <summary>
/// <see cref="IProviderCircuitBreaker"/> over a Polly circuit-breaker pipeline.
/// It opens when, within <see cref="OpenAIEngineOptions.BreakerSamplingDuration"/>, at least
/// <see cref="OpenAIEngineOptions.BreakerFailureThreshold"/> calls were made and at least half of them failed: so that many
/// failures in a row always open it (and so do e.g. 3 failures among 5 calls). Only provider failures count:
/// EngineException of kind Transient or Timeout, ClientResultException 429/5xx and network errors; never container expiry,
/// invalid answers or the caller's own cancellation.
/// </summary>
public sealed partial class ProviderCircuitBreaker : IProviderCircuitBreaker
{
    /// <summary>The message users see while the breaker is open.</summary>
    public const string DegradedMessage = "The analysis service is degraded; try again in a few minutes.";

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _stateProvider = new();
    private readonly CircuitBreakerManualControl _manual = new();
    private readonly TimeSpan _breakDuration;
    private int _tripped;
    private readonly TimeProvider _time;
    private readonly ILogger<ProviderCircuitBreaker> _logger;
    private long _openUntilUtcTicks;

    public ProviderCircuitBreaker(IOptions<OpenAIEngineOptions> options, TimeProvider time, ILogger<ProviderCircuitBreaker> logger)
    {
        _time = time;
        _logger = logger;
        var o = options.Value;
        _breakDuration = o.BreakerBreakDuration;
        var breaker = new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = Math.Max(2, o.BreakerFailureThreshold),
            SamplingDuration = o.BreakerSamplingDuration,
            BreakDuration = o.BreakerBreakDuration,
            StateProvider = _stateProvider,
            ManualControl = _manual,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsProviderFailure(e)),
            OnOpened = args =>
            {
                if (args.IsManual)
                {
                    return ValueTask.CompletedTask; // Trip: it sets its own end and logs
                }

                Interlocked.Exchange(ref _openUntilUtcTicks, (_time.GetUtcNow() + args.BreakDuration).UtcTicks);
                LogOpened(_logger, (long)args.BreakDuration.TotalSeconds, args.Outcome.Exception?.Message);
                DataStoryBotMetrics.BreakerStateChanged("open");
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                LogHalfOpened(_logger);
                DataStoryBotMetrics.BreakerStateChanged("half_open");
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                Interlocked.Exchange(ref _openUntilUtcTicks, 0);
                LogClosed(_logger);
                DataStoryBotMetrics.BreakerStateChanged("closed");
                return ValueTask.CompletedTask;
            },
        };
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time, Name = "openai-provider" }
            .AddCircuitBreaker(breaker)
            .Build();
    }

    public BreakerState State => CurrentState();

    private BreakerState CurrentState()
    {
        EndTripIfElapsed();
        return _stateProvider.CircuitState switch
        {
            CircuitState.Closed => BreakerState.Closed,
            CircuitState.HalfOpen => BreakerState.HalfOpen,
            // Polly moves Open -> HalfOpen lazily, on the next call after the break; report the break's end as it happens.
            CircuitState.Open when RemainingBreak() <= TimeSpan.Zero => BreakerState.HalfOpen,
            _ => BreakerState.Open, // Open, and Isolated by Trip
        };
    }

    public TimeSpan RetryAfter => State == BreakerState.Open ? RemainingBreak() : TimeSpan.Zero;

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        EndTripIfElapsed();
        try
        {
            return await _pipeline.ExecuteAsync(static async (c, token) => await c(token).ConfigureAwait(false), call, ct)
                .ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            LogRejected(_logger);
            throw new EngineException(EngineFailureKind.Unavailable, DegradedMessage, e);
        }
    }

    public void RecordFailure(Exception? e = null)
    {
        var failure = e ?? new EngineException(EngineFailureKind.Transient, "A provider failure was reported.");
        if (!IsProviderFailure(failure))
        {
            return;
        }

        // Feed the outcome through the pipeline so Polly's own health metrics count it; when the breaker is already
        // open the outcome is a BrokenCircuitException and nothing else happens.
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            _ = _pipeline.ExecuteOutcomeAsync(
                    static (_, f) => ValueTask.FromResult(Outcome.FromException<bool>(f)),
                    context,
                    failure)
                .AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Trip(Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!IsProviderFailure(reason))
        {
            return;
        }

        Interlocked.Exchange(ref _openUntilUtcTicks, (_time.GetUtcNow() + _breakDuration).UtcTicks);
        _manual.IsolateAsync().GetAwaiter().GetResult();
        Volatile.Write(ref _tripped, 1);
        LogOpened(_logger, (long)_breakDuration.TotalSeconds, reason.Message);
    }

    /// <summary>Ends a <see cref="Trip"/> once its break has passed (checked lazily, so no timer is needed).</summary>
    private void EndTripIfElapsed()
    {
        if (Volatile.Read(ref _tripped) == 1 && RemainingBreak() <= TimeSpan.Zero && Interlocked.Exchange(ref _tripped, 0) == 1)
        {
            _manual.CloseAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>True for failures of the provider itself (what the breaker counts).</summary>
    public static bool IsProviderFailure(Exception e) => e switch
    {
        EngineException ee => ee.Kind is EngineFailureKind.Transient or EngineFailureKind.Timeout,
        ClientResultException cre => cre.Status is 429 or >= 500 or 0,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };

    private TimeSpan RemainingBreak()
    {
        var until = Interlocked.Read(ref _openUntilUtcTicks);
        if (until == 0)
        {
            return TimeSpan.Zero;
        }

        var left = new DateTimeOffset(until, TimeSpan.Zero) - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    [LoggerMessage(EventId = 5200, EventName = "breaker.opened", Level = LogLevel.Warning,
        Message = "Model provider circuit breaker opened for {BreakSeconds} s after repeated failures; last: {LastError}")]
    private static partial void LogOpened(ILogger logger, long breakSeconds, string? lastError);

    [LoggerMessage(EventId = 5201, EventName = "breaker.half_opened", Level = LogLevel.Information,
        Message = "Model provider circuit breaker half-open: the next call is a probe")]
    private static partial void LogHalfOpened(ILogger logger);

    [LoggerMessage(EventId = 5202, EventName = "breaker.closed", Level = LogLevel.Information,
        Message = "Model provider circuit breaker closed")]
    private static partial void LogClosed(ILogger logger);

    [LoggerMessage(EventId = 5203, EventName = "breaker.rejected", Level = LogLevel.Warning,
        Message = "Model provider call rejected: circuit breaker is open")]
    private static partial void LogRejected(ILogger logger);
}
