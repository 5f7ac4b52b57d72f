using Microsoft.Extensions.Hosting;

namespace DataStoryBot.Core.Health;

/// <summary>
/// When this instance started serving: created by the host as it starts (it is a hosted service), so a health answer
/// judges "since the start" from the process start, not from its own first request.
/// </summary>
public sealed class InstanceStart(TimeProvider time) : IHostedService
{
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
