namespace DataStoryBot.Tests.Infrastructure;

/// <summary>
/// The one way a test waits for something another thread or process does: poll a condition every 100 ms until it holds,
/// and fail with what was awaited (and the last thing seen) after <see cref="Timeout"/>. One timeout for every wait: it
/// is only how long a broken test takes to fail, never a claim about speed (that is what the benchmarks are for).
/// </summary>
public static class Wait
{
    /// <summary>How long any wait may take before the test fails: generous, for a loaded two-core machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> was awaited.</summary>
    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what) =>
        await ForAsync(async () => (await condition(), true), what);

    /// <summary>Probes until it reports done, and returns the value it saw then; the last value seen is in the failure.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<(bool Done, T Value)>> probe, string what)
    {
        var (done, value) = await TryForAsync(probe, Timeout);
        return done ? value : throw new TimeoutException($"Waited {Timeout.TotalSeconds:0} s for {what}; last seen: {value}");
    }

    /// <summary>Waits at most <paramref name="within"/> for something that may rightly not happen; true when it did.</summary>
    public static async Task<bool> TryUntilAsync(Func<bool> condition, TimeSpan within) =>
        (await TryForAsync(() => Task.FromResult((condition(), true)), within)).Done;

    static async Task<(bool Done, T Value)> TryForAsync<T>(Func<Task<(bool Done, T Value)>> probe, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var seen = await probe();
            if (seen.Done || DateTime.UtcNow > deadline)
            {
                return seen;
            }

            await Task.Delay(Interval);
        }
    }
}
