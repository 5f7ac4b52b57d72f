using Microsoft.Extensions.Hosting;

namespace DataStoryBot.Core.Workflows;

/// <summary>The host's stopping signal, for work the host starts without a cancellation token of its own.</summary>
public sealed class HostStopping(IHostApplicationLifetime lifetime)
{
    public CancellationToken Token => lifetime.ApplicationStopping;
}
