using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// How full the rows were against their capacity, before and after the middle of their time order.
/// </summary>
/// <param name="Time">The column that orders the rows (a clock time or a date).</param>
/// <param name="Count">What each row carried (people, passengers), a whole number.</param>
/// <param name="Capacity">What each row could carry (capacity, seats, places).</param>
/// <param name="Cut">The last time of the early half, as the file writes it (01:25).</param>
/// <param name="Early">Rows, carried and capacity up to the cut.</param>
/// <param name="Late">Rows, carried and capacity after it.</param>
/// <param name="Order">Each kept row's time, as a number (a fraction of a day or days), for the chart.</param>
/// <param name="Fill">Each kept row's count over its capacity, in the same order.</param>
public sealed record FillDetail(string Time, string Count, string Capacity, string Cut, (int Rows, double Carried, double Places) Early, (int Rows, double Carried, double Places) Late,
    CorrelationResult Spearman, IReadOnlyList<double> Order, IReadOnlyList<double> Fill);

/// <summary>
/// A count against its capacity over time (issue 22): where each row says what it carried and what it could carry
/// (people in a boat built for 65), the story is how full the rows were, not either column alone, and when in the
/// rows' order they ran empty or full: "Boats with launch up to 01:25 were 67% full, later ones 95%". The fill share
/// (carried / capacity) of every row is tested against the rows' time order (Spearman); the rows are split at the
/// median time and each half's totals told. Only for a capacity named as such and a whole-number count that mostly
/// stays within it; never the capacity's own shape, never a time that is not a time (a row number).
/// </summary>
public sealed class FillStory : StoryKind<FillDetail>
{
    public override string Name => "fill";

    public override double Weight => 0.8;

    public override IReadOnlyList<string> SteeringWords { get; } = ["capacity", "full", "empty", "occupancy", "utili", "load factor"];

    public override string? Caveat => "Fill is what each row carried over what it could carry; the table does not say why a row left places empty.";

    /// <summary>Words that name a capacity column (cap, capacity, seats, places, berths, beds, slots).</summary>
    private static readonly HashSet<string> CapacityWords = new(StringComparer.Ordinal) { "cap", "capacity", "seats", "places", "berths", "beds", "slots" };

    /// <summary>The fewest rows with a time, a count and a capacity for a fill story.</summary>
    public const int MinRows = 8;

    /// <summary>The highest median fill a count may show against a capacity to be what the capacity holds (a boat may be overfull).</summary>
    public const double MaxMedianFill = 1.5;

    /// <summary>The p-value under which the fill share's link with the time order is told.</summary>
    public const double MaxP = 0.05;

