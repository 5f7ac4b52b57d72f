using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>One group's cases and how many of them have the told outcome.</summary>
public sealed record ShareCell(string Group, long Cases, long Hits, string Mode, long ModeHits)
{
    public double Share => Cases == 0 ? double.NaN : Hits / (double)Cases;

    public double ModeShare => Cases == 0 ? double.NaN : ModeHits / (double)Cases;
}

/// <summary>
/// How the cases of each group split over an outcome of three or more values.
/// </summary>
/// <param name="Group">The grouping column (hair colour, sex).</param>
/// <param name="Outcome">The outcome column (eye colour, method).</param>
/// <param name="Level">For a standout cell, the outcome value whose share stands out; null when the story is that the
/// most common outcome differs between the groups.</param>
/// <param name="Standout">For a standout cell, the group where <paramref name="Level"/>'s share is highest.</param>
/// <param name="Rest">For a standout cell, the other groups' cases pooled.</param>
/// <param name="Groups">Every group (largest first), with its share of <paramref name="Level"/> (or of its own most
/// common outcome) and its most common outcome.</param>
/// <param name="Weight">The count column that weights each cell of a contingency table, or null.</param>
/// <param name="Tested">The pairs of columns tested; the p-value is Bonferroni-corrected over them.</param>
public sealed record ShareDetail(string Group, string Outcome, string? Level, ShareCell? Standout, ShareCell? Rest, IReadOnlyList<ShareCell> Groups,
    ChiSquareResult Test, double CorrectedP, int Tested, string? Weight);

/// <summary>
/// Shares within groups (issue 22): two categories of a table, the outcome with three or more values (a yes/no outcome
/// is a rate), read the way a journalist reads a cross-table: "74% of blonds have blue eyes, against 26% of the others"
/// (one cell far above the rest of its column: at least <see cref="MinLift"/> times and <see cref="MinGap"/> points), or
/// "men most often hanged themselves (44%), women poisoned themselves (45%)" (the most common outcome differs between
/// a few groups). Cells of a contingency table count by their count column (the row model expands them). Chi-square
/// test of the whole cross-table, Bonferroni over the pairs tested; a pair where one column (nearly) decides the other
/// (Cramér's V ≥ <see cref="MaxCramersV"/>: a grouping of the other) is not a story. Only in a contingency table (a
/// row per cell with its count): in a table of events the rate, standout and segment kinds tell two categories.
/// </summary>
public sealed class ShareStory : StoryKind<ShareDetail>
{
    public override string Name => "share";

    public override double Weight => 0.8;

    public override IReadOnlyList<string> SteeringWords { get; } = ["share of", "proportion", "percent of", "cross-tab", "crosstab", "within"];

    public override string? Caveat => "Shares describe the cases in the table; groups that differ in other ways (age, place, how they were sampled) may differ in this outcome for those reasons.";

    protected override void Write(StoryDraft s, ShareDetail d) => Share(s.Text, s.Charts, s.Table, d);

