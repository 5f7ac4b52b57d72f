using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Jobs;

/// <summary>Says whether new analyses may start; when not, why and when to try again.</summary>
public interface IAnalysisAvailability
{
    JobRefusal? RejectNewWork();
}

/// <summary>
/// New analyses fail fast while the provider's circuit breaker is open: refused until it half-opens, and no orchestration
/// is started.
/// </summary>
public sealed class BreakerAvailability(IProviderCircuitBreaker breaker) : IAnalysisAvailability
{
    public JobRefusal? RejectNewWork()
    {
        if (breaker.State != BreakerState.Open)
        {
            return null;
        }

        var wait = breaker.RetryAfter > TimeSpan.Zero ? breaker.RetryAfter : TimeSpan.FromSeconds(30);
        return new JobRefusal(
            $"{ProviderCircuitBreaker.DegradedMessage} No analysis was started; your file and earlier results are safe. Retry after {Math.Ceiling(wait.TotalSeconds)} seconds.",
            wait);
    }
}
