using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <param name="Differenced">The columns are one series over time, so the correlation is of their period-to-period changes (levels that merely both trend would correlate without any link).</param>
/// <param name="Rate">When one column counts events of the other's units (deaths and population), the pooled rate per unit of exposure, its scale and how it varies with the exposure: the story is the rate, not that a count grows with its exposure.</param>
/// <param name="Split">When the outcome counts rare events (failures per flight) and its driver is a measure, the split
/// at a round value of the driver where the share of rows with any event differs most: how a journalist tells it.</param>
/// <param name="Small">A small effect told because its driver is the strongest of a named outcome (see <see cref="CorrelationStory.IsLeadingDriver"/>); X is the driver.</param>
/// <param name="Drivers">Other strong, distinct drivers of the same outcome, told in this story (see <see cref="CorrelationStory.WithDrivers"/>).</param>
public sealed record CorrelationDetail(string X, string Y, CorrelationResult Pearson, CorrelationResult Spearman, double AdjustedP, int PairsTested, TheilSenResult? Fit, double LeastSquaresSlope, double LeastSquaresIntercept, bool Differenced = false, string? Period = null, ExposureRate? Rate = null, CountSplit? Split = null, bool Small = false, IReadOnlyList<DriverCompanion>? Drivers = null);

/// <summary>A second driver of the lead's outcome: its own correlation with the outcome, and its correlation with the lead's driver (well below a near-duplicate's).</summary>
public sealed record DriverCompanion(CorrelationDetail Pair, string Driver, double WithLeadR);

/// <summary>
/// A count of rare events (failures, damaged parts) against a measure (temperature), told as the rows below and above
/// one round value of the measure: how many of each side had any event.
/// </summary>
/// <param name="Cut">The round value of the driver; "below" is strictly under it.</param>
/// <param name="P">Fisher's exact two-sided p-value at the cut.</param>
/// <param name="Tried">The cuts times the pairs tried; <see cref="CorrectedP"/> is Bonferroni over them.</param>
public sealed record CountSplit(string Driver, string Count, double Cut, int BelowN, int BelowHits, int AboveN, int AboveHits, double P, int Tried)
{
    public double CorrectedP => Math.Min(1, P * Tried);

    public double BelowRate => BelowN == 0 ? double.NaN : BelowHits / (double)BelowN;

    public double AboveRate => AboveN == 0 ? double.NaN : AboveHits / (double)AboveN;

    /// <summary>Whether the events come with low values of the driver.</summary>
    public bool Low => BelowRate > AboveRate;
}

/// <param name="Count">The column that counts events.</param>
/// <param name="Exposure">The column of units the events happen to (population, service months).</param>
/// <param name="Pooled">All events over all units, times <paramref name="Scale"/>.</param>
/// <param name="SizeRho">Spearman correlation of each row's rate with its exposure: whether larger units have higher rates.</param>
public sealed record ExposureRate(string Count, string Exposure, double Pooled, double Scale, string ScaleWords, CorrelationResult SizeRho);

/// <summary>
/// Pearson and Spearman correlation for every pair of measures (capped), with a Benjamini-Hochberg correction across
/// all pairs tested; rows are screened on an evenly spaced subset and reported on all rows. When the rows are one
/// series over time, the changes from one period to the next are correlated instead of the levels (two series that
/// both grow correlate whether or not they are linked). Near-identical pairs (|r| ≥ 0.99) are one measure, not a story.
/// </summary>
public sealed partial class CorrelationStory : StoryKind<CorrelationDetail>
{
    public override string Name => "correlation";

    public override double Weight => 0.9;

    public override IReadOnlyList<string> SteeringWords { get; } = ["correlat", "relationship", "related", "relation", "vs", "versus", "linked", "association", "depend"];

    public override string? Caveat => "Going together is not causing: a third factor not in the data may drive both, and where the text names a driver it follows the columns' meaning, not a test of cause.";

    protected override void Write(StoryDraft s, CorrelationDetail d) => Correlation(s.Text, s.Charts, s.Table, d);

