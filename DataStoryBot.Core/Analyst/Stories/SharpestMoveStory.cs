using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// A series' largest moves from one time point to the next: the sharpest rise and the sharpest fall, with when, against
/// the typical move (the median size of a step). Relative (%) only on a ratio scale (<see cref="TimeSeriesBuilder.MovesInPercent"/>).
/// </summary>
public sealed record MovesDetail(TimeSeries Series, int RiseAt, int FallAt, double Rise, double Fall, double TypicalMove, bool Relative,
    double? UsualRise = null, double? UsualFall = null)
{
    /// <summary>
    /// The move told first: the larger of the sharpest rise and the sharpest fall in the measure's own units (a
    /// recovery from a dip is a larger share of its low start than the dip was of its high one); in a series with a
    /// season, the larger beyond the usual move of its month or quarter.
    /// </summary>
    public bool FallFirst => UsualRise is { } ur && UsualFall is { } uf
        ? Math.Abs(Fall - uf) >= Math.Abs(Rise - ur)
        : Math.Abs(Series.Y[FallAt] - Series.Y[FallAt - 1]) >= Math.Abs(Series.Y[RiseAt] - Series.Y[RiseAt - 1]);
}

/// <summary>
/// A series' sharpest move from one time point to the next (the worst month of a crash, the year a river failed): a
/// dated fact that a trend, a step or a fall over many periods does not tell. It fills a slot after every relation,
/// comparison, change and facet the table shows (issue 22, item 5: a dated fact beats a description), and is told only
/// when the move is at least <see cref="MinMoveRatio"/> times the typical one.
/// </summary>
public sealed class SharpestMoveStory : StoryKind<MovesDetail>
{
    public override string Name => "sharpest_move";

    public override double Weight => 0.3;

    public override bool IsAboutTime => true;

    public override IReadOnlyList<string> SteeringWords { get; } = ["sharpest", "biggest move", "largest change", "worst month", "worst year", "jump"];

