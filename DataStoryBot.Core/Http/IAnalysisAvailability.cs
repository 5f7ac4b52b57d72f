using DataStoryBot.Core.Engines;
using Microsoft.AspNetCore.Http;

namespace DataStoryBot.Core.Http;

/// <summary>Says whether new analyses may start; when the provider's circuit breaker is open it returns the 503 to send.</summary>
public interface IAnalysisAvailability
{
    IResult? RejectNewWork();
}

/// <summary>
/// New analyses fail fast while the provider's circuit breaker is open: 503, <c>Retry-After</c> until it half-opens,
/// and no orchestration is started.
/// </summary>
public sealed class BreakerAvailability(IProviderCircuitBreaker breaker) : IAnalysisAvailability
{
    public IResult? RejectNewWork()
    {
        if (breaker.State != BreakerState.Open)
        {
            return null;
        }

        var wait = breaker.RetryAfter > TimeSpan.Zero ? breaker.RetryAfter : TimeSpan.FromSeconds(30);
        return Problems.Create(503, "service-degraded", "The analysis service is degraded",
            $"{ProviderCircuitBreaker.DegradedMessage} No analysis was started; your file and earlier results are safe. Retry after {Math.Ceiling(wait.TotalSeconds)} seconds.",
            retryAfter: wait);
    }
}
