using DataStoryBot.Core.Health;
using DataStoryBot.Core.Retention;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DataStoryBot.Functions.Functions;

/// <summary>
/// The operator's timers. Schedules come from app settings (<c>HealthCheck__Schedule</c>, default every 5 minutes;
/// <c>Retention__Schedule</c>, default hourly); the logic is in <see cref="SyntheticHealthCheck"/> and <see cref="SessionSweeper"/>.
/// The health check also runs when the host starts (<c>RunOnStartup</c>), so <c>/api/health</c> leaves <c>starting</c>
/// within one check's time instead of one schedule period.
/// </summary>
public sealed class TimerFunctions(SyntheticHealthCheck health, SessionSweeper sweeper)
{
    [Function(nameof(SyntheticHealthCheckTimer))]
    public Task SyntheticHealthCheckTimer(
        [TimerTrigger("%HealthCheck:Schedule%", RunOnStartup = true)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        health.RunAsync(client, cancellationToken);

    [Function(nameof(RetentionSweepTimer))]
    public Task RetentionSweepTimer(
        [TimerTrigger("%Retention:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        sweeper.SweepAsync(client, cancellationToken);
}
