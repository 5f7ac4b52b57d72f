using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>
/// A host's provider circuit breaker on a clock of the test's own: the rest of the host keeps real time, and a test
/// ends the break by advancing the clock instead of sleeping through it.
/// </summary>
public static class BreakerClock
{
    public static FakeTimeProvider New() => new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public static IServiceCollection UseBreakerClock(this IServiceCollection services, TimeProvider clock)
    {
        services.RemoveAll<IProviderCircuitBreaker>();
        services.AddSingleton<IProviderCircuitBreaker>(sp => new ProviderCircuitBreaker(
            sp.GetRequiredService<IOptions<OpenAIEngineOptions>>(), clock, sp.GetRequiredService<ILogger<ProviderCircuitBreaker>>()));
        return services;
    }
}
