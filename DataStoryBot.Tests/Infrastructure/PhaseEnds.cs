using System.Collections.Concurrent;
using System.Diagnostics;
using DataStoryBot.Core.Observability;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>
/// Tells a test when a workflow phase attempt of a session has ended — its <c>phase …</c> span stops after the activity's
/// last session write — with the outcome it recorded, so a test waits for the activity rather than for a guessed time.
/// </summary>
public sealed class PhaseEnds : IDisposable
{
    readonly ActivityListener listener;
    readonly ConcurrentDictionary<(string Phase, string SessionId), TaskCompletionSource<string>> ends = new();

    public PhaseEnds()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DataStoryBotMetrics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("datastorybot.phase") is string phase && activity.GetTagItem("datastorybot.session_id") is string sessionId)
                {
                    End(phase, sessionId).TrySetResult(activity.GetTagItem("datastorybot.outcome") as string ?? "");
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The outcome (<c>completed</c>, <c>error</c>, <c>container_expired</c>…) of the first attempt of <paramref name="phase"/> to end for the session.</summary>
    public Task<string> FirstAsync(string phase, string sessionId) => End(phase, sessionId).Task;

    TaskCompletionSource<string> End(string phase, string sessionId) =>
        ends.GetOrAdd((phase, sessionId), _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Dispose() => listener.Dispose();
}
