using System.Globalization;
using NCrontab;

namespace DataStoryBot.Core.Health;

/// <summary>
/// A timer schedule as the Functions timer trigger reads it: a six-field NCRONTAB expression (with seconds, e.g.
/// <c>0 */5 * * * *</c>, parsed by NCrontab, the Functions host's own parser) or a TimeSpan (<c>00:05:00</c>).
/// Times are UTC. The local host uses it to run the same timers; the health endpoint uses it to tell a stale result.
/// </summary>
public sealed class Schedule
{
    readonly CrontabSchedule? cron;
    readonly TimeSpan? interval;

    Schedule(string expression, CrontabSchedule? cron, TimeSpan? interval)
    {
        Expression = expression;
        this.cron = cron;
        this.interval = interval;
    }

    public string Expression { get; }

    /// <summary>Parses a schedule; throws <see cref="FormatException"/> with the reason when it is neither form.</summary>
    public static Schedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6)
        {
            var parsed = CrontabSchedule.TryParse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
            return parsed is null
                ? throw new FormatException($"'{expression}' is not a valid six-field NCRONTAB expression (second minute hour day month day-of-week).")
                : new Schedule(text, parsed, null);
        }

        if (fields.Length == 1 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return new Schedule(text, null, span);
        }

        throw new FormatException(
            $"'{expression}' is not a timer schedule: use six NCRONTAB fields with seconds (e.g. '0 */5 * * * *') or a positive TimeSpan (e.g. '00:05:00').");
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        if (interval is { } every)
        {
            // A TimeSpan schedule runs every interval; anchor it to whole multiples since the epoch, like a clock.
            var ticks = after.UtcTicks;
            var next = (ticks / every.Ticks + 1) * every.Ticks;
            return new DateTimeOffset(next, TimeSpan.Zero);
        }

        var utc = DateTime.SpecifyKind(after.UtcDateTime, DateTimeKind.Unspecified);
        return new DateTimeOffset(DateTime.SpecifyKind(cron!.GetNextOccurrence(utc), DateTimeKind.Unspecified), TimeSpan.Zero);
    }

    /// <summary>The schedule's period around <paramref name="at"/>: the gap between the two occurrences that follow it.</summary>
    public TimeSpan PeriodAfter(DateTimeOffset at)
    {
        var first = Next(at);
        return Next(first) - first;
    }
}