    public const int MaxColumns = 40;
    public const int ScreenRows = 50_000;
    public const double MaxAdjustedP = 0.01;
    public const double MinAbsR = 0.3;
    public const int MinN = 10;
    public const double DuplicateR = 0.99;


    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        string? period = null;
        if (table.Time.IsSeries && table.Time.Axis is { } axis)
        {
            (table, period) = Changes(table, axis);
        }
        var columns = table.Numeric
            .Select(c => (Column: c, Missing: c.MissingCount))
            .Where(x => table.RowCount - x.Missing >= MinN)
            .OrderBy(x => table.Focus.Contains(x.Column.Name) ? 0 : 1).ThenBy(x => x.Missing).ThenBy(x => x.Column.Index).Take(MaxColumns)
            .OrderBy(x => x.Column.Index).Select(x => x.Column).ToList();
        // A self-report or an estimate of a measure the table also holds (repwt beside weight) relates the same quantity
        // again: the measured column tells every relation it has.
        var names = columns.Select(c => c.Name).ToList();
        columns.RemoveAll(c => ColumnMeaning.IsStandInOfAny(c.Name, names));
        if (columns.Count < 1 || (columns.Count < 2 && (period is not null || table.RowCount > MaxSplitRows))) yield break;
        // A count and its exposure (deaths and population) grow together by construction: told as the rate.
        var exposures = period is null ? RowModels.FindExposures(table).Where(p => !p.IsShare).ToList() : [];
        var rows = Descriptive.EvenlySpaced(table.RowCount, ScreenRows);
        var screened = columns.Select(c => rows.Select(r => c.Values[r]).ToArray()).ToList();
        var complete = screened.Select(v => v.All(double.IsFinite)).ToList();
        var screenedRanks = screened.Select((v, i) => complete[i] ? Descriptive.Ranks(v, out _) : null).ToList();
        var pairs = new List<(int A, int B, CorrelationResult S)>();
        var told = new HashSet<(string, string)>();
        var found = new List<Insight>();
        for (var a = 0; a < columns.Count; a++)
            for (var b = a + 1; b < columns.Count; b++)
                if (!table.Unrelated.Contains((columns[a].Name, columns[b].Name)))
                    pairs.Add((a, b, screenedRanks[a] is { } ra && screenedRanks[b] is { } rb ? StatTests.Pearson(ra, rb) : StatTests.Spearman(screened[a], screened[b])));
        var adjusted = StatTests.BenjaminiHochberg(pairs.Select(p => p.S.PValue).ToList());
        var pearson = new Dictionary<(int, int), double>();
        double R(int x, int y)
        {
            var key = x < y ? (x, y) : (y, x);
            if (!pearson.TryGetValue(key, out var r)) pearson[key] = r = StatTests.Pearson(screened[key.Item1], screened[key.Item2]).R;
            return r;
        }
        bool OneQuality(int x, int y) => Math.Abs(R(x, y)) >= SameScaleR && SameScale(screened[x], screened[y]);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b, s) = pairs[i];
            if (!(adjusted[i] < MaxAdjustedP)) continue;
            var only = period is null && !(Math.Abs(s.R) >= MinAbsR * 0.8) && IsLeadingDriver(columns, pairs, adjusted, i, R);
            if (!only && !(Math.Abs(s.R) >= MinAbsR * 0.8)) continue;
            // A small effect is read with its driver first, so the line's slope is the outcome's change per unit of it.
            var flip = only && ColumnWords.DriverByName(columns[a].Name, columns[b].Name)?.Driver == columns[b].Name;
            var d = flip ? Analyze(columns[b], columns[a], adjusted[i], pairs.Count, table) : Analyze(columns[a], columns[b], adjusted[i], pairs.Count, table);
            if (d is not null && only) d = d with { Small = true };
            if (d is null || (!only && Math.Max(Math.Abs(d.Pearson.R), Math.Abs(d.Spearman.R)) < MinAbsR) || d.Pearson.N < MinN) continue;
            if (Math.Abs(d.Pearson.R) >= DuplicateR) continue;
            // Two measures on one scale that move almost as one (a reading and a maths score, a reported and a measured
            // weight) are one quality measured twice: that they go together is not news.
            if (Math.Abs(d.Pearson.R) >= SameScaleR && SameScale(screened[a], screened[b])) continue;
            if (period is null && (Tracks(R, screened.Count, a, b, OneQuality) || Tracks(R, screened.Count, b, a, OneQuality))) continue;
            // A panel's pooled relation that turns the other way within its entities (beer tax and traffic deaths across
            // states, but not within a state over the years) is the entities' differences, not the relation: not told.
            if (period is null && table.Time.IsPanel && ReversesWithin(table.Time.Dimensions[0], columns[a], columns[b], d.Pearson.R)) continue;
            if (exposures.FirstOrDefault(p => (p.Count == columns[a] && p.Exposure == columns[b]) || (p.Count == columns[b] && p.Exposure == columns[a])) is { } pair)
            {
                d = d with { Rate = Rate(pair.Count, pair.Exposure) };
            }
            told.Add((columns[a].Name, columns[b].Name));
            var insight = ToInsight(period is null ? d : d with { Differenced = true, Period = period });
            // A panel's rows are its entities measured again and again: when both measures mostly differ between the
            // entities (General Motors is the largest firm on both), the pooled relation says the large ones are large.
            found.Add(period is null && table.Time.IsPanel && IsEntitySize(table.Time.Dimensions[0], columns[a]) && IsEntitySize(table.Time.Dimensions[0], columns[b])
                ? insight with { Impact = insight.Impact * PanelSizeDiscount } : insight);
        }
        var index = columns.Select((c, k) => (c.Name, k)).ToDictionary(x => x.Name, x => x.k, StringComparer.Ordinal);
        foreach (var insight in AmongDrivers(WithDrivers(found, (x, y) => R(index[x], index[y]), (x, y) => OneQuality(index[x], index[y])))) yield return insight;
        if (period is null && table.RowCount <= MaxSplitRows)
        {
            foreach (var split in CountSplits(table, columns, told)) yield return SplitInsight(table, split);
        }
    }

    /// <summary>The least correlation of a small effect told as its outcome's only driver.</summary>
    public const double MinSmallR = 0.15;

    /// <summary>The least rows for a small effect: with fewer, a correlation this small is not known to be above zero by much.</summary>
    public const int MinSmallN = 200;

    /// <summary>
    /// Whether pair <paramref name="i"/> is a small but clear effect on a named outcome that no other measure of the table
    /// matches (beauty and teaching evaluations, r 0.19 over 463 courses): the outcome is named for one
    /// (<see cref="ColumnWords.Level"/> 3: a score, an evaluation, deaths) and its partner is not; the link holds after the
    /// table's correction with at least <see cref="MinSmallN"/> rows and |ρ| ≥ <see cref="MinSmallR"/>; and every other
    /// measure goes with the outcome less (the larger of |r| and |ρ|, <paramref name="pearson"/> giving r). The table's
    /// best answer to what goes with its outcome is a story however small; said as small.
    /// </summary>
    internal static bool IsLeadingDriver(IReadOnlyList<NumericColumn> columns, IReadOnlyList<(int A, int B, CorrelationResult S)> pairs, IReadOnlyList<double> adjusted, int i, Func<int, int, double> pearson)
    {
        var (a, b, s) = pairs[i];
        if (s.N < MinSmallN || !(Math.Abs(s.R) >= MinSmallR) || !(adjusted[i] < MaxAdjustedP)) return false;
        var (la, lb) = (ColumnWords.Level(columns[a].Name), ColumnWords.Level(columns[b].Name));
        if ((la == 3) == (lb == 3)) return false;
        var outcome = la == 3 ? a : b;
        double Strength(int j) => Math.Max(Math.Abs(pairs[j].S.R), Math.Abs(pearson(pairs[j].A, pairs[j].B)) is var r && double.IsFinite(r) ? r : 0);
        var own = Strength(i);
        for (var j = 0; j < pairs.Count; j++)
        {
            if (j == i || (pairs[j].A != outcome && pairs[j].B != outcome)) continue;
            if (Strength(j) >= own) return false;
        }
        return true;
    }

    /// <summary>A second driver tracks a first when they correlate at least this much (two poverty measures of one district).</summary>
    public const double TrackingR = 0.7;

    /// <summary>A driver adds nothing to a stronger one it tracks when its partial correlation with the outcome is below this.</summary>
    public const double MaxPartialR = 0.15;

    /// <summary>
    /// Whether the link of driver <paramref name="x"/> to outcome <paramref name="y"/> is another driver's told again: some
    /// third measure z tracks x (|r| ≥ <see cref="TrackingR"/>: the share on CalWORKs and the share on free lunch), is
    /// more closely linked to y, and once z is held fixed x says (almost) nothing more about y (partial |r| below
    /// <see cref="MaxPartialR"/>). <paramref name="r"/> gives Pearson's r of two of the <paramref name="count"/> measures.
    /// A z that is the outcome measured again (a maths score beside the reading score: <paramref name="oneQuality"/>) is
    /// no other driver: through it every driver of the one would explain its link to the other; nor is the driver
    /// measured again (a reading score is no driver of income beside the maths score).
    /// </summary>
    internal static bool Tracks(Func<int, int, double> r, int count, int x, int y, Func<int, int, bool>? oneQuality = null)
    {
        var xy = r(x, y);
        if (!double.IsFinite(xy)) return false;
        for (var z = 0; z < count; z++)
        {
            if (z == x || z == y || (oneQuality is not null && (oneQuality(z, y) || oneQuality(z, x)))) continue;
            var (xz, zy) = (r(x, z), r(z, y));
            if (!double.IsFinite(xz) || !double.IsFinite(zy) || Math.Abs(xz) < TrackingR || Math.Abs(zy) <= Math.Abs(xy) || Math.Abs(xz) >= DuplicateR) continue;
            var partial = (xy - xz * zy) / Math.Sqrt((1 - xz * xz) * (1 - zy * zy));
            if (double.IsFinite(partial) && Math.Abs(partial) < MaxPartialR) return true;
        }
        return false;
    }

    /// <summary>The least |r| of each driver told together with others of one outcome.</summary>
    public const double MinDriverR = 0.5;

    /// <summary>Two drivers this closely correlated (|r|) are one measured twice, not two drivers.</summary>
    public const double DuplicateDriverR = 0.9;

    /// <summary>The most other drivers a lead names beside its own.</summary>
    public const int MaxCompanionDrivers = 2;

    /// <summary>
    /// One outcome with two or more strong, distinct drivers (scores lower where more pupils get free lunch and where
    /// more are learning English, higher in richer districts) is one story, not a lead and its discounted repeats: the
    /// strongest pair tells the others (at most <see cref="MaxCompanionDrivers"/>, each |r| ≥ <see cref="MinDriverR"/>,
    /// each already told by discovery, so past the table's correction and the stand-in and tracking filters), and they
    /// leave the pool. The outcome is the side the names make one (<see cref="ColumnWords.DriverByName"/>, an outcome word:
    /// a score, deaths, loss; a column's position is no evidence, so pairs the names do not order stay apart); two drivers correlated at |r| ≥ <see cref="DuplicateDriverR"/> (<paramref name="r"/>) are one
    /// measured twice and only the stronger is told. A driver takes part in one such story; its links to the outcome
    /// measured again on one scale (<paramref name="oneQuality"/>: the maths score beside the reading score) say the same
    /// finding again and leave too. Each other driver keeps a part of its own once the lead's is held fixed (<see cref="OwnPart"/>);
    /// a link of the outcome without such a part leaves beside a merged lead (it is the lead's driver told again). Levels only: not a rate, a split, a small effect or changes over time.
    /// </summary>
    internal static List<Insight> WithDrivers(List<Insight> found, Func<string, string, double> r, Func<string, string, bool> oneQuality)
    {
        static (string Driver, string Outcome) Roles(CorrelationDetail d) => ColumnWords.DriverByName(d.X, d.Y) ?? ("", "");
        var strong = found.Where(i => i.Detail is CorrelationDetail { Rate: null, Split: null, Differenced: false, Small: false } d && Math.Abs(d.Pearson.R) >= MinDriverR
                && ColumnWords.Level(Roles(d).Outcome) == 3)
            .OrderByDescending(i => Math.Abs(((CorrelationDetail)i.Detail).Pearson.R)).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var merged = new Dictionary<Insight, Insight>();
        var dropped = new HashSet<Insight>();
        foreach (var lead in strong)
        {
            if (dropped.Contains(lead)) continue;
            var d = (CorrelationDetail)lead.Detail;
            var (driver, outcome) = Roles(d);
            if (used.Contains(driver) || used.Contains(outcome)) continue;
            var drivers = new List<string> { driver };
            var companions = new List<DriverCompanion>();
            var turned = new List<Insight>();
            // Only weaker links join a lead: a stronger one that did not is not told under a weaker driver's name.
            foreach (var other in strong.SkipWhile(x => x != lead))
            {
                if (other == lead || dropped.Contains(other) || merged.ContainsKey(other)) continue;
                var o = (CorrelationDetail)other.Detail;
                var (od, oo) = Roles(o);
                if (oo != outcome || used.Contains(od)) continue;
                if (!OwnPart(r, driver, od, outcome))
                {
                    turned.Add(other);
                    continue;
                }
                if (companions.Count >= MaxCompanionDrivers || drivers.Any(x => !(Math.Abs(r(x, od)) < DuplicateDriverR))) continue;
                companions.Add(new DriverCompanion(o, od, r(driver, od)));
                drivers.Add(od);
                dropped.Add(other);
            }
            if (companions.Count == 0) continue;
            // Beside a lead told with its outcome's other drivers, a link of the same outcome that vanishes or turns
            // round once the lead's driver is held fixed (a state's white share and murders, given its single parents)
            // is the lead's driver told again: it leaves the pool too.
            dropped.UnionWith(turned);
            used.UnionWith(drivers);
            used.Add(outcome);
            merged[lead] = Together(lead, d with { Drivers = companions });
            foreach (var other in strong)
            {
                var (od, oo) = Roles((CorrelationDetail)other.Detail);
                if (oo != outcome && drivers.Contains(od) && oneQuality(oo, outcome)) dropped.Add(other);
            }
        }
        return found.Where(i => !dropped.Contains(i)).Select(i => merged.TryGetValue(i, out var m) ? m : i).ToList();
    }

    /// <summary>How much a link between two of a named outcome's drivers (neither an outcome) keeps of its impact.</summary>
    public const double AmongDriversDiscount = 0.25;

    /// <summary>
    /// Where the table names an outcome (<see cref="ColumnWords.Level"/> 3: miles per gallon, murders, a score) and one
    /// of its links is told, a link between two columns that are not outcomes (two size measures of one car, two
    /// demographic make-ups of one state) is the background to the outcome's story, not a story beside it: its impact
    /// is discounted (<see cref="AmongDriversDiscount"/>) so the outcome's own links come first. Levels only: a link
    /// of changes over time, a split or a rate is read as it is.
    /// </summary>
    internal static List<Insight> AmongDrivers(List<Insight> found)
    {
        static bool Levels(Insight i) => i.Detail is CorrelationDetail { Rate: null, Split: null, Differenced: false };
        static bool IsOutcome(string column) => ColumnWords.Level(column) == 3;
        var outcomeTold = found.Any(i => Levels(i) && i.Detail is CorrelationDetail d && (IsOutcome(d.X) != IsOutcome(d.Y)));
        if (!outcomeTold) return found;
        return found.Select(i => Levels(i) && i.Detail is CorrelationDetail d && !IsOutcome(d.X) && !IsOutcome(d.Y)
            ? i with { Impact = i.Impact * AmongDriversDiscount } : i).ToList();
    }

    /// <summary>
    /// Whether <paramref name="other"/> says something of its own about <paramref name="outcome"/> once the lead's
    /// <paramref name="driver"/> is held fixed: the partial correlation keeps the sign of its own and is at least
    /// <see cref="MaxPartialR"/> in size. A link that vanishes or turns round (a state's white share and murders, given
    /// its single-parent share) is the lead's driver told again.
    /// </summary>
    internal static bool OwnPart(Func<string, string, double> r, string driver, string other, string outcome)
    {
        var (oy, dy, od) = (r(other, outcome), r(driver, outcome), r(other, driver));
        var partial = (oy - od * dy) / Math.Sqrt((1 - od * od) * (1 - dy * dy));
        return double.IsFinite(partial) && Math.Sign(partial) == Math.Sign(oy) && Math.Abs(partial) >= MaxPartialR;
    }

    /// <summary>The lead told with its outcome's other drivers: each side named in the title, each r in the summary.</summary>
    private static Insight Together(Insight lead, CorrelationDetail d)
    {
        var (driver, outcome) = ColumnWords.DriverByName(d.X, d.Y)!.Value;
        string Name(string c) => ColumnWords.Split(c).Name;
        var all = new[] { (Driver: driver, R: d.Pearson.R) }.Concat(d.Drivers!.Select(c => (c.Driver, c.Pair.Pearson.R))).ToList();
        var down = all.Where(x => x.R < 0).Select(x => Name(x.Driver)).ToList();
        var up = all.Where(x => x.R > 0).Select(x => Name(x.Driver)).ToList();
        static string Where(List<string> names) => names.Count == 1 ? $"where {names[0]} is higher" : $"where {string.Join(", ", names.Take(names.Count - 1))} and {names[^1]} are higher";
        var sides = new List<string>();
        if (down.Count > 0) sides.Add($"lower {Where(down)}");
        if (up.Count > 0) sides.Add($"higher {Where(up)}");
        if (d.Pearson.R > 0) sides.Reverse();
        var title = $"{Words.Cap(Name(outcome))} is {string.Join(", and ", sides)}";
        var others = string.Join("; ", d.Drivers!.Select(c =>
            $"with {Name(c.Driver)} Pearson r = {Fmt.Coef(c.Pair.Pearson.R)} (adjusted {Fmt.P(c.Pair.AdjustedP)}), and {Name(c.Driver)} itself goes with {Name(driver)} at r = {Fmt.Coef(c.WithLeadR)}"));
        var summary = lead.Summary + $" {Words.Cap(Name(outcome))} has other strong drivers, distinct from {Name(driver)}: {others}.";
        var columns = lead.Columns.Concat(d.Drivers!.Select(c => c.Driver)).ToList();
        return lead with { Title = title, Summary = summary, Columns = columns, Detail = d };
    }

    /// <summary>The least within-entity correlation, of the opposite sign, at which a panel's pooled relation is reversed.</summary>
    public const double MinReversedWithinR = 0.1;

    /// <summary>
    /// Whether the relation of <paramref name="x"/> and <paramref name="y"/>, pooled over a panel's rows with Pearson's
    /// <paramref name="pooledR"/>, runs the other way within the levels of <paramref name="entity"/>: both measures taken
    /// as departures from their entity's average, their correlation has the opposite sign and at least
    /// <see cref="MinReversedWithinR"/> in size.
    /// </summary>
    internal static bool ReversesWithin(CategoryColumn entity, NumericColumn x, NumericColumn y, double pooledR)
    {
        var within = WithinR(entity, x, y);
        return double.IsFinite(within) && double.IsFinite(pooledR) && Math.Sign(within) == -Math.Sign(pooledR) && Math.Abs(within) >= MinReversedWithinR;
    }

    /// <summary>Pearson's r of two measures after each is centred on its entity's average (the within-entity, fixed-effects correlation); NaN without spread.</summary>
    internal static double WithinR(CategoryColumn entity, NumericColumn x, NumericColumn y)
    {
        var k = entity.Labels.Length;
        var (sx, sy, n) = (new double[k], new double[k], new int[k]);
        for (var r = 0; r < x.Length; r++)
        {
            var c = entity.Codes[r];
            if (c < 0 || !double.IsFinite(x.Values[r]) || !double.IsFinite(y.Values[r])) continue;
            sx[c] += x.Values[r];
            sy[c] += y.Values[r];
            n[c]++;
        }
        double sxy = 0, sxx = 0, syy = 0;
        for (var r = 0; r < x.Length; r++)
        {
            var c = entity.Codes[r];
            if (c < 0 || n[c] < 2 || !double.IsFinite(x.Values[r]) || !double.IsFinite(y.Values[r])) continue;
            var (dx, dy) = (x.Values[r] - sx[c] / n[c], y.Values[r] - sy[c] / n[c]);
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>The share of a measure's variance between a panel's entities at which it is mostly the entity's size.</summary>
    public const double MinBetweenShare = 0.7;

    /// <summary>The least spread of a panel's entity averages (standard deviation over mean) at which they differ by multiples.</summary>
    public const double MinEntitySpread = 1;

    /// <summary>The impact kept by a pooled relation of two sizes of a panel's entities.</summary>
    public const double PanelSizeDiscount = 0.5;

    /// <summary>
    /// Whether <paramref name="measure"/> is mostly the size of a panel's entity (a firm's investment, a state's
    /// population): most of its variance lies between the entities (<see cref="MinBetweenShare"/>) and their averages
    /// differ by multiples (<see cref="MinEntitySpread"/>), unlike a rate or a level per head (income per capita).
    /// </summary>
    internal static bool IsEntitySize(CategoryColumn entity, NumericColumn measure)
    {
        var (share, spread) = BetweenShare(entity, measure);
        return share >= MinBetweenShare && spread >= MinEntitySpread;
    }

    /// <summary>
    /// The share of <paramref name="measure"/>'s variance that lies between the levels of <paramref name="entity"/>
    /// (eta squared: the between-group sum of squares over the total), and the spread of the levels' averages (their
    /// standard deviation over their mean), over rows where both are present; NaN without spread.
    /// </summary>
    internal static (double Share, double Spread) BetweenShare(CategoryColumn entity, NumericColumn measure)
    {
        var sums = new double[entity.Labels.Length];
        var counts = new int[entity.Labels.Length];
        double total = 0, totalSq = 0;
        var n = 0;
        for (var r = 0; r < measure.Length; r++)
        {
            var v = measure.Values[r];
            var c = entity.Codes[r];
            if (c < 0 || !double.IsFinite(v)) continue;
            sums[c] += v;
            counts[c]++;
            total += v;
            totalSq += v * v;
            n++;
        }
        if (n < 2) return (double.NaN, double.NaN);
        var mean = total / n;
        var ssTotal = totalSq - n * mean * mean;
        var ssBetween = 0.0;
        var means = new List<double>();
        for (var c = 0; c < sums.Length; c++)
        {
            if (counts[c] == 0) continue;
            ssBetween += counts[c] * Math.Pow(sums[c] / counts[c] - mean, 2);
            means.Add(sums[c] / counts[c]);
        }
        var average = means.Average();
        var spread = means.Count > 1 && average > 0 ? Math.Sqrt(means.Sum(m => (m - average) * (m - average)) / means.Count) / average : double.NaN;
        return (ssTotal > 0 ? Math.Min(1, ssBetween / ssTotal) : double.NaN, spread);
    }

    /// <summary>The least correlation at which two measures on one scale are one quality measured twice.</summary>
    public const double SameScaleR = 0.9;

    /// <summary>
    /// Whether two measures share a scale: medians within a tenth of each other and spreads (interquartile ranges)
    /// within a factor of 1.5 (two test scores around 650, two weights in kilograms).
    /// </summary>
    internal static bool SameScale(double[] a, double[] b)
    {
        var x = Descriptive.Sorted(a.Where(double.IsFinite).ToArray());
        var y = Descriptive.Sorted(b.Where(double.IsFinite).ToArray());
        if (x.Length < 4 || y.Length < 4) return false;
        double mx = Descriptive.QuantileSorted(x, 0.5), my = Descriptive.QuantileSorted(y, 0.5);
        double ix = Descriptive.QuantileSorted(x, 0.75) - Descriptive.QuantileSorted(x, 0.25), iy = Descriptive.QuantileSorted(y, 0.75) - Descriptive.QuantileSorted(y, 0.25);
        var level = Math.Max(Math.Abs(mx), Math.Abs(my));
        return level > 0 && Math.Abs(mx - my) <= 0.1 * level && ix > 0 && iy > 0 && Math.Max(ix, iy) <= 1.5 * Math.Min(ix, iy);
    }

    /// <summary>The most rows for the exact test of a count split (a larger table's correlation has the power it needs).</summary>
    public const int MaxSplitRows = 1000;

    /// <summary>The least rows on each side of a count split.</summary>
    public const int MinSplitSide = 4;

    /// <summary>The largest corrected p-value of a count split (Bonferroni over every cut and pair tried).</summary>
    public const double MaxSplitP = 0.05;

    /// <summary>The least gap between the two sides' shares of rows with an event.</summary>
    public const double MinSplitGap = 0.4;

    /// <summary>
    /// Whether values count rare events: whole numbers from zero, zero in at least half the rows, above zero in at least
    /// <see cref="MinSplitSide"/> and two or more somewhere (failures per flight, defects per batch; a 0/1 flag is a rate's).
    /// </summary>
    public static bool IsEventCount(IReadOnlyList<double> values)
    {
        int present = 0, zeros = 0, positive = 0;
        double max = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            if (v < 0 || v != Math.Floor(v)) return false;
            present++;
            max = Math.Max(max, v);
            if (v == 0) zeros++; else positive++;
        }
        return present > 0 && zeros * 2 >= present && positive >= MinSplitSide && max >= 2;
    }

    /// <summary>A measure whose rank order separates the rows with an event this well (AUC) defines it: the follow-up
    /// week and the arrest it ends with, a delay and its late flag.</summary>
    public const double MaxSplitAuc = 0.95;

    /// <summary>The area under the ROC curve of <paramref name="driver"/> for rows with an event (0.5: no separation).</summary>
    internal static double Auc(double[] driver, double[] count, int[] rows)
    {
        var ranks = Descriptive.Ranks(rows.Select(r => driver[r]).ToArray(), out _);
        double r1 = 0;
        long n1 = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            if (!(count[rows[k]] > 0)) continue;
            r1 += ranks[k];
            n1++;
        }
        var n0 = rows.Length - n1;
        return n1 == 0 || n0 == 0 ? 0.5 : (r1 - n1 * (n1 + 1) / 2.0) / (n1 * (double)n0);
    }

    /// <summary>
    /// The table's event counts: numeric columns, and category columns whose labels are all whole numbers (a count with
    /// few values, such as failures per flight of 0, 1 or 2, reads as a category), as numbers per row.
    /// </summary>
    internal static List<(string Name, double[] Values)> EventCounts(AnalysisTable table, IReadOnlyList<NumericColumn> columns)
    {
        var list = columns.Where(c => IsEventCount(c.Values)).Select(c => (c.Name, c.Values)).ToList();
        foreach (var c in table.Categories)
        {
            if (c.Derived is not null || c.Labels.Length < 2) continue;
            var numbers = new double[c.Labels.Length];
            var whole = true;
            for (var i = 0; i < c.Labels.Length && whole; i++)
            {
                whole = double.TryParse(c.Labels[i], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]);
            }
            if (!whole) continue;
            var values = c.Codes.Select(code => code < 0 ? double.NaN : numbers[code]).ToArray();
            if (IsEventCount(values)) list.Add((c.Name, values));
        }
        return list;
    }

    /// <summary>
    /// For each measure that drives an event count with no correlation told between them (too few rows for the
    /// correlation to pass the table's correction, or a count with so few values it reads as a category), the round cut
    /// of the measure where the share of rows with any event differs most, tested exactly (Fisher) and kept when it
    /// survives a Bonferroni correction over every cut and pair tried and the two shares are far apart; one story per
    /// driver, its strongest count.
    /// </summary>
    internal static IEnumerable<CountSplit> CountSplits(AnalysisTable table, IReadOnlyList<NumericColumn> columns, ISet<(string, string)> told)
    {
        var counts = EventCounts(table, columns);
        if (counts.Count == 0) yield break;
        var countNames = counts.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var drivers = columns.Where(c => !countNames.Contains(c.Name) && c.Values.Where(double.IsFinite).Distinct().Count() >= 8).ToList();
        var candidates = new List<CountSplit>();
        var tried = 0;
        foreach (var driver in drivers)
        {
            foreach (var (count, values) in counts)
            {
                if (told.Contains((driver.Name, count)) || told.Contains((count, driver.Name)) || table.Unrelated.Contains((driver.Name, count))) continue;
                var rows = Enumerable.Range(0, table.RowCount).Where(r => double.IsFinite(driver.Values[r]) && double.IsFinite(values[r])).ToArray();
                if (Auc(driver.Values, values, rows) is var auc && (auc >= MaxSplitAuc || auc <= 1 - MaxSplitAuc)) continue;
                var cuts = RoundCuts(rows.Select(r => driver.Values[r]).ToArray());
                tried += cuts.Count;
                foreach (var cut in cuts)
                {
                    int belowN = 0, belowHits = 0, aboveN = 0, aboveHits = 0;
                    foreach (var r in rows)
                    {
                        var hit = values[r] > 0;
                        if (driver.Values[r] < cut) { belowN++; if (hit) belowHits++; }
                        else { aboveN++; if (hit) aboveHits++; }
                    }
                    if (belowN < MinSplitSide || aboveN < MinSplitSide) continue;
                    var p = RateStory.FisherExact(belowHits, belowN - belowHits, aboveHits, aboveN - aboveHits);
                    candidates.Add(new CountSplit(driver.Name, count, cut, belowN, belowHits, aboveN, aboveHits, p, 0));
                }
            }
        }
        foreach (var best in candidates.GroupBy(c => c.Driver, StringComparer.Ordinal)
                     .Select(g => g.OrderBy(c => c.P).ThenBy(c => c.Cut).First() with { Tried = tried }))
        {
            if (best.CorrectedP < MaxSplitP && Math.Abs(best.BelowRate - best.AboveRate) >= MinSplitGap) yield return best;
        }
    }

    /// <summary>Round values (1, 2 or 5 × 10ᵏ apart) strictly inside the range of <paramref name="values"/>, about five to twelve of them.</summary>
    internal static List<double> RoundCuts(double[] values)
    {
        if (values.Length == 0) return [];
        double min = values.Min(), max = values.Max();
        if (!(max > min)) return [];
        var step = Math.Pow(10, Math.Floor(Math.Log10((max - min) / 5)));
        foreach (var m in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if ((max - min) / (step * m) <= 12) { step *= m; break; }
        }
        var cuts = new List<double>();
        for (var c = Math.Floor(min / step) * step + step; c < max; c += step) cuts.Add(Math.Round(c, 10));
        return cuts;
    }

    /// <summary>An event count's values per row, from a numeric column or a category of whole-number labels.</summary>
    private static double[] CountValues(AnalysisTable table, string name) => table.Find(name) switch
    {
        NumericColumn n => n.Values,
        CategoryColumn c => c.Codes.Select(code => code >= 0 && double.TryParse(c.Labels[code], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray(),
        _ => throw new InvalidOperationException($"{name} is not an event count."),
    };

    /// <summary>
    /// What "had any" reads as for an event count: "n failures" or "number of claims" → "at least one failure" /
    /// "at least one claim"; any other count → "incidents above zero".
    /// </summary>
    internal static string Event(string count)
    {
        var m = CountPrefix().Match(count);
        if (!m.Success) return $"{count} above zero";
        var thing = count[m.Length..].Trim();
        if (thing.EndsWith("ies", StringComparison.Ordinal)) thing = thing[..^3] + "y";
        else if (thing.EndsWith('s') && !thing.EndsWith("ss", StringComparison.Ordinal)) thing = thing[..^1];
        return $"at least one {thing}";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(n|num|number of|count of|no\.? of)\s+(?=\p{L})", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex CountPrefix();

    private static Insight SplitInsight(AnalysisTable table, CountSplit s)
    {
        var (driver, count) = (Words.Human(s.Driver), Words.Human(s.Count));
        var noun = table.Noun;
        var cut = Fmt.Num(s.Cut);
        var (hitSide, hitN, hitHits, otherSide, otherN, otherHits) = s.Low
            ? ($"below {cut}", s.BelowN, s.BelowHits, "at or above it", s.AboveN, s.AboveHits)
            : ($"of {cut} or more", s.AboveN, s.AboveHits, "below it", s.BelowN, s.BelowHits);
        var share = hitHits == hitN ? $"all {Fmt.Int(hitN)}" : $"{Fmt.Int(hitHits)} of {Fmt.Int(hitN)}";
        var title = $"At {driver} {hitSide}, {share} {noun} had {Event(count)}, against {Fmt.Int(otherHits)} of {Fmt.Int(otherN)} {otherSide}";
        var summary = $"{Words.Cap(count)} came with {(s.Low ? "low" : "high")} {driver}: {Fmt.Pct(hitHits / (double)hitN)} of the {noun} with {driver} {hitSide} had any, against {Fmt.Pct(otherHits / (double)otherN)} of the others. " +
            $"Fisher's exact test at that cut gives {Fmt.P(s.P)}; the cut was the strongest of {s.Tried} round values tried, and the result holds after a Bonferroni correction for them (adjusted {Fmt.P(s.CorrectedP)}).";
        var driverValues = ((NumericColumn)table.Find(s.Driver)!).Values;
        var countValues = CountValues(table, s.Count);
        var pearson = StatTests.Pearson(driverValues, countValues);
        var spearman = StatTests.Spearman(driverValues, countValues);
        var line = LeastSquares.Fit(driverValues, countValues);
        var detail = new CorrelationDetail(s.Driver, s.Count, pearson, spearman, s.CorrectedP, s.Tried, null, line.Slope, line.Intercept, Split: s);
        return new Insight(StoryKinds.Of<CorrelationStory>(), [s.Driver, s.Count], title, summary, ["bar", "scatter"],
            "Fisher's exact test at the strongest round cut, Bonferroni-corrected over the cuts tried", null, s.CorrectedP,
            s.BelowRate - s.AboveRate, s.BelowN + s.AboveN, Math.Abs(s.BelowRate - s.AboveRate), detail);
    }

    public static CorrelationDetail? Analyze(NumericColumn x, NumericColumn y, double adjustedP, int pairsTested, AnalysisTable? table = null)
    {
        var pearson = StatTests.Pearson(x.Values, y.Values);
        // Without missing values the whole-column ranks (cached per table) are the pairwise ranks.
        var spearman = table is not null && x.MissingCount == 0 && y.MissingCount == 0
            ? StatTests.Pearson(table.Ranks(x), table.Ranks(y))
            : StatTests.Spearman(x.Values, y.Values);
        if (double.IsNaN(pearson.R) || double.IsNaN(spearman.R)) return null;
        // Least-squares line for the chart.
        var line = LeastSquares.Fit(x.Values, y.Values);
        return new CorrelationDetail(x.Name, y.Name, pearson, spearman, adjustedP, pairsTested, null, line.Slope, line.Intercept);
    }

    /// <summary>The pooled rate of a count per unit of its exposure (on the scale that puts it at 1 or more) and whether larger units have higher rates.</summary>
    public static ExposureRate Rate(NumericColumn count, NumericColumn exposure)
    {
        double events = 0, units = 0;
        var rates = new double[count.Length];
        for (var r = 0; r < count.Length; r++)
        {
            double c = count.Values[r], e = exposure.Values[r];
            rates[r] = double.IsFinite(c) && double.IsFinite(e) && e > 0 ? c / e : double.NaN;
            if (!double.IsFinite(rates[r])) continue;
            events += c;
            units += e;
        }
        var (scale, words) = RowModels.Scale(rates);
        return new ExposureRate(count.Name, exposure.Name, units > 0 ? scale * events / units : double.NaN, scale, words, StatTests.Spearman(rates, exposure.Values));
    }

    /// <summary>How a rate varies with the size of the unit, in words ("about the same at every size of population").</summary>
    private static string SizeWords(ExposureRate rate) =>
        Math.Abs(rate.SizeRho.R) < MinAbsR || !(rate.SizeRho.PValue < MaxAdjustedP)
            ? $"about the same at every size of {Words.Human(rate.Exposure)}"
            : $"{(rate.SizeRho.R > 0 ? "higher" : "lower")} where {Words.Human(rate.Exposure)} is larger";

    /// <summary>
    /// The table of period-to-period changes of its measures, rows in time order (a series table has one row per time
    /// point). Names stay the same so the evidence cites the file's columns; the period names the step.
    /// </summary>
    public static (AnalysisTable Table, string Period) Changes(AnalysisTable table, DataColumn axis)
    {
        var order = Enumerable.Range(0, table.RowCount).Where(r => double.IsFinite(TimeSeriesBuilder.TimeValue(axis, r)))
            .OrderBy(r => TimeSeriesBuilder.TimeValue(axis, r)).ToArray();
        var columns = new List<DataColumn>();
        foreach (var m in table.Numeric)
        {
            var diffs = new double[Math.Max(0, order.Length - 1)];
            for (var i = 1; i < order.Length; i++) diffs[i - 1] = m.Values[order[i]] - m.Values[order[i - 1]];
            columns.Add(new NumericColumn(m.Name, m.Index, diffs, false));
        }
        var period = "period";
        if (order.Length >= 2)
        {
            var step = Descriptive.Median(Enumerable.Range(1, order.Length - 1).Select(i => TimeSeriesBuilder.TimeValue(axis, order[i]) - TimeSeriesBuilder.TimeValue(axis, order[i - 1])).ToArray());
            period = axis is NumericColumn ? (step <= 1.01 ? "year" : "period")
                : step < 1.5 ? "day" : step < 8 ? "week" : step < 32 ? "month" : step < 95 ? "quarter" : step < 370 ? "year" : "period";
        }
        var rows = Math.Max(0, order.Length - 1);
        return (new AnalysisTable(columns, rows, Enumerable.Range(0, rows).ToArray(), table.Sampling) { Unrelated = table.Unrelated, Focus = table.Focus }, period);
    }

    private static Insight ToInsight(CorrelationDetail d)
    {
        var r = Math.Abs(d.Spearman.R) >= Math.Abs(d.Pearson.R) ? d.Spearman.R : d.Pearson.R;
        var positive = r > 0;
        var strength = Math.Abs(r) >= 0.7 ? "strongly" : Math.Abs(r) >= 0.5 ? "clearly" : "moderately";
        // Driver first ("Higher airflow goes with higher stack loss"), names without their units (the numbers carry them).
        var (x, y) = ColumnWords.DriverByName(d.X, d.Y) is var (dx, dy) ? (ColumnWords.Split(dx).Name, ColumnWords.Split(dy).Name) : (ColumnWords.Split(d.X).Name, ColumnWords.Split(d.Y).Name);
        string title, first;
        if (d.Rate is { } rate)
        {
            title = $"{Words.Cap(Words.Human(rate.Count))} {Words.Verb(Words.Human(rate.Count), "runs", "run")} at about {Fmt.Num(rate.Pooled)} per {rate.ScaleWords}{Words.Human(rate.Exposure)}, {SizeWords(rate)}";
            first = $"Across {Fmt.Int(d.Pearson.N)} rows, {Words.Human(rate.Count)} grows with {Words.Human(rate.Exposure)} because it counts events among those units; pooled, there are {Fmt.Num(rate.Pooled)} per {rate.ScaleWords}{Words.Human(rate.Exposure)}, and each row's rate against its size gives Spearman ρ = {Fmt.Coef(rate.SizeRho.R)}. ";
        }
        else if (d.Differenced)
        {
            title = positive
                ? $"{Words.Cap(x)} and {y} rise and fall together from {d.Period} to {d.Period}"
                : $"When {x} rises from one {d.Period} to the next, {y} tends to fall";
            first = $"Comparing each {d.Period} with the one before, changes in {x} and in {y} are {strength} {(positive ? "positively" : "negatively")} related across {Fmt.Int(d.Pearson.N)} steps; using the changes rather than the levels rules out a link that is only two shared trends. ";
        }
        else if (d.Small)
        {
            // The driver is X (see Detect): its slope is the outcome's change per unit of it.
            var (sx, sy) = (ColumnWords.Split(d.X).Name, ColumnWords.Split(d.Y).Name);
            var slope = Math.Abs(d.LeastSquaresSlope);
            title = $"Higher {sx} goes with slightly {(positive ? "higher" : "lower")} {sy}, a small effect: about {Fmt.Num(slope)} {(positive ? "more" : "less")} {ColumnWords.PerStep(d.X)}";
            first = $"Across {Fmt.Int(d.Pearson.N)} rows, {sy} is {(positive ? "higher" : "lower")} where {sx} is higher, by about {Fmt.Num(slope)} {ColumnWords.PerStep(d.X)} on the least-squares line: a small effect, but no other measure of the table goes with {sy} as clearly. ";
        }
        else
        {
            title = positive ? $"Higher {x} goes with higher {y}" : $"Higher {x} goes with lower {y}";
            first = $"Across {Fmt.Int(d.Pearson.N)} rows, {x} and {y} are {strength} {(positive ? "positively" : "negatively")} related: where one is higher, the other tends to be {(positive ? "higher" : "lower")} too. ";
        }
        var summary = first +
            $"Pearson r = {Fmt.Coef(d.Pearson.R)} and Spearman ρ = {Fmt.Coef(d.Spearman.R)}; the link holds after a Benjamini-Hochberg correction across {d.PairsTested} column pair{(d.PairsTested == 1 ? "" : "s")} (adjusted {Fmt.P(d.AdjustedP)}).";
        // A small effect that is its outcome's only driver ranks as a moderate link would: it is the table's answer.
        var impact = d.Small ? Math.Max(Math.Abs(r), MinAbsR) : Math.Abs(r) * (Math.Abs(d.Pearson.R) > 0.98 ? 0.3 : 1);
        return new Insight(StoryKinds.Of<CorrelationStory>(), [d.X, d.Y], title, summary, ["scatter", "histogram"],
            d.Differenced ? "Pearson and Spearman correlation of period-to-period changes, Benjamini-Hochberg adjusted" : "Pearson and Spearman correlation, Benjamini-Hochberg adjusted",
            d.Spearman.R, d.AdjustedP, d.Pearson.R, d.Pearson.N, impact, d);
    }

    private static void CountSplitStory(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, CountSplit s)
    {
        string[] cols = [s.Driver, s.Count];
        var rows = $"{AllRows(table)} with both values present";
        var noun = table.Noun;
        var cut = nb.N(s.Cut, $"round value of {s.Driver} that splits the rows (the strongest of those tried)", cols, rows);
        var below = $"{nb.Int(s.BelowHits, $"rows with {s.Driver} below the cut and {s.Count} above zero", cols, rows)} of {nb.Int(s.BelowN, $"rows with {s.Driver} below the cut", cols, rows)}";
        var above = $"{nb.Int(s.AboveHits, $"rows with {s.Driver} at or above the cut and {s.Count} above zero", cols, rows)} of {nb.Int(s.AboveN, $"rows with {s.Driver} at or above the cut", cols, rows)}";
        var belowPct = nb.Pct(s.BelowRate, $"share of rows below the cut with {s.Count} above zero", cols, rows);
        var abovePct = nb.Pct(s.AboveRate, $"share of rows at or above the cut with {s.Count} above zero", cols, rows);
        nb.Lead($"{Cap(H(s.Count))} came with {(s.Low ? "low" : "high")} {H(s.Driver)}: of the {noun} with {H(s.Driver)} below {cut}, {below} had {H(s.Count)} ({belowPct}); at {cut} or more, {above} did ({abovePct}).");
        nb.Evidence($"Fisher's exact test of the two sides gives {nb.P(s.P, "Fisher exact two-sided p-value at the cut", cols, rows)}. The cut is the round value where the two sides differ most among {nb.Int(s.Tried, "round cuts tried (times the count and driver pairs)", cols, rows)} tried, so the p-value is corrected for that search (Bonferroni: {nb.P(s.CorrectedP, "Bonferroni-corrected p-value", cols, rows)}). With this few {noun} the exact place of the cut is not known; that {H(s.Count)} came with {(s.Low ? "low" : "high")} {H(s.Driver)} is what the test supports.");
        charts.Add(ChartFactory.Bars($"Share of {noun} with {H(s.Count)}, by {H(s.Driver)}", H(s.Driver), $"Share with {H(s.Count)}",
            [$"below {Fmt.Num(s.Cut)}", $"{Fmt.Num(s.Cut)} or more"], [s.BelowRate, s.AboveRate], highlight: 1));
        var xs = ((NumericColumn)table.Find(s.Driver)!).Values;
        var ys = CountValues(table, s.Count);
        charts.Add(ChartFactory.Scatter($"{Cap(H(s.Count))} against {H(s.Driver)}", s.Driver, s.Count, xs, ys, null));
    }

    private static void Correlation(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, CorrelationDetail d)
    {
        string[] cols = [d.X, d.Y];
        var rows = $"{AllRows(table)} with both values present";
        var r = Math.Abs(d.Spearman.R) >= Math.Abs(d.Pearson.R) ? d.Spearman.R : d.Pearson.R;
        var positive = r > 0;
        var strength = nb.N(r, "the stronger of the Spearman and Pearson correlations, in words", cols, rows, EffectWords.Strength);
        var n = nb.Int(d.Pearson.N, "rows with both values", cols, rows);
        var step = d.Differenced ? $" from one {d.Period} to the next" : "";
        // The slope from driver to outcome when the names (or the table's time axis, or an x–y table) say which is
        // which; otherwise the two only go together.
        var driver = ColumnWords.Driver(table, d.X, d.Y);
        var source = d.Differenced && table.Time.Axis is { } timeAxis ? CorrelationStory.Changes(table, timeAxis).Table : table;
        if (d.Split is { } split)
        {
            CountSplitStory(nb, charts, table, split);
            return;
        }
        if (d.Rate is { } rate)
        {
            string[] rc = [rate.Count, rate.Exposure];
            var pooled = nb.N(rate.Pooled, $"all {rate.Count} over all {rate.Exposure}, times {rate.Scale.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)}", rc, rows);
            var rho = nb.Coef(rate.SizeRho.R, $"Spearman correlation of each row's {rate.Count} per {rate.Exposure} with its {rate.Exposure}", rc, rows);
            nb.Lead($"{Cap(H(rate.Count))} {Words.Verb(H(rate.Count), "runs", "run")} at about {pooled} per {rate.ScaleWords}{H(rate.Exposure)}, {SizeWords(rate)} (each row's rate against its {H(rate.Exposure)}: Spearman ρ = {rho}). {Cap(H(rate.Count))} {Words.Verb(H(rate.Count), "grows", "grow")} with {H(rate.Exposure)} because {Words.Verb(H(rate.Count), "it counts", "they count")} events among those units; the rate is what compares.");
        }
        else if (driver is { } pair)
        {
            var (x, y) = pair;
            var slope = x == d.X ? d.LeastSquaresSlope : LeastSquares.Slope(((NumericColumn)source.Find(x)!).Values, ((NumericColumn)source.Find(y)!).Values);
            var (outcome, unit) = ColumnWords.Split(y);
            // A tiny slope (0.0036 deaths per person) reads per 10, 100, 1,000 … of the driver ("3.6 per 1,000").
            var per = ColumnWords.PerStep(x);
            var scale = 1.0;
            if (per.StartsWith("per unit of ", StringComparison.Ordinal) && Math.Abs(slope) is > 0 and < 0.05)
            {
                while (Math.Abs(slope) * scale < 1 && scale < 1e6) scale *= 10;
                if (scale > 1) per = $"per {nb.Int(scale, $"step of {x} the slope is stated for", [x, y], rows)} units of {ColumnWords.Split(x).Name}";
            }
            var amount = nb.N(Math.Abs(slope) * scale, $"least-squares slope of {y} on {x}{(d.Differenced ? $" ({d.Period}-to-{d.Period} changes)" : "")}{(scale > 1 ? $", times {scale.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)}" : "")}", [x, y], rows);
            var rises = (slope > 0) == positive ? (slope > 0 ? Words.Verb(outcome, "rises", "rise") : Words.Verb(outcome, "falls", "fall")) : Words.Verb(outcome, "changes", "change");
            nb.Lead(d.Differenced
                ? $"{Cap(outcome)} {rises} with {ColumnWords.Split(x).Name}{step}: on average, about {unit?.Amount(amount) ?? amount} {per} of change, a {strength} link across {n} steps."
                : $"{Cap(outcome)} {rises} with {ColumnWords.Split(x).Name}: on average, about {unit?.Amount(amount) ?? amount} {per}, a {strength} link across {n} {table.Noun}.");
        }
        else
        {
            nb.Lead(d.Differenced
                ? $"{Cap(H(d.X))} and {H(d.Y)} move together{step}: {d.Period}s in which {H(d.X)} rises tend to be {d.Period}s in which {H(d.Y)} {(positive ? "rises" : "falls")}, a {strength} link across {n} steps."
                : $"{Cap(H(d.X))} and {H(d.Y)} go together: {table.Noun} with higher {H(d.X)} tend to have {(positive ? "higher" : "lower")} {H(d.Y)}, a {strength} link across {n} {table.Noun}. The data do not say which drives which.");
        }
        nb.Evidence($"Across {n} {(d.Differenced ? $"steps ({d.Period} to {d.Period})" : table.Noun)}, the rank correlation is Spearman ρ = {nb.Coef(d.Spearman.R, "Spearman rank correlation", cols, rows)} and the linear correlation Pearson r = {nb.Coef(d.Pearson.R, "Pearson correlation", cols, rows)}, far from what chance would give ({nb.P(d.Pearson.PValue, "Pearson t-test p-value", cols, rows)}). " +
            $"Discovery tested every pair of numeric columns and kept only pairs that survive a Benjamini-Hochberg false-discovery-rate correction (adjusted {nb.P(d.AdjustedP, "Benjamini-Hochberg adjusted p-value", cols, rows)}), so this is not one lucky pair among many. " +
            (Math.Abs(d.Spearman.R) - Math.Abs(d.Pearson.R) > 0.1 ? "Spearman's ρ is clearly stronger than Pearson's r: the relationship is consistent in direction but not a straight line (or a few extreme values weaken the linear fit). " : "Pearson and Spearman agree, so the relationship is close to linear. ") +
            $"The least-squares line of {H(d.Y)} on {H(d.X)} has a slope of {nb.N(d.LeastSquaresSlope, "least-squares slope", cols, rows, Fmt.Signed)}." +
            (d.Differenced ? $" The figures compare changes, not levels: each point is how much {H(d.X)} and {H(d.Y)} moved from one {d.Period} to the next, because two series that both grow over time always look related in their levels." : ""));
        var xs = ((NumericColumn)source.Find(d.X)!).Values;
        var ys = ((NumericColumn)source.Find(d.Y)!).Values;
        charts.Add(ChartFactory.Scatter(d.Differenced ? $"Change in {H(d.Y)} against change in {H(d.X)}, {d.Period} to {d.Period}" : $"{Cap(H(d.Y))} against {H(d.X)}", d.X, d.Y, xs, ys, (d.LeastSquaresSlope, d.LeastSquaresIntercept)));
        // With other drivers, their scatters take the first histogram's place (at most four charts).
        if (d.Drivers is { Count: > 0 } companions) OtherDrivers(nb, charts, table, d, companions, rows);
        else charts.Add(ChartFactory.Histogram($"Distribution of {H(d.X)}", d.X, xs));
        charts.Add(ChartFactory.Histogram($"Distribution of {H(d.Y)}", d.Y, ys));
    }

    /// <summary>The outcome's other strong drivers (<see cref="WithDrivers"/>): each one's link, that it is not the lead's driver again, and its scatter.</summary>
    private static void OtherDrivers(NarrativeBuilder nb, List<ChartImage> charts, AnalysisTable table, CorrelationDetail d, IReadOnlyList<DriverCompanion> companions, string rows)
    {
        var (driver, outcome) = ColumnWords.DriverByName(d.X, d.Y) ?? (d.X, d.Y);
        var parts = companions.Select(c =>
        {
            string[] cc = [c.Pair.X, c.Pair.Y];
            return $"{(c.Pair.Pearson.R > 0 ? "higher" : "lower")} where {H(c.Driver)} is higher (Pearson r = {nb.Coef(c.Pair.Pearson.R, $"Pearson correlation of {c.Driver} and {outcome}", cc, rows)}, adjusted {nb.P(c.Pair.AdjustedP, $"Benjamini-Hochberg adjusted p-value of {c.Driver} and {outcome}", cc, rows)})";
        }).ToList();
        var apart = string.Join(" and ", companions.Select(c => $"{H(c.Driver)} at r = {nb.Coef(c.WithLeadR, $"Pearson correlation of {c.Driver} and {driver} (screened rows)", [c.Driver, driver], rows)}"));
        nb.Paragraph($"{Cap(H(outcome))} has other strong drivers besides {H(driver)}: it is also {string.Join(", and ", parts)}. These are not {H(driver)} measured again: {H(driver)} goes with {apart}, well short of one measure counted twice, and each link passed the same correction.");
        foreach (var c in companions)
        {
            var xs = ((NumericColumn)table.Find(c.Pair.X)!).Values;
            var ys = ((NumericColumn)table.Find(c.Pair.Y)!).Values;
            charts.Add(ChartFactory.Scatter($"{Cap(H(c.Pair.Y))} against {H(c.Pair.X)}", c.Pair.X, c.Pair.Y, xs, ys, (c.Pair.LeastSquaresSlope, c.Pair.LeastSquaresIntercept)));
        }
    }
}
