using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Retention;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Local;

/// <summary>The local host's stand-ins for the Functions app's timer triggers, section <c>LocalHost:Background</c>.</summary>
public sealed class LocalBackgroundOptions
{
    public const string SectionName = "LocalHost:Background";

    /// <summary>Run the synthetic health check at start and then on <c>HealthCheck:Schedule</c>. Tests turn it off.</summary>
    public bool HealthCheck { get; set; } = true;

    /// <summary>Run the retention sweep on <c>Retention:Schedule</c>. Tests turn it off.</summary>
    public bool RetentionSweep { get; set; } = true;
}

public static class BackgroundWork
{
    /// <summary>Hosted services running the same health check and retention sweep as the Functions app's timers, on the same schedules.</summary>
    public static IServiceCollection AddLocalBackgroundWork(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(LocalBackgroundOptions.SectionName).Get<LocalBackgroundOptions>() ?? new LocalBackgroundOptions();
        if (options.HealthCheck)
        {
            services.AddHostedService<HealthCheckWork>();
        }

        if (options.RetentionSweep)
        {
            services.AddHostedService<RetentionSweepWork>();
        }

        return services;
    }
}

/// <summary>
/// Runs <see cref="RunOnceAsync"/> at every occurrence of a timer schedule (six-field NCRONTAB or TimeSpan, as the
/// Functions timer trigger), and once at start when <paramref name="runAtStart"/> (as the trigger's <c>RunOnStartup</c>).
/// A failed run is logged and the next occurrence runs as usual.
/// </summary>
public abstract partial class ScheduledWork(string name, string scheduleExpression, TimeProvider time, ILogger logger, bool runAtStart = false) : BackgroundService
{
    readonly Schedule schedule = Schedule.Parse(scheduleExpression);

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogScheduled(logger, name, schedule.Expression);
        var first = runAtStart;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var wait = first ? TimeSpan.Zero : schedule.Next(now) - now;
            first = false;
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRunFailed(logger, name, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 1601, EventName = "timer.scheduled", Level = LogLevel.Information, Message = "timer.scheduled: {Timer} on '{Schedule}'")]
    static partial void LogScheduled(ILogger logger, string timer, string schedule);

    [LoggerMessage(EventId = 1602, EventName = "timer.failed", Level = LogLevel.Error, Message = "timer.failed: {Timer}: {Error}")]
    static partial void LogRunFailed(ILogger logger, string timer, string error);
}

sealed class HealthCheckWork(SyntheticHealthCheck check, DurableTaskClient client, IOptions<HealthCheckOptions> options, TimeProvider time, ILogger<HealthCheckWork> logger)
    : ScheduledWork("health-check", options.Value.Schedule, time, logger, runAtStart: true)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => check.RunAsync(client, cancellationToken);
}

sealed class RetentionSweepWork(SessionSweeper sweeper, DurableTaskClient client, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweepWork> logger)
    : ScheduledWork("retention-sweep", options.Value.Schedule, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(client, cancellationToken);
}
