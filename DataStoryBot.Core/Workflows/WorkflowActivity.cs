using Microsoft.DurableTask;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// An activity of the workflows. Both hosts run <see cref="ExecuteAsync"/> with a token that is cancelled when the host
/// stops: the Functions wrappers pass their invocation's token; the local host's Durable Task worker, whose SDK gives
/// activities no token, runs <see cref="RunAsync"/>, which passes the host's stopping token.
/// </summary>
public abstract class WorkflowActivity<TInput, TOutput>(HostStopping stopping) : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => ExecuteAsync(input, stopping.Token);

    public abstract Task<TOutput> ExecuteAsync(TInput input, CancellationToken cancellationToken);
}