    /// <summary>The smallest gap between the two halves' fill for the story to be told.</summary>
    public const double MinGap = 0.15;

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var capacity in table.Numeric.Where(c => ColumnMeaning.NameWords(c.Name).Any(CapacityWords.Contains)))
        {
            var caps = capacity.Values;
            if (!caps.Where(double.IsFinite).Any() || caps.Any(v => double.IsFinite(v) && v <= 0)) continue;
            // What the rows carried: the whole-number count that fills the capacity most while mostly staying within it
            // (a total of passengers before any one part of them).
            var count = table.Numeric.Where(c => c != capacity && !c.IsTime && c.Values.Where(double.IsFinite).All(v => v >= 0 && v == Math.Floor(v)))
                .Select(c => (Column: c, Median: MedianFill(c.Values, caps)))
                .Where(x => x.Median is > 0 and <= MaxMedianFill)
                .OrderByDescending(x => x.Median).ThenBy(x => x.Column.Index).Select(x => x.Column).FirstOrDefault();
            if (count is null) continue;
            foreach (var (time, order, labels) in Orders(table))
            {
                if (Fill(table, time, order, labels, count, capacity) is { } insight) yield return insight;
            }
        }
    }

    private static double MedianFill(double[] count, double[] caps)
    {
        var fills = Enumerable.Range(0, count.Length).Where(r => double.IsFinite(count[r]) && double.IsFinite(caps[r]) && caps[r] > 0).Select(r => count[r] / caps[r]).ToArray();
        return fills.Length == 0 ? double.NaN : Descriptive.Median(fills);
    }

    /// <summary>The columns that put the rows in time order: clock times (kept as row labels) and dates; each row's time as a number and as the file writes it.</summary>
    private static IEnumerable<(string Name, double[] Order, string?[] Labels)> Orders(AnalysisTable table)
    {
        foreach (var text in table.Columns.OfType<TextColumn>())
        {
            var distinct = text.Values.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
            if (distinct.Length < 2 || !ColumnMeaning.IsClockTime(new CategoryColumn(text.Name, text.Index, [], distinct))) continue;
            yield return (text.Name, text.Values.Select(v => v is null ? double.NaN : TimeAxes.DayFraction(v)).ToArray(), text.Values);
        }
        foreach (var date in table.Columns.OfType<DateColumn>())
        {
            yield return (date.Name, date.Days, date.Days.Select(d => double.IsFinite(d) ? DateColumn.ToDateTime(d).ToString(date.HasTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null).ToArray());
        }
    }

    private static Insight? Fill(AnalysisTable table, string time, double[] order, string?[] labels, NumericColumn count, NumericColumn capacity)
    {
        var rows = Enumerable.Range(0, table.RowCount)
            .Where(r => double.IsFinite(order[r]) && labels[r] is not null && double.IsFinite(count.Values[r]) && double.IsFinite(capacity.Values[r]) && capacity.Values[r] > 0)
            .OrderBy(r => order[r]).ThenBy(r => r).ToArray();
        if (rows.Length < MinRows) return null;
        var t = rows.Select(r => order[r]).ToArray();
        var fill = rows.Select(r => count.Values[r] / capacity.Values[r]).ToArray();
        var spearman = StatTests.Spearman(t, fill);
        if (!(spearman.PValue < MaxP)) return null;
        // The early half ends at the median time; rows at that time stay with it.
        var median = Descriptive.Median(t);
        var early = rows.Where(r => order[r] <= median).ToArray();
        var late = rows.Where(r => order[r] > median).ToArray();
        if (early.Length < 3 || late.Length < 3) return null;
        (int, double, double) Side(int[] side) => (side.Length, side.Sum(r => count.Values[r]), side.Sum(r => capacity.Values[r]));
        var (e, l) = (Side(early), Side(late));
        var (ef, lf) = (e.Item2 / e.Item3, l.Item2 / l.Item3);
        if (Math.Abs(lf - ef) < MinGap || Math.Sign(lf - ef) != Math.Sign(spearman.R)) return null;
        var cut = labels[early[^1]]!;
        var (noun, tn, cn, kn) = (table.Noun, Words.Human(time), Words.Human(count.Name), Words.Human(capacity.Name));
        var title = ef < lf
            ? $"Up to {tn} {cut}, only {Fmt.Pct(ef)} of {kn} was filled ({Fmt.Int(e.Item2)} {cn} for {Fmt.Int(e.Item3)}), against {Fmt.Pct(lf)} later"
            : $"Up to {tn} {cut}, {Fmt.Pct(ef)} of {kn} was filled ({Fmt.Int(e.Item2)} {cn} for {Fmt.Int(e.Item3)}), against only {Fmt.Pct(lf)} later";
        var summary = $"Up to {tn} {cut}, {Fmt.Int(e.Item1)} {noun} carried {Fmt.Int(e.Item2)} {cn} for {Fmt.Int(e.Item3)} {kn}" +
            (e.Item3 > e.Item2 ? $", leaving {Fmt.Int(e.Item3 - e.Item2)} places empty" : "") +
            $"; the {Fmt.Int(l.Item1)} later {noun} carried {Fmt.Int(l.Item2)} for {Fmt.Int(l.Item3)} ({Fmt.Pct(lf)}). " +
            $"Each row's {cn} over its {kn} {(spearman.R > 0 ? "rises" : "falls")} with {tn} (Spearman ρ = {Fmt.Coef(spearman.R)}, {Fmt.P(spearman.PValue)}, n = {Fmt.Int(rows.Length)}).";
        var detail = new FillDetail(time, count.Name, capacity.Name, cut, e, l, spearman, t, fill);
        return new Insight(StoryKinds.Of<FillStory>(), [time, count.Name, capacity.Name], title, summary, ["scatter", "bar"], "Spearman rank correlation of each row's fill share with its time",
            spearman.R, spearman.PValue, lf - ef, rows.Length, Math.Clamp(Math.Abs(lf - ef) * 2, 0, 1), detail);
    }

    protected override void Write(StoryDraft draft, FillDetail d)
    {
        var (nb, charts, table) = (draft.Text, draft.Charts, draft.Table);
        string[] cols = [d.Time, d.Count, d.Capacity];
        var rows = AllRows(table);
        var (noun, tn, cn, kn) = (table.Noun, H(d.Time), H(d.Count), H(d.Capacity));
        var earlyRows = $"rows with {d.Time} up to {d.Cut}";
        var lateRows = $"rows with {d.Time} after {d.Cut}";
        var cut = Label(nb, d.Time, d.Cut);
        var ef = nb.Pct(d.Early.Carried / d.Early.Places, $"{d.Count} summed over {d.Capacity} summed, {d.Time} up to {d.Cut}", cols, earlyRows);
        var lf = nb.Pct(d.Late.Carried / d.Late.Places, $"{d.Count} summed over {d.Capacity} summed, {d.Time} after {d.Cut}", cols, lateRows);
        var empty = d.Early.Places > d.Early.Carried
            ? $", leaving {nb.Int(d.Early.Places - d.Early.Carried, $"{d.Capacity} less {d.Count}, summed, {d.Time} up to {d.Cut}", cols, earlyRows)} places empty"
            : "";
        nb.Lead($"Up to {tn} {cut}, {nb.Int(d.Early.Rows, "rows in the early half", cols, earlyRows)} {noun} carried {nb.Int(d.Early.Carried, $"{d.Count} summed, {d.Time} up to {d.Cut}", cols, earlyRows)} {cn} for {nb.Int(d.Early.Places, $"{d.Capacity} summed, {d.Time} up to {d.Cut}", cols, earlyRows)} {kn}: {ef} full{empty}.");
        nb.Paragraph($"The {nb.Int(d.Late.Rows, "rows in the late half", cols, lateRows)} later {noun} carried {nb.Int(d.Late.Carried, $"{d.Count} summed, {d.Time} after {d.Cut}", cols, lateRows)} for {nb.Int(d.Late.Places, $"{d.Capacity} summed, {d.Time} after {d.Cut}", cols, lateRows)}: {lf} full.");
        nb.Evidence($"Each row's {cn} over its {kn}, ranked against {tn}: Spearman ρ = {nb.Coef(d.Spearman.R, $"Spearman correlation of {d.Count}/{d.Capacity} with {d.Time}", cols, rows)} ({nb.P(d.Spearman.PValue, "Spearman p-value", cols, rows)}, {nb.Int(d.Order.Count, "rows with a time, a count and a capacity", cols, rows)} {noun}); the halves split at the median {tn}.");
        charts.Add(ChartFactory.Scatter($"{Cap(cn)} over {kn}, by {tn}", tn, $"{Cap(cn)} / {kn}", d.Order.ToArray(), d.Fill.ToArray(), null));
        charts.Add(ChartFactory.Bars($"Share of {kn} filled, up to {d.Cut} and later", tn, "Share filled", [$"up to {d.Cut}", $"after {d.Cut}"], [d.Early.Carried / d.Early.Places, d.Late.Carried / d.Late.Places], highlight: 1));
    }
}