    public override string? Caveat => "One period's move can be a revision, a one-off event or a data error; check that time point before reading more into it.";

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        foreach (var column in table.Numeric)
        {
            if (Moves(table, column) is { } moves) yield return moves;
        }
    }

    /// <summary>The least ratio of the sharpest move to the typical move for it to be told.</summary>
    public const double MinMoveRatio = 3;

    /// <summary>The least number of time points for a series' moves to be told.</summary>
    public const int MinMovePoints = 12;

    /// <summary>
    /// The sharpest rise and fall of a measure from one time point to the next, in a table that is one series over
    /// time; null when the table is not one series or the larger move is not at least <see cref="MinMoveRatio"/> times
    /// the typical one (then no move stands out).
    /// </summary>
    public static Insight? Moves(AnalysisTable table, NumericColumn column)
    {
        if (!table.Time.IsSeries || table.Time.Axis is not { } axis || axis.Name == column.Name || !DescriptiveStory.Describable(table, column)) return null;
        if (TimeSeriesBuilder.Pooled(table, axis, column) is not { } series || series.Y.Length < MinMovePoints) return null;
        var y = series.Y;
        var relative = TimeSeriesBuilder.MovesInPercent(column.Name, y);
        var steps = new double[y.Length - 1];
        for (var i = 1; i < y.Length; i++) steps[i - 1] = relative ? y[i] / y[i - 1] - 1 : y[i] - y[i - 1];
        if (!steps.All(double.IsFinite)) return null;
        // A monthly or quarterly series moves with its season (every January falls from December): a move is ranked by
        // how far it goes beyond the usual move into its month or quarter, so a seasonal dip is never "the sharpest fall".
        var usual = SeasonalUsual(series, steps);
        var beyond = usual is null ? steps : steps.Select((v, i) => v - usual[i]).ToArray();
        var typical = Descriptive.Median(beyond.Select(Math.Abs).ToArray());
        int riseAt = 0, fallAt = 0;
        for (var i = 1; i < beyond.Length; i++)
        {
            if (beyond[i] > beyond[riseAt]) riseAt = i;
            if (beyond[i] < beyond[fallAt]) fallAt = i;
        }
        var d = new MovesDetail(series, riseAt + 1, fallAt + 1, steps[riseAt], steps[fallAt], typical, relative, usual?[riseAt], usual?[fallAt]);
        var biggest = Math.Max(Math.Abs(beyond[riseAt]), Math.Abs(beyond[fallAt]));
        if (!(typical > 0) || biggest < MinMoveRatio * typical) return null;
        // A move the wrong way round once its season is taken out (a January fall smaller than the usual one) is no event.
        if (usual is not null && (d.FallFirst ? d.Fall >= 0 : d.Rise <= 0)) return null;
        var name = Words.Human(column.Name);
        var period = series.TimeIsYear ? "year" : series.Granularity is "day" or "week" or "month" or "quarter" or "year" ? series.Granularity : "period";
        string Size(double move) => relative ? Fmt.Pct(Math.Abs(move)) : Fmt.Num(Math.Abs(move));
        var (at, move, verb) = d.FallFirst ? (d.FallAt, d.Fall, "fall") : (d.RiseAt, d.Rise, "rise");
        var first = Math.Abs(move);
        // With the season taken out the move is the most unusual one, not the largest: a seasonal January can fall further.
        var seasonal = usual is not null;
        var sharpest = Superlative(seasonal);
        string Season(int i, double? u) => u is { } v ? $", where {An(SeasonName(series, i))} usually {(v < 0 ? "falls" : "rises")} {Size(v)}" : "";
        // Ranked beyond the season, the move is the most unusual for its month, not the largest of the series.
        var title = seasonal
            ? $"The {sharpest} {verb} for its {period} in {name} came in {series.Describe(at)}: {(move < 0 ? "down" : "up")} {Size(move)}{Season(at, d.FallFirst ? d.UsualFall : d.UsualRise)}"
            : $"The {sharpest} {verb} in {name} from one {period} to the next came in {series.Describe(at)}: {(move < 0 ? "down" : "up")} {Size(move)}";
        var (otherAt, other, otherUsual) = d.FallFirst ? (d.RiseAt, d.Rise, d.UsualRise) : (d.FallAt, d.Fall, d.UsualFall);
        var summary = seasonal
            ? $"{Words.Cap(name)} {(move < 0 ? "fell" : "rose")} {Size(move)} from {series.Describe(at - 1)} to {series.Describe(at)}, {Fmt.Num(biggest / typical)} times the typical move beyond the season ({Size(typical)} a {period}). " +
              $"The {period} furthest {(d.FallFirst ? "above" : "below")} its season was {series.Describe(otherAt)}: {Moved(other, otherUsual)} {Size(other)}{Season(otherAt, otherUsual)}."
            : $"{Words.Cap(name)} {(move < 0 ? "fell" : "rose")} {Size(move)} from {series.Describe(at - 1)} to {series.Describe(at)}, {Fmt.Num(first / typical)} times its typical move of {Size(typical)} a {period}. " +
              $"The sharpest {(d.FallFirst ? "rise" : "fall")} was {(d.FallFirst ? "up" : "down")} {Size(other)} in {series.Describe(otherAt)}.";
        return new Insight(StoryKinds.Of<SharpestMoveStory>(), [series.TimeColumn, column.Name], title, summary, ["bar", "line"], "Largest change between consecutive time points",
            null, null, biggest / typical, y.Length, 0.35, d) { Significance = Math.Clamp(biggest / typical / 12, 0, 1) };
    }

    /// <summary>
    /// "fell", "rose", or "fell only" / "rose only" for a move the same way as its season's usual move but smaller (a
    /// month that fell less than its month usually does is above its season, not a rise).
    /// </summary>
    internal static string Moved(double move, double? usual) =>
        (move < 0 ? "fell" : "rose") + (usual is { } u && Math.Sign(u) == Math.Sign(move) && Math.Abs(move) < Math.Abs(u) ? " only" : "");

    /// <summary>How large the usual move of a season must be on average, against the median move, for the season to be taken out.</summary>
    public const double MinSeasonShare = 0.5;

    /// <summary>The p-value under which a series' moves differ by month or quarter (its season is taken out).</summary>
    public const double MaxSeasonP = 0.01;

    /// <summary>The least number of years of a monthly or quarterly series for its season to be taken out of its moves.</summary>
    public const int MinSeasonYears = 3;

    /// <summary>
    /// For each step of a monthly or quarterly series with at least <see cref="MinSeasonYears"/> years, the median step
    /// into the same month or quarter (the usual move of the season); null for other series.
    /// </summary>
    internal static double[]? SeasonalUsual(TimeSeries series, double[] steps)
    {
        var per = series.TimeIsYear ? 0 : series.Granularity switch { "month" => 12, "quarter" => 4, _ => 0 };
        if (per == 0 || steps.Length < per * MinSeasonYears) return null;
        var keys = new int[steps.Length];
        for (var i = 0; i < steps.Length; i++) keys[i] = SeasonKey(series, i + 1, per);
        var medians = keys.Distinct().ToDictionary(k => k, k => Descriptive.Median(steps.Where((_, i) => keys[i] == k).ToArray()));
        if (keys.GroupBy(k => k).Any(g => g.Count() < MinSeasonYears - 1)) return null;
        var usual = keys.Select(k => medians[k]).ToArray();
        // Only a season that drives the moves counts (every January's fall); a price's months differ by noise.
        // The moves must differ by season beyond chance (Kruskal-Wallis across the months or quarters).
        var byKey = keys.Distinct().Select(k => steps.Where((_, i) => keys[i] == k).ToArray()).ToList();
        if (StatTests.KruskalWallis(byKey).PValue >= MaxSeasonP) return null;
        return usual.Average(Math.Abs) >= MinSeasonShare * Descriptive.Median(steps.Select(Math.Abs).ToArray()) ? usual : null;
    }

    private static int SeasonKey(TimeSeries series, int at, int per)
    {
        var month = DateColumn.ToDateTime(series.T[at]).Month;
        return per == 12 ? month : (month - 1) / 3 + 1;
    }

    /// <summary>"sharpest", or "most unusual" when the moves are ranked beyond their season's usual move.</summary>
    internal static string Superlative(bool seasonal) => seasonal ? "most unusual" : "sharpest";

    private static string An(string word) => ("AEIOUaeiou".Contains(word[0], StringComparison.Ordinal) ? "an " : "a ") + word;

    /// <summary>"January", "first quarter": the season a time point falls in.</summary>
    internal static string SeasonName(TimeSeries series, int at)
    {
        var month = DateColumn.ToDateTime(series.T[at]).Month;
        return series.Granularity == "quarter"
            ? $"{((month - 1) / 3 + 1) switch { 1 => "first", 2 => "second", 3 => "third", _ => "fourth" }} quarter"
            : Fmt.Month(month);
    }

    protected override void Write(StoryDraft draft, MovesDetail d)
    {
        var (nb, charts, s) = (draft.Text, draft.Charts, d.Series);
        string[] cols = [s.TimeColumn, s.Measure];
        var rows = $"{Fmt.Int(s.Y.Length)} time points";
        var period = s.TimeIsYear ? "year" : s.Granularity is "day" or "week" or "month" or "quarter" or "year" ? s.Granularity : "period";
        string When(int at) => nb.N(s.T[at], $"time point {at + 1} of the series", cols, rows, _ => s.Describe(at));
        string Size(double move, string what) => d.Relative ? nb.Pct(Math.Abs(move), what, cols, rows) : nb.N(Math.Abs(move), what, cols, rows);
        string Step(int at, double move, string what, double? usual = null) =>
            $"{Moved(move, usual)} {Size(move, what)}, from {nb.N(s.Y[at - 1], $"{H(s.Measure)} in {s.Describe(at - 1)}", cols, s.Describe(at - 1))} in {When(at - 1)} to {nb.N(s.Y[at], $"{H(s.Measure)} in {s.Describe(at)}", cols, s.Describe(at))} in {When(at)}";
        var (firstAt, first, secondAt, second) = d.FallFirst ? (d.FallAt, d.Fall, d.RiseAt, d.Rise) : (d.RiseAt, d.Rise, d.FallAt, d.Fall);
        var (firstUsual, secondUsual) = d.FallFirst ? (d.UsualFall, d.UsualRise) : (d.UsualRise, d.UsualFall);
        var sharpest = Superlative(firstUsual is not null);
        var beyond = Math.Abs(first - (firstUsual ?? 0));
        var ranked = firstUsual is null ? $"from one {period} to the next in the data" : $"for its {period} in the data";
        nb.Lead($"{Cap(H(s.Measure))} {Step(firstAt, first, $"{sharpest} {(d.FallFirst ? "fall" : "rise")} between consecutive time points")}: the {sharpest} {(d.FallFirst ? "fall" : "rise")} {ranked}, about {nb.N(beyond / d.TypicalMove, "move beyond the usual over the typical move", cols, rows, Fmt.Num)} times the typical move{(firstUsual is null ? "" : " beyond the season")}.");
        if (firstUsual is { } usual)
        {
            nb.Paragraph($"The season explains part of any move into {SeasonName(s, firstAt)}: over the {nb.Int(s.Y.Length, "time points", cols, rows)} time points, {An(SeasonName(s, firstAt))} usually {(usual < 0 ? "falls" : "rises")} {Size(usual, $"median change into {SeasonName(s, firstAt)}")}, so the move ranks first by how far it goes beyond that, not by its size.");
        }
        var otherSeason = secondUsual is { } su ? $", where {An(SeasonName(s, secondAt))} usually {(su < 0 ? "falls" : "rises")} {Size(su, $"median change into {SeasonName(s, secondAt)}")}" : "";
        var otherName = secondUsual is null ? $"The sharpest {(d.FallFirst ? "rise" : "fall")}" : $"The move furthest {(d.FallFirst ? "above" : "below")} its season";
        nb.Paragraph($"{otherName}: it {Step(secondAt, second, $"{sharpest} {(d.FallFirst ? "rise" : "fall")} between consecutive time points", secondUsual)}{otherSeason}.");
        nb.Evidence($"The change of {H(s.Measure)} from each {period} to the next{(d.Relative ? ", as a share of the earlier value" : "")}, over {nb.Int(s.Y.Length, "time points", cols, rows)} time points; the typical move is the median size of a change, {Size(d.TypicalMove, "median size of a change between consecutive time points")}. This ranks the moves; it is not a test.");
        var moves = Enumerable.Range(1, s.Y.Length - 1).Select(i => d.Relative ? s.Y[i] / s.Y[i - 1] - 1 : s.Y[i] - s.Y[i - 1]).ToArray();
        charts.Add(ChartFactory.Line($"Change in {H(s.Measure)} from one {period} to the next{(d.Relative ? " (share of the earlier value)" : "")}", H(s.TimeColumn), $"Change in {H(s.Measure)}", s.T.Skip(1).ToArray(), moves, s.TimeIsYear, markers: [s.T[d.RiseAt], s.T[d.FallAt]]));
        charts.Add(ChartFactory.Line($"{Cap(H(s.Measure))} over time", H(s.TimeColumn), Cap(H(s.Measure)), s.T, s.Y, s.TimeIsYear, markers: [s.T[d.RiseAt], s.T[d.FallAt]]));
    }
}
