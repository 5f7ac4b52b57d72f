using System.Text.RegularExpressions;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>How a derived duration was computed: from which two timestamps, in which unit, and what was left out.</summary>
/// <param name="Open">Rows with a start and no end yet: open items, left out (never counted as zero).</param>
/// <param name="Negative">Rows whose end lies before their start: a data-quality problem, left out.</param>
/// <param name="Absurd">Rows whose span exceeds <see cref="Durations.MaxYears"/> years: left out as implausible.</param>
public sealed record DurationOf(string Start, string End, string Unit, double DaysPerUnit, int Measured, int Open, int Negative, int Absurd);

/// <summary>
/// Pairs of timestamps in one row (opened/closed, submitted/processed, start/due) become a measure: the time between
/// them, in the unit that reads best (minutes, hours or days), named for what it measures ("hours to resolve"). Every
/// story a measure gets (by group, over time, outliers) then applies to it. Open items, negative and absurd spans are
/// counted and left out, never counted as zero.
/// </summary>
public static partial class Durations
{
    /// <summary>At most this many durations per table (the best-named pairs first).</summary>
    public const int MaxDurations = 3;

    /// <summary>Rows that need both timestamps for a pair to be a duration.</summary>
    public const int MinMeasured = 30;

    /// <summary>Spans longer than this are implausible for a row's own process and are left out.</summary>
    public const double MaxYears = 20;

    /// <summary>Among rows with both timestamps, at least this share must not end before they start.</summary>
    public const double MinOrdered = 0.9;

    /// <summary>The table with a derived duration measure for each pair of timestamps that reads as a start and an end.</summary>
    public static AnalysisTable Add(AnalysisTable table)
    {
        var dates = table.Dates.Where(d => d.Length - d.MissingCount >= MinMeasured).ToList();
        if (dates.Count < 2) return table;
        var candidates = new List<(int Score, DateColumn Start, DateColumn End)>();
        for (var a = 0; a < dates.Count; a++)
        {
            for (var b = 0; b < dates.Count; b++)
            {
                if (a == b) continue;
                var start = dates[a];
                var end = dates[b];
                // Both named for what they are (opened, closed): a start and an end of the row's own process; a planned
                // window (planned start to planned end, a due date) is a plan, not how long the work took.
                if (!TimestampNames.IsStartEndPair(start.Name, end.Name)) continue;
                var score = start.Index < end.Index ? 1 : 0;
                candidates.Add((score, start, end));
            }
        }
        var added = new List<DataColumn>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, start, end) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Start.Index).ThenBy(c => c.End.Index))
        {
            if (added.Count >= MaxDurations) break;
            if (used.Contains(start.Name + "\n" + end.Name) || used.Contains(end.Name + "\n" + start.Name)) continue;
            if (Derive(table, start, end) is not { } column) continue;
            if (table.Find(column.Name) is not null || added.Any(c => c.Name == column.Name)) continue;
            used.Add(start.Name + "\n" + end.Name);
            added.Add(column);
        }
        if (added.Count == 0) return table;
        return table.With([.. table.Columns, .. added]);
    }

    /// <summary>The duration from <paramref name="start"/> to <paramref name="end"/>, or null when the pair is not one.</summary>
    public static NumericColumn? Derive(AnalysisTable table, DateColumn start, DateColumn end)
    {
        var n = table.RowCount;
        var days = new double[n];
        int measured = 0, open = 0, negative = 0, absurd = 0, zero = 0;
        for (var r = 0; r < n; r++)
        {
            days[r] = double.NaN;
            var s = start.Days[r];
            var e = end.Days[r];
            if (double.IsNaN(s)) continue;
            if (double.IsNaN(e)) { open++; continue; }
            var span = e - s;
            if (span < 0) { negative++; continue; }
            if (span > MaxYears * 365.25) { absurd++; continue; }
            if (span == 0) zero++;
            days[r] = span;
            measured++;
        }
        var both = measured + negative + absurd;
        if (measured < MinMeasured || measured < MinOrdered * both) return null;
        // Two stamps that are nearly always equal (a record's created and first-updated time) measure nothing.
        if (zero >= 0.8 * measured) return null;
        var sorted = days.Where(double.IsFinite).Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var (unit, perUnit) = !start.HasTime && !end.HasTime ? ("days", 1.0)
            : median < 2.0 / 24 ? ("minutes", 1.0 / 1440)
            : median < 2 ? ("hours", 1.0 / 24)
            : ("days", 1.0);
        var values = days.Select(d => double.IsFinite(d) ? d / perUnit : double.NaN).ToArray();
        var verb = TimestampNames.EndVerb(end.Name);
        var name = verb is null or "end" ? $"{unit} from {Words(start.Name)} to {Words(end.Name)}"
            : $"{unit} to {verb}";
        var info = new DurationOf(start.Name, end.Name, unit, perUnit, measured, open, negative, absurd);
        return new NumericColumn(name, end.Index, values, isInteger: false, timeKind: null, duration: info);
    }

    /// <summary>Whether a column name is one this class gives a derived duration ("hours to resolve").</summary>
    public static bool IsDurationName(string name) => DurationName().IsMatch(name);

    /// <summary>
    /// Whether a column measures how long or how late things are: a derived duration, or a measure or flag named for
    /// lateness (delay_minutes, late_15, paid_late, made_sla) — what "are flights getting more delayed?" asks about.
    /// </summary>
    public static bool IsTimeMeasure(string name) => IsDurationName(name) || Timeliness().IsMatch(name);

    [GeneratedRegex(@"(?i)(late|delay|overdue|on_?time|(^|_)sla($|_)|wait)")]
    private static partial Regex Timeliness();

    [GeneratedRegex("^(minutes|hours|days) (to|from) ")]
    private static partial Regex DurationName();

    /// <summary>Whether steering or a column name speaks of how long something takes.</summary>
    public static bool AsksAboutTime(string text) => TimeWords().IsMatch(text);

    private static string Words(string name) => Stories.Words.Human(name);

    [GeneratedRegex(@"\b(how long|durations?|time to|turnaround|lead times?|cycle times?|wait|waits|waiting|delay|delays|delayed|late|later|faster|slower|quicker|speed|(resolution|resolve|processing|process|response|approval|handling|close|closing|fix|delivery|shipping) times?|days to|hours to|take|takes|taking)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimeWords();
}
