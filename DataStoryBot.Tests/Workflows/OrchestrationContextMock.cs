using DataStoryBot.Core.Workflows;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace DataStoryBot.Tests.Workflows;

/// <summary>A mocked <see cref="TaskOrchestrationContext"/> that scripts activity results and records every call.</summary>
public sealed class OrchestrationContextMock
{
    public Mock<TaskOrchestrationContext> Mock { get; } = new(MockBehavior.Loose) { CallBase = true };
    public List<(string Name, object? Input, TaskOptions? Options)> Calls { get; } = [];
    public List<JobProgress> Statuses { get; } = [];
    public TaskCompletionSource DeadlineTimer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public List<DateTime> TimersRequested { get; } = [];

    readonly Dictionary<string, Queue<Func<object?, object>>> scripts = [];
    DateTime now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    public OrchestrationContextMock()
    {
        Mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        Mock.SetupGet(c => c.IsReplaying).Returns(false);
        Mock.SetupGet(c => c.InstanceId).Returns("test-instance");
        Mock.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        Mock.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => Statuses.Add((JobProgress)s!));
        Mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns<DateTime, CancellationToken>((at, _) =>
            {
                TimersRequested.Add(at);
                return DeadlineTimer.Task;
            });
        Setup<ContainerInfo>();
        Setup<DiscoverOutput>();
        Setup<RefineOutput>();
        Setup<SaveArtifactsOutput>();
        Setup<FinishJobOutput>();
    }

    public DateTime Now => now;

    /// <summary>Moves the orchestration clock on (as time passing between activity results would).</summary>
    public void Advance(TimeSpan by) => now += by;

    /// <summary>Queues the next answer of an activity: a value, or a function of the input that returns one (or throws).</summary>
    public OrchestrationContextMock On<T>(string activity, Func<object?, T> answer) where T : class
    {
        if (!scripts.TryGetValue(activity, out var queue))
        {
            scripts[activity] = queue = new Queue<Func<object?, object>>();
        }

        queue.Enqueue(input => answer(input));
        return this;
    }

    public OrchestrationContextMock On<T>(string activity, T value) where T : class => On<T>(activity, _ => value);

    /// <summary>An activity whose task never completes (to let the deadline win).</summary>
    public OrchestrationContextMock Hang(string activity) => On<object>(activity, _ => Hanging.Instance);

    public IEnumerable<(string Name, object? Input, TaskOptions? Options)> CallsTo(string activity) => Calls.Where(c => c.Name == activity);

    void Setup<T>()
    {
        Mock.Setup(c => c.CallActivityAsync<T>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, options) =>
            {
                Calls.Add((name.Name, input, options));
                if (!scripts.TryGetValue(name.Name, out var queue) || queue.Count == 0)
                {
                    throw new InvalidOperationException($"No scripted answer left for {name.Name}.");
                }

                try
                {
                    var answer = queue.Dequeue()(input);
                    return answer is Hanging ? new TaskCompletionSource<T>().Task : Task.FromResult((T)answer);
                }
                catch (TaskFailedException e)
                {
                    return Task.FromException<T>(e);
                }
            });
    }

    public static TaskFailedException Failure(string activity, Exception cause) =>
        new(activity, 1, cause);

    sealed class Hanging
    {
        public static readonly Hanging Instance = new();
    }
}