    public const int MaxLevels = 12;
    public const int MaxColumns = 10;
    public const int MinOutcomeLevels = 3;
    public const int MaxModeGroups = 6;
    public const int ScreenRows = 50_000;
    public const double MaxP = 0.001;
    public const double MaxCramersV = 0.9;
    public const double MinLift = 1.75;
    public const double MinGap = 0.15;
    public const double MinShare = 0.3;
    public const long MinCell = 10;

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        // A cross-table of counts is read by its cells' shares; in a table of events the rate, standout and segment
        // kinds tell how two categories go together (a rate of a state by group, one place concentrating a category).
        if (table.Model.Kind != RowKind.ContingencyCell) yield break;
        var columns = table.Categories
            .Where(c => c.Derived is null && c.Labels.Length is >= 2 and <= MaxLevels && !ColumnMeaning.IsFreeText(c) && !ColumnMeaning.IsClockTime(c) && !c.Labels.Any(RangeLabel))
            .Take(MaxColumns).ToList();
        if (columns.Count < 2) yield break;
        var rows = Descriptive.EvenlySpaced(table.RowCount, ScreenRows);
        var tested = columns.Count * (columns.Count - 1) / 2;
        for (var i = 0; i < columns.Count; i++)
        {
            for (var j = i + 1; j < columns.Count; j++)
            {
                var (x, y) = (columns[i], columns[j]);
                if (table.Unrelated.Contains((x.Name, y.Name))) continue;
                var screen = Cross(x, y, rows);
                var test = StatTests.ChiSquare(screen);
                if (!(test.PValue * tested < MaxP) || !(test.CramersV < MaxCramersV)) continue;
                var full = rows.Length == table.RowCount ? screen : Cross(x, y, Enumerable.Range(0, table.RowCount).ToArray());
                var all = rows.Length == table.RowCount ? test : StatTests.ChiSquare(full);
                var d = Standout(x, y, full, all, tested, table.Model.Count) ?? Standout(y, x, Transpose(full), all, tested, table.Model.Count)
                    ?? Modes(x, y, full, all, tested, table.Model.Count) ?? Modes(y, x, Transpose(full), all, tested, table.Model.Count);
                if (d is not null) yield return ToInsight(table, d);
            }
        }
    }

    /// <summary>A label that is a numeric range ("10-20", "1970-74"): a band of a number, told by the number's own stories.</summary>
    private static bool RangeLabel(string label) => label.Length > 0 && char.IsDigit(label[0]) && !double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    internal static long[,] Cross(CategoryColumn group, CategoryColumn outcome, int[] rows)
    {
        var t = new long[group.Labels.Length, outcome.Labels.Length];
        foreach (var r in rows)
        {
            int a = group.Codes[r], b = outcome.Codes[r];
            if (a >= 0 && b >= 0) t[a, b]++;
        }
        return t;
    }

    private static long[,] Transpose(long[,] t)
    {
        var u = new long[t.GetLength(1), t.GetLength(0)];
        for (var i = 0; i < t.GetLength(0); i++)
            for (var j = 0; j < t.GetLength(1); j++) u[j, i] = t[i, j];
        return u;
    }

    private static long RowSum(long[,] t, int i) => Enumerable.Range(0, t.GetLength(1)).Sum(j => t[i, j]);

    private static long ColumnSum(long[,] t, int j) => Enumerable.Range(0, t.GetLength(0)).Sum(i => t[i, j]);

    private static int ModeOf(long[,] t, int i) => Enumerable.Range(0, t.GetLength(1)).OrderByDescending(j => t[i, j]).ThenBy(j => j).First();

    private static List<ShareCell> Cells(CategoryColumn group, CategoryColumn outcome, long[,] t, int level) =>
        Enumerable.Range(0, group.Labels.Length).Where(i => RowSum(t, i) > 0)
            .Select(i => new ShareCell(group.Labels[i], RowSum(t, i), level >= 0 ? t[i, level] : t[i, ModeOf(t, i)], outcome.Labels[ModeOf(t, i)], t[i, ModeOf(t, i)]))
            .OrderByDescending(c => c.Cases).ThenBy(c => c.Group, StringComparer.Ordinal).ToList();

    /// <summary>The cell whose share of its group stands furthest above the other groups' share of the same outcome.</summary>
    private static ShareDetail? Standout(CategoryColumn group, CategoryColumn outcome, long[,] t, ChiSquareResult test, int tested, string? weight)
    {
        if (Enumerable.Range(0, outcome.Labels.Length).Count(j => ColumnSum(t, j) > 0) < MinOutcomeLevels) return null;
        if (StandoutCell(t) is not { } b) return null;
        var (standout, rest) = CellAndRest(group, outcome, t, b.I, b.J);
        return new ShareDetail(group.Name, outcome.Name, outcome.Labels[b.J], standout, rest, Cells(group, outcome, t, b.J), test, Math.Min(1, test.PValue * tested), tested, weight);
    }

    /// <summary>
    /// The cell (group <c>I</c>, outcome <c>J</c>) whose share of its group stands furthest above the other groups' share
    /// of the same outcome, by <see cref="MinCell"/>, <see cref="MinShare"/>, <see cref="MinGap"/> and <see cref="MinLift"/>;
    /// only cells <paramref name="allow"/> lets through.
    /// </summary>
    internal static (int I, int J, double Gap)? StandoutCell(long[,] t, Func<int, int, bool>? allow = null)
    {
        var total = Enumerable.Range(0, t.GetLength(0)).Sum(i => RowSum(t, i));
        (int I, int J, double Gap)? best = null;
        for (var i = 0; i < t.GetLength(0); i++)
        {
            var n = RowSum(t, i);
            if (n == 0 || total - n == 0) continue;
            for (var j = 0; j < t.GetLength(1); j++)
            {
                if (t[i, j] < MinCell || (allow is not null && !allow(i, j))) continue;
                var inside = t[i, j] / (double)n;
                var outside = (ColumnSum(t, j) - t[i, j]) / (double)(total - n);
                if (inside < MinShare || inside - outside < MinGap || inside < MinLift * outside) continue;
                if (best is null || inside - outside > best.Value.Gap) best = (i, j, inside - outside);
            }
        }
        return best;
    }

    /// <summary>Group <paramref name="i"/>'s cases and those with outcome <paramref name="j"/>, and the other groups' pooled.</summary>
    internal static (ShareCell Cell, ShareCell Others) CellAndRest(CategoryColumn group, CategoryColumn outcome, long[,] t, int i, int j)
    {
        var total = Enumerable.Range(0, t.GetLength(0)).Sum(k => RowSum(t, k));
        var cases = RowSum(t, i);
        return (new ShareCell(group.Labels[i], cases, t[i, j], outcome.Labels[ModeOf(t, i)], t[i, ModeOf(t, i)]),
            new ShareCell("the others", total - cases, ColumnSum(t, j) - t[i, j], "", 0));
    }

    /// <summary>A few groups whose most common outcomes differ, each held by a clear share of its group and above its share elsewhere.</summary>
    private static ShareDetail? Modes(CategoryColumn group, CategoryColumn outcome, long[,] t, ChiSquareResult test, int tested, string? weight)
    {
        if (Enumerable.Range(0, outcome.Labels.Length).Count(j => ColumnSum(t, j) > 0) < MinOutcomeLevels) return null;
        var groups = Enumerable.Range(0, t.GetLength(0)).Where(i => RowSum(t, i) > 0).ToList();
        if (groups.Count is < 2 or > MaxModeGroups) return null;
        var total = groups.Sum(i => RowSum(t, i));
        var modes = groups.Select(i => ModeOf(t, i)).ToList();
        if (modes.Distinct().Count() < 2) return null;
        foreach (var i in groups)
        {
            var n = RowSum(t, i);
            var j = ModeOf(t, i);
            var inside = t[i, j] / (double)n;
            var outside = (ColumnSum(t, j) - t[i, j]) / (double)(total - n);
            if (t[i, j] < MinCell || inside < MinShare || inside - outside < MinGap / 2) return null;
        }
        return new ShareDetail(group.Name, outcome.Name, null, null, null, Cells(group, outcome, t, -1), test, Math.Min(1, test.PValue * tested), tested, weight);
    }

    private static Insight ToInsight(AnalysisTable table, ShareDetail d)
    {
        var (group, outcome) = (Words.Human(d.Group), Words.Human(d.Outcome));
        string title, summary;
        double impact;
        if (d.Standout is { } s && d.Rest is { } rest && d.Level is { } level)
        {
            title = $"{Words.Cap(CellName(d.Outcome, level))} for {Fmt.Pct(s.Share)} of {ColumnVocabulary.People(s.Group) ?? CellName(d.Group, s.Group)}, against {Fmt.Pct(rest.Share)} for the others";
            summary = $"Of {Fmt.Int(s.Cases)} {table.Noun} with {group} {Words.Label(d.Group, s.Group)}, {Fmt.Int(s.Hits)} ({Fmt.Pct(s.Share)}) have {outcome} {Words.Label(d.Outcome, level)}, against {Fmt.Int(rest.Hits)} of the other {Fmt.Int(rest.Cases)} ({Fmt.Pct(rest.Share)}). " +
                $"A chi-square test of {group} against {outcome} rejects independence (Cramér's V = {Fmt.Coef(d.Test.CramersV)}, {Fmt.P(d.CorrectedP)} after a Bonferroni correction over {d.Tested} column pairs).";
            impact = Math.Clamp(s.Share - rest.Share, 0, 1);
        }
        else
        {
            var parts = d.Groups.Select(g => $"{Words.Label(d.Outcome, g.Mode)} for {ColumnVocabulary.People(g.Group) ?? Words.Label(d.Group, g.Group)} ({Fmt.Pct(g.ModeShare)})");
            title = $"Most common {outcome}: {string.Join(", ", parts)}";
            summary = $"The most common {outcome} differs by {group}: {string.Join("; ", d.Groups.Select(g => $"{Fmt.Pct(g.ModeShare)} of {Fmt.Int(g.Cases)} {table.Noun} with {group} {Words.Label(d.Group, g.Group)} have {Words.Label(d.Outcome, g.Mode)}"))}. " +
                $"A chi-square test of {group} against {outcome} rejects independence (Cramér's V = {Fmt.Coef(d.Test.CramersV)}, {Fmt.P(d.CorrectedP)} after a Bonferroni correction over {d.Tested} column pairs).";
            impact = Math.Clamp(d.Test.CramersV * 1.5, 0, 1);
        }
        IReadOnlyList<string> columns = d.Weight is { } w ? [d.Group, d.Outcome, w] : [d.Group, d.Outcome];
        return new Insight(StoryKinds.Of<ShareStory>(), columns, title, summary, ["bar", "bar"], "Chi-square test of independence, Bonferroni-corrected over column pairs",
            d.Test.Statistic, d.CorrectedP, d.Test.CramersV, d.Test.N, impact, d);
    }

    /// <summary>
    /// A cell's value named so it reads: "Blond hair", "Department A" (a code with its column), "Male" (a person's
    /// attribute alone), never "A department" or "Male gender".
    /// </summary>
    internal static string CellName(string column, string label)
    {
        var name = RateStory.GroupName(column, label);
        var human = Words.Human(column);
        return name.EndsWith($" ({human})", StringComparison.Ordinal) ? $"{Words.Label(column, label)} {human.ToLowerInvariant()}" : name;
    }

    private static void Share(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, ShareDetail d)
    {
        string[] cols = [d.Group, d.Outcome];
        var rows = d.Weight is { } w ? $"{AllRows(table)} (one per case counted in {w})" : AllRows(table);
        var noun = table.Noun;
        if (d.Standout is { } s && d.Rest is { } rest && d.Level is { } level)
        {
            var who = Label(nb, d.Group, s.Group);
            var what = Label(nb, d.Outcome, level);
            nb.Lead($"Of the {nb.Int(s.Cases, $"cases with {d.Group} = {s.Group}", cols, rows)} {noun} with {H(d.Group)} {who}, {nb.Int(s.Hits, $"cases with {d.Group} = {s.Group} and {d.Outcome} = {level}", cols, rows)} have {H(d.Outcome)} {what}: {nb.Pct(s.Share, $"share of {d.Outcome} = {level} within {d.Group} = {s.Group}", cols, rows)} ({nb.N(s.Share, $"share of {d.Outcome} = {level} within {d.Group} = {s.Group}, in words", cols, rows, EffectWords.Share)}), against {nb.Pct(rest.Share, $"share of {d.Outcome} = {level} among the other {d.Group} values", cols, rows)} of the other {nb.Int(rest.Cases, $"cases with another {d.Group}", cols, rows)}.");
            var others = d.Groups.Where(g => g.Group != s.Group).Take(5).Select(g => $"{Label(nb, d.Group, g.Group)} {nb.Pct(g.Share, $"share of {d.Outcome} = {level} within {d.Group} = {g.Group}", cols, rows)}");
            nb.Paragraph($"Group by group, the share with {H(d.Outcome)} {what} is: {string.Join("; ", others)}.");
            charts.Add(ChartFactory.Bars($"Share with {H(d.Outcome)} {level}, by {H(d.Group)}", H(d.Group), $"Share with {level}",
                d.Groups.Select(g => g.Group).ToList(), d.Groups.Select(g => g.Share).ToList(), highlightWhere: d.Groups.Select(g => g.Group == s.Group).ToList()));
        }
        else
        {
            var parts = d.Groups.Select(g => $"{Label(nb, d.Group, g.Group)} most often have {Label(nb, d.Outcome, g.Mode)} ({nb.Pct(g.ModeShare, $"share of {d.Outcome} = {g.Mode} within {d.Group} = {g.Group}", cols, rows)} of {nb.Int(g.Cases, $"cases with {d.Group} = {g.Group}", cols, rows)})");
            nb.Lead($"The most common {H(d.Outcome)} is not the same for every {H(d.Group)}: {string.Join("; ", parts)}.");
            charts.Add(ChartFactory.Bars($"Share with the most common {H(d.Outcome)} of each {H(d.Group)}", H(d.Group), "Share",
                d.Groups.Select(g => $"{g.Group}: {g.Mode}").ToList(), d.Groups.Select(g => g.ModeShare).ToList()));
        }
        nb.Evidence($"A chi-square test of independence of {H(d.Group)} and {H(d.Outcome)} over {nb.Int(d.Test.N, "cases in the cross-table", cols, rows)} {noun} gives χ² = {nb.N(d.Test.Statistic, "chi-square statistic", cols, rows)} (Cramér's V = {nb.Coef(d.Test.CramersV, "Cramér's V", cols, rows)}); corrected for the {nb.Int(d.Tested, "column pairs tested", cols, rows)} pairs of columns tested (Bonferroni), {nb.P(d.CorrectedP, "Bonferroni-corrected chi-square p-value", cols, rows)}." +
            (d.Weight is { } weight ? $" Each row of the file is a cell of a cross-table; it counts as many cases as its {weight} says." : ""));
        var outcomeTotals = d.Groups.Count == 0 ? [] : OutcomeShares(table, d);
        charts.Add(ChartFactory.Bars($"{Cap(H(d.Outcome))} across all {noun}", H(d.Outcome), "Share of cases", outcomeTotals.Select(o => o.Label).ToList(), outcomeTotals.Select(o => o.Share).ToList(),
            highlightWhere: outcomeTotals.Select(o => o.Label == d.Level).ToList()));
    }

    private static List<(string Label, double Share)> OutcomeShares(AnalysisTable table, ShareDetail d)
    {
        if (table.Find(d.Outcome) is not CategoryColumn c) return [];
        var counts = new long[c.Labels.Length];
        foreach (var code in c.Codes) if (code >= 0) counts[code]++;
        var total = (double)counts.Sum();
        return total == 0 ? [] : Enumerable.Range(0, c.Labels.Length).OrderByDescending(i => counts[i]).Select(i => (c.Labels[i], counts[i] / total)).ToList();
    }
}
