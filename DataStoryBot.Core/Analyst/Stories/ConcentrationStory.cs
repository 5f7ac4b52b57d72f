using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>Majority and concentration: the top category's share, the top three's share and the Gini coefficient over categories.</summary>
public sealed class ConcentrationStory : StoryKind<ConcentrationDetail>
{
    public override string Name => "concentration";

    public override double Weight => 0.65;

    public override IReadOnlyList<string> SteeringWords { get; } = ["share", "concentrat", "majority", "dominat", "inequal", "most of"];

    protected override void Write(StoryDraft s, ConcentrationDetail d) => Concentration(s.Text, s.Charts, s.Table, d);

    public override string? Caveat => "Shares are of what the table holds: a value that leads may simply have more rows to begin with (more customers, more days), which the table does not adjust for.";


    /// <summary>The least share of the rows one value must hold for a count to be told as "most of them".</summary>
    public const double MinMajorityOfRows = 2.0 / 3;

    /// <summary>The least share of a summed measure that one group must hold to be "most of it".</summary>
    public const double MinMajorityOfTotal = 0.6;

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var b in CategoryBreakdowns.All(table).Concat(CategoryBreakdowns.PerEntity(table).Where(b => IsEntityCount(table, b))))
        {
            if (b.Aggregation == "mean" || b.Total <= 0) continue;
            // A total of waiting times ("total days to resolve by state") adds up nothing a reader can use.
            if (b.Measure is not null && table.Find(b.Measure) is NumericColumn { Duration: not null }) continue;
            // A total whose leader is not ahead per row is its rows told again (the count is the story, if any).
            if (OutstandingCategoryStory.IsWorkload(b)) continue;
            if (b.Measure is not null && !ColumnMeaning.IsSummable(b.Measure)) continue;
            var d = Analyze(b);
            var levels = b.Totals.Count;
            var majority = d.TopShare > 0.5;
            var concentrated = levels >= 5 && d.Gini >= 0.6;
            if (!majority && !concentrated) continue;
            if (b.N < 10) continue;
            // Row counts that chance would explain (a balanced design, or too few rows to tell) are not a story: a
            // majority must beat a coin flip (binomial test against one half), a concentration an even split.
            // A total has no sampling test; a bare majority of it (50.4% of people are women) is a near-even split.
            if (b.Measure is not null && majority && !concentrated && d.TopShare < MinMajorityOfTotal) continue;
            // A total follows the size of the group it is summed over: "educ 3 accounts for 65% of total prior
            // convictions" when 55% of the men are in educ 3 says who is most numerous. The leader's share of the
            // total must clearly outweigh its share of the rows, else the story is its mean per member, not the total.
            if (b.Measure is not null && FollowsRows(b)) continue;
            if (b.Measure is null)
            {
                // How rows split over a workflow field (state, priority) or a numeric code (0 for 93% of rows) is the
                // system's shape, not a finding.
                if (ColumnMeaning.IsWorkflowField(b.Category) || table.Find(b.Category) is CategoryColumn { } flag && ColumnMeaning.IsFlag(flag) || b.Totals.Take(2).All(t => double.TryParse(t.Label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))) continue;
                // Rows split 59/41 over a type or a payment term describe the table, not a finding: a share of rows
                // needs two thirds, or a spread over five or more values concentrated in a few.
                if (majority && !concentrated && d.TopShare < MinMajorityOfRows) continue;
                if (majority && !(MajorityP(b.Totals[0].Value, b.Total) < 0.001)) continue;
                if (!majority && d.Uniformity is { } even && !(even.PValue < 0.001)) continue;
            }
            var top = b.Totals[0];
            var category = Words.Human(b.Category);
            var title = majority
                ? $"{Words.Label(b.Category, top.Label)} accounts for {Fmt.Pct(d.TopShare)} of {b.MeasureText} by {category}"
                : $"A few {Words.Plural(category)} dominate {b.MeasureText}: the top 3 hold {Fmt.Pct(d.Top3Share)}";
            var summary =
                $"Of {levels} {category} values, {top.Label} alone accounts for {Fmt.Pct(d.TopShare)} of {b.MeasureText} and the top three for {Fmt.Pct(d.Top3Share)}. " +
                $"The Gini coefficient across {category} values is {Fmt.Coef(d.Gini)} (0 would be an even split, 1 everything in one){(d.Uniformity is { } u ? $", and a chi-square test rejects an even split ({Fmt.P(u.PValue)})" : "")}.";
            var columns = b.Measure is null ? new[] { b.Category } : [b.Category, b.Measure];
            yield return new Insight(StoryKinds.Of<ConcentrationStory>(), columns, title, summary, ["bar", "pareto"],
                d.Uniformity is null ? "Share and Gini coefficient" : "Share, Gini coefficient and chi-square goodness of fit",
                d.Uniformity?.Statistic ?? d.Gini, d.Uniformity?.PValue, d.Gini, b.N, Math.Max(d.TopShare, d.Gini) * (b.Measure is null ? 0.8 : 1), d)
            { Significance = d.Uniformity is null ? 0.6 : Insight.SignificanceFromP(d.Uniformity.Value.PValue) };
        }
    }

    /// <summary>
    /// Whether a one-row-per-entity breakdown (a state, a country) holds a count that adds up across the entities:
    /// whole, non-negative numbers whose name allows a sum ("hurricanes", not a rate such as "engineers per capita").
    /// Such a count concentrates like a total over a category ("a few states hold most hurricanes").
    /// </summary>
    public static bool IsEntityCount(AnalysisTable table, CategoryBreakdown b) =>
        b.Aggregation == "value" && b.Measure is { } m && Words.NameAllowsSum(m)
        && b.Totals.All(t => t.Value >= 0 && t.Value == Math.Floor(t.Value))
        && table.Find(m) is NumericColumn { Duration: null };

    /// <summary>
    /// Whether the leader of a summed measure holds less than <see cref="StoryDiscovery.MaxSizeLift"/> times its share of
    /// the rows and less than <see cref="MinMeanLift"/> times the others' mean per row: its share of the total is mostly
    /// its number of rows. (Two groups of equal size, one holding 70% of the total, hold 2.3 times as much per row.)
    /// </summary>
    public static bool FollowsRows(CategoryBreakdown b)
    {
        var rows = b.Totals.Sum(t => (double)t.Rows);
        if (b.Totals.Count == 0 || rows <= 0 || b.Total <= 0) return false;
        var top = b.Totals[0];
        var shareOfTotal = top.Value / b.Total;
        var shareOfRows = top.Rows / rows;
        if (shareOfTotal >= StoryDiscovery.MaxSizeLift * shareOfRows) return false;
        if (shareOfRows >= 1 || shareOfTotal >= 1) return false;
        var meanLift = shareOfTotal / shareOfRows / ((1 - shareOfTotal) / (1 - shareOfRows));
        return meanLift < MinMeanLift;
    }

    /// <summary>How many times the others' mean per row a total's leader must hold when its share of the rows is large.</summary>
    public const double MinMeanLift = 2.0;

    /// <summary>One-sided p-value that <paramref name="top"/> of <paramref name="total"/> rows is more than half (normal approximation to the binomial, continuity-corrected).</summary>
    public static double MajorityP(double top, double total)
    {
        if (total <= 0) return 1;
        var z = (top - 0.5 - total / 2) / Math.Sqrt(total / 4);
        return 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));
    }

    public static ConcentrationDetail Analyze(CategoryBreakdown b)
    {
        var total = b.Total;
        var values = b.Totals.Select(t => t.Value).ToArray();
        var topShare = values[0] / total;
        var top3 = values.Take(3).Sum() / total;
        var gini = Descriptive.Gini(values);
        ChiSquareResult? uniformity = null;
        if (b.Measure is null)
        {
            var expected = total / values.Length;
            var chi = values.Sum(v => (v - expected) * (v - expected) / expected);
            var df = values.Length - 1;
            uniformity = new ChiSquareResult(chi, df, SpecialFunctions.ChiSquareSurvival(chi, df), double.NaN, (int)total);
        }
        return new ConcentrationDetail(b, topShare, top3, gini, uniformity);
    }

    private static void Concentration(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, ConcentrationDetail d)
    {
        var b = d.Breakdown;
        var cols = b.Measure is null ? new[] { b.Category } : [b.Category, b.Measure];
        var rows = AllRows(table);
        var top = b.Totals[0];
        nb.Paragraph($"{Label(nb, b.Category, top.Label)} alone accounts for {nb.Pct(d.TopShare, $"share of {b.MeasureText} in the largest {H(b.Category)}", cols, rows)} of {b.MeasureText} ({nb.N(d.TopShare, $"share of {b.MeasureText} in the largest {H(b.Category)}, in words", cols, rows, EffectWords.Share)}) across {nb.Int(b.Totals.Count, $"number of {H(b.Category)} values", cols, rows)} {H(b.Category)} values{(b.Totals.Count > 3 ? $", and the top three together for {nb.Pct(d.Top3Share, "share of the three largest", cols, rows)}" : "")}.");
        nb.Paragraph($"The evidence: the Gini coefficient of {b.MeasureText} across {H(b.Category)} values is {nb.Coef(d.Gini, "Gini coefficient over category totals", cols, rows)} (0 is an even split, 1 everything in one value)." +
            (d.Uniformity is { } u ? $" A chi-square goodness-of-fit test rejects an even split (χ² = {nb.N(u.Statistic, "chi-square statistic against a uniform split", cols, rows)}, {nb.P(u.PValue, "chi-square p-value", cols, rows)})." : ""));
        var lines = b.Totals.Take(3).Select((t, i) => $"{t.Label}: {nb.N(t.Value, $"{b.Aggregation} of {(b.Measure ?? "rows")} for {t.Label}", cols, rows)}");
        nb.Paragraph($"The largest values are {string.Join("; ", lines)}, out of a total of {nb.N(b.Total, $"{b.Aggregation} over all {H(b.Category)} values", cols, rows)}.");
        charts.Add(ChartFactory.Bars($"{Cap(b.MeasureText)} by {H(b.Category)}", b.Category, Cap(b.MeasureText), b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value).ToList(), highlight: 1));
        charts.Add(ChartFactory.Pareto($"Share of {b.MeasureText} by {H(b.Category)}, with the cumulative share", b.Category, b.Totals.Select(t => t.Label).ToList(), b.Totals.Select(t => t.Value / b.Total).ToList()));
    }
}
