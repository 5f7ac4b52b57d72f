using DataStoryBot.Core.Hosting;
using DataStoryBot.Core.Workflows;
using Microsoft.Extensions.Hosting;
using Moq;

namespace DataStoryBot.Tests.Hosting;

public sealed class WorkflowActivityTests
{
    sealed class Probe(HostStopping stopping) : WorkflowActivity<string, string>(stopping)
    {
        public CancellationToken Received { get; private set; }

        public override Task<string> ExecuteAsync(string input, CancellationToken cancellationToken)
        {
            Received = cancellationToken;
            return Task.FromResult(input);
        }
    }

    [Fact]
    public async Task RunAsync_OnTheDurableWorker_PassesTheHostsStoppingToken()
    {
        using var stopping = new CancellationTokenSource();
        var lifetime = new Mock<IHostApplicationLifetime>();
        lifetime.SetupGet(l => l.ApplicationStopping).Returns(stopping.Token);
        var activity = new Probe(new HostStopping(lifetime.Object));

        Assert.Equal("in", await activity.RunAsync(null!, "in"));
        Assert.True(activity.Received.CanBeCanceled, "the activity got CancellationToken.None");

        stopping.Cancel();
        Assert.True(activity.Received.IsCancellationRequested);
    }
}
