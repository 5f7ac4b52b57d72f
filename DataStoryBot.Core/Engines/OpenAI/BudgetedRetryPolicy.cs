using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The SDK's <see cref="ClientRetryPolicy"/> (which retries 408, 429, 5xx and network errors), with two changes:
/// the wait before a retry is the longer of an exponential back-off and the server's <c>Retry-After</c>
/// (or <c>retry-after-ms</c>), and no retry starts whose wait would run past the call's time budget — so retries
/// always stay inside the 120 s model-call limit and the caller gets the provider's error instead of a timeout.
/// </summary>
internal sealed class BudgetedRetryPolicy : ClientRetryPolicy
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _budget;

    public BudgetedRetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan budget)
        : base(maxRetries)
    {
        _baseDelay = baseDelay;
        _budget = budget;
    }

    protected override void OnSendingRequest(PipelineMessage message)
    {
        if (!message.TryGetProperty(typeof(RetryState), out var value) || value is not RetryState state)
        {
            state = new RetryState(Stopwatch.GetTimestamp());
            message.SetProperty(typeof(RetryState), state);
        }

        state.Attempts++;
        base.OnSendingRequest(message);
    }

    protected override ValueTask OnSendingRequestAsync(PipelineMessage message)
    {
        OnSendingRequest(message);
        return ValueTask.CompletedTask;
    }

    protected override bool ShouldRetry(PipelineMessage message, Exception? exception)
        => base.ShouldRetry(message, exception) && FitsBudget(message);

    protected override async ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception)
        => await base.ShouldRetryAsync(message, exception).ConfigureAwait(false) && FitsBudget(message);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount) => NextDelay(message);

    private bool FitsBudget(PipelineMessage message)
    {
        if (message.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var elapsed = message.TryGetProperty(typeof(RetryState), out var value) && value is RetryState state
            ? Stopwatch.GetElapsedTime(state.StartedAt)
            : TimeSpan.Zero;
        return elapsed + NextDelay(message) < _budget;
    }

    private TimeSpan NextDelay(PipelineMessage message)
    {
        var attempts = message.TryGetProperty(typeof(RetryState), out var value) && value is RetryState state ? state.Attempts : 1;
        var backoff = TimeSpan.FromTicks(_baseDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 16)));
        var serverAsked = message.Response is { } response ? RetryAfter(response.Headers) : null;
        return serverAsked is { } s && s > backoff ? s : backoff;
    }

    /// <summary>The wait a response asks for: <c>retry-after-ms</c>, or <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(PipelineResponseHeaders headers, DateTimeOffset? now = null)
    {
        if (headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (!headers.TryGetValue("Retry-After", out var header) || string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(header, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - (now ?? DateTimeOffset.UtcNow);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private sealed class RetryState(long startedAt)
    {
        public long StartedAt { get; } = startedAt;
        public int Attempts { get; set; }
    }
}
