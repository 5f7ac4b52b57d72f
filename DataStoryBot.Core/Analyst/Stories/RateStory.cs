using System.Globalization;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// What counts as the outcome of a row: a level of a category column (a state such as Declined or Breached), or the
/// "yes" of a yes/no or 0/1 flag. Rows in a level that has no outcome yet (Pending, Open, In progress) are left out of
/// the rate's denominator.
/// </summary>
/// <param name="Level">The label of the outcome level.</param>
/// <param name="Phrase">The outcome in words, as it reads after "claims are" ("declined", "escalated").</param>
/// <param name="Undecided">Labels of levels left out of the denominator.</param>
/// <param name="OtherLevels">Further levels that mean the same outcome ("Backed out" beside "Unsuccessful": the change
/// failed either way); the rate counts a row with any of them.</param>
public sealed record RateOutcome(string Column, string Level, bool IsFlag, string Phrase, IReadOnlyList<string> Undecided, IReadOnlyList<string>? OtherLevels = null)
{
    /// <summary>The outcome is an item's having left service (Retired, Disposed): read only by its age (<see cref="RateStory.LeftServiceOutcomes"/>).</summary>
    public bool LeftService { get; init; }

    /// <summary>Every label that counts as the outcome: <see cref="Level"/> first.</summary>
    public IReadOnlyList<string> Levels => [Level, .. OtherLevels ?? []];

    /// <summary>The outcome's labels for a subset's description ("Unsuccessful or Backed out").</summary>
    public string LevelsText => string.Join(" or ", Levels);
}

/// <summary>One group's (or one period's) rows and how many of them have the outcome.</summary>
public sealed record RateCount(string Label, int N, int Hits)
{
    public double Rate => N == 0 ? double.NaN : Hits / (double)N;
}

/// <param name="Groups">The reported groups (at least <see cref="RateStory.MinGroupRows"/> rows each), highest rate first.</param>
/// <param name="Standout">The group whose rate stands out from the rest of the rows (highest or lowest).</param>
/// <param name="Rest">The other reported groups' rows pooled.</param>
/// <param name="FisherP">For two groups with small expected counts, Fisher's exact p-value (used instead of the chi-square's).</param>
/// <param name="Q">The p-value after the Benjamini-Hochberg correction across the comparisons tested in the table.</param>
/// <param name="Tested">How many comparisons the correction ran over.</param>
/// <param name="LeftOutGroups">Groups with fewer than <see cref="RateStory.MinGroupRows"/> rows (or beyond the largest <see cref="RateStory.MaxGroups"/>), left out.</param>
/// <param name="UndecidedRows">Rows left out because their outcome is not decided yet.</param>
/// <param name="MinRows">The least rows of a reported group: <see cref="RateStory.MinGroupRows"/>, or more when the
/// column has many groups (each reported rate then rests on enough rows to be within ±5 points, see <see cref="RateStory.MinRowsFor"/>).</param>
/// <param name="Confound">The standout's gap read within the levels of the category that explains it most (see <see cref="Confounders"/>).</param>
/// <param name="Designed">The group column is a factor of the table's experimental design: its rate is what the experiment measures.</param>
public sealed record RateGroupDetail(
    RateOutcome Outcome, string Group, IReadOnlyList<RateCount> Groups, RateCount Standout, bool High, RateCount Rest, RateCount Overall,
    ChiSquareResult Test, double? FisherP, double Q, int Tested, int LeftOutGroups, int LeftOutRows, int UndecidedRows, int MinRows = RateStory.MinGroupRows,
    ConfoundCheck? Confound = null, bool Designed = false)
{
    public double PValue => FisherP ?? Test.PValue;

    /// <summary>
    /// The table's main outcome this one is a step towards (mortgage insurance denied → the loan denied: nearly every
    /// row with this outcome has that one too, see <see cref="RateStory.StepsOf"/>), or null. The same group's gap on the
    /// main outcome is the story to tell (<see cref="InsightRanker.PickDiverse"/>).
    /// </summary>
    public string? StepOf { get; init; }
}

/// <param name="Periods">Whole periods with at least <see cref="RateStory.MinGroupRows"/> rows, in time order (T: the period's start).</param>
/// <param name="Granularity">"month" or "year".</param>
/// <param name="First">The first third of the periods pooled.</param>
/// <param name="Last">The last third of the periods pooled.</param>
/// <param name="TrendZ">Cochran-Armitage z of the chi-square test for trend in proportions.</param>
public sealed record RateTimeDetail(
    RateOutcome Outcome, string TimeColumn, bool TimeIsYear, string Granularity, IReadOnlyList<RateCount> Periods, IReadOnlyList<double> T,
    RateCount First, RateCount Last, int ThirdSize, double TrendZ, double TrendP, MannKendallResult MannKendall, double Q, int Tested, int UndecidedRows);

/// <summary>
/// Rates, not only counts (issue 21, item 2): an outcome column (a state such as Declined, Breached or Late, or a
/// yes/no flag) becomes a rate, compared across the groups of another category column with a chi-square test of the
/// 2×k table (Fisher's exact test for two small groups), Benjamini-Hochberg across the comparisons, at least
/// <see cref="MinGroupRows"/> rows per reported group (more for a column of many groups, so the highest rate is not the
/// noise of a small one) and an effect that matters (the highest and lowest group's rates at least
/// <see cref="MinGroupRatio"/> times and <see cref="MinGroupDifference"/> apart, the standout group clearly off the rest);
/// and over time, the rate per whole month or year with a chi-square test for trend (Cochran-Armitage) confirmed by a
/// Mann-Kendall test on the period rates. An outcome that (nearly) follows from the group (Cramér's V ≥ 0.9: a routing
/// or state rule) is not a story.
/// </summary>
public sealed partial class RateStory : StoryKind
{
    public override string Name => "rate";

    public override double Weight => 0.9;

    public override IReadOnlyList<string> SteeringWords { get; } =
        // "approval rate", "approved", not "approv": "why are approval times getting longer?" asks how long approval takes.
        ["rate", "declin", "reject", "approval rate", "approved", "approves", "breach", "late", "fail", "percent", "share", "how often", "likel"];

    public override string? Caveat => "Rates are compared as recorded: the groups or periods may differ in their mix of cases (amounts, types, people), which the data does not adjust for.";

    public const int MinGroupRows = 20;
    public const int MaxGroups = 30;
    public const int MaxGroupLevels = 500;
    public const int MaxOutcomeLevels = 12;
    public const int MaxOutcomes = 6;
    public const int MaxGroupColumns = 20;
    public const int MinOutcomeRows = 10;
    public const double MinRatio = 1.5;
    public const double MinDifference = 0.05;

    /// <summary>Groups: the highest and lowest reported rates must be this many times apart (9.7% against 6.4% callbacks)…</summary>
    public const double MinGroupRatio = 1.4;

    /// <summary>…and this far apart in points; the standout group differs from the rest's pooled rate by as much.</summary>
    public const double MinGroupDifference = 0.025;

    /// <summary>Above this many groups of <see cref="MinGroupRows"/> rows (airports, vendors), a group is reported only
    /// when its rate is known to within <see cref="ManyGroupsHalfWidth"/> (95% interval).</summary>
    public const int ManyGroups = 10;

    public const double ManyGroupsHalfWidth = 0.05;
    public const double MaxQ = 0.001;
    public const double MaxRoutingV = 0.9;
    public const int MinPeriods = 6;

    /// <summary>A rate gap that is another category's mix is told as the mix, and weighs this much less.</summary>
    public const double MixDiscount = 0.8;

    /// <summary>An outcome's rate by a factor an experimenter assigned is what the experiment was run to measure: it leads.</summary>
    public const double DesignBoost = 1.4;

    public override void Write(StoryDraft draft)
    {
        switch (draft.Insight.Detail)
        {
            case RateGroupDetail d:
                WriteGroups(draft, d);
                break;
            case RateTimeDetail d:
                WriteTime(draft, d);
                break;
            case RateGapDetail d:
                WriteGaps(draft, d);
                break;
            case ExposureRateDetail d:
                ExposureRates.Write(draft, d);
                break;
            default:
                throw new EngineException(EngineFailureKind.Unanalyzable, $"A {Name} story cannot carry a {draft.Insight.Detail.GetType().Name}.");
        }
    }

    // ---------------------------------------------------------------- finding the outcome

    /// <summary>
    /// Adverse outcomes by family: the levels of one state column in one family are one outcome (a change that was
    /// "Unsuccessful" or "Backed out" failed either way; "Rejected" and "Closed - Declined" were both refused).
    /// </summary>
    private static readonly (string Family, string[] Stems, string[] Words)[] Adverse =
    [
        ("fail", ["fail", "unsuccess", "backout", "rollback", "revert", "abort"], []),
        ("refuse", ["declin", "reject", "denied", "deny", "refus", "disallow"], []),
        ("cancel", ["cancel", "withdr", "abandon", "expired"], []),
        ("late", ["breach", "overdue", "missed", "violat"], ["late", "delayed"]),
        ("escalate", ["escalat"], []),
        ("reopen", ["reopen"], []),
        // An asset or item out of order ("In repair", "Broken", "Faulty"): "repaired" is back in order, so whole words.
        ("broken", ["malfunction", "defect"], ["repair", "repairs", "broken", "faulty", "damaged"]),
        // A bill or charge the counterparty contests ("Disputed", "Chargeback").
        ("dispute", ["disput", "chargeback", "contested"], []),
        ("churn", ["churn"], []),
        ("lost", [], ["lost"]),
        ("noshow", [], ["noshow"]),
    ];

    private static readonly string[] UndecidedStems = ["pending", "await", "waiting", "queued", "draft", "submitted", "progress", "hold", "review"];

    private static readonly string[] UndecidedWords = ["open", "new", "unassigned", "assigned"];

    [GeneratedRegex("[\\p{L}\\p{N}]+")]
    private static partial Regex TokenRegex();

    private static List<string> Tokens(string s) =>
        TokenRegex().Matches(TwoWordOutcome().Replace(s.ToLowerInvariant().Replace("no-show", "noshow", StringComparison.Ordinal), m => m.Value.Contains("roll", StringComparison.Ordinal) ? "rollback" : "backout"))
            .Select(m => m.Value).ToList();

    [GeneratedRegex("(?i)(priority|severity|urgency)")]
    private static partial Regex PriorityName();

    [GeneratedRegex("back(ed)?[ _-]?out|roll(ed)?[ _-]?back")]
    private static partial Regex TwoWordOutcome();

    /// <summary>Whether a state's label names an adverse outcome (declined, breached, late, not met, backed out).</summary>
    public static bool IsAdverse(string label) => AdverseFamily(label) is not null;

    /// <summary>Which kind of adverse outcome a label names ("fail" for Unsuccessful and Backed out), or null.</summary>
    public static string? AdverseFamily(string label)
    {
        var lower = label.Trim().ToLowerInvariant();
        if (lower.StartsWith("not ", StringComparison.Ordinal) || lower.StartsWith("non-", StringComparison.Ordinal)) return "not";
        var tokens = Tokens(label);
        foreach (var (family, stems, words) in Adverse)
        {
            if (tokens.Any(t => words.Contains(t) || stems.Any(s => t.StartsWith(s, StringComparison.Ordinal)))) return family;
        }
        return null;
    }

    /// <summary>Whether a state's label says the row has no outcome yet (pending, open, in progress).</summary>
    public static bool IsUndecided(string label) =>
        !IsAdverse(label) && Tokens(label).Any(t => UndecidedWords.Contains(t) || UndecidedStems.Any(s => t.StartsWith(s, StringComparison.Ordinal)));

    /// <summary>The "yes" level of a two-level yes/no, true/false or 1/0 column, or −1.</summary>
    public static int FlagYes(CategoryColumn c)
    {
        if (c.Labels.Length != 2) return -1;
        int Kind(string label)
        {
            var l = label.Trim().ToLowerInvariant();
            if (l is "yes" or "y" or "true" or "t") return 1;
            if (l is "no" or "n" or "false" or "f") return 0;
            return double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v == 1 ? 1 : v == 0 ? 0 : -1 : -1;
        }
        var (a, b) = (Kind(c.Labels[0]), Kind(c.Labels[1]));
        return a == 1 && b == 0 ? 0 : a == 0 && b == 1 ? 1 : -1;
    }

    /// <summary>The outcomes a table's category columns carry: flags, and the adverse levels of states.</summary>
    public static IEnumerable<RateOutcome> Outcomes(AnalysisTable table)
    {
        var found = 0;
        foreach (var c in table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxOutcomeLevels))
        {
            if (found >= MaxOutcomes) yield break;
            var yes = FlagYes(c);
            var counts = c.CountByCode();
            if (yes < 0 && !c.Labels.Any(IsAdverse))
            {
                // In an experiment, what happened to the units is the finding even without an adverse word: each level of
                // a column named for the outcome (improved: none, some, marked) but the one that says "nothing happened".
                if (!RowModels.IsExperiment(table) || !IsOutcomeName(c.Name) || c.Labels.Length > 5) continue;
                for (var i = 0; i < c.Labels.Length; i++)
                {
                    if (found >= MaxOutcomes) yield break;
                    if (NoneLabel().IsMatch(c.Labels[i]) || counts[i] < MinOutcomeRows || counts.Sum() - counts[i] < MinOutcomeRows) continue;
                    found++;
                    yield return new RateOutcome(c.Name, c.Labels[i], false, $"{FlagPhrase(c.Name)} ({LevelPhrase(c.Labels[i])})", []);
                }
                continue;
            }
            if (yes >= 0)
            {
                // A yes/no attribute (tenure, honours, a minority) is not an outcome: only a flag named for what
                // happened to the row (late, met, declined, survived, called back) is told as a rate, or the yes/no a
                // count of units became (awards among applications): the count is what happened to the units.
                if (!OutcomeName().IsMatch(c.Name) && !IsCountOfUnits(table, c)) continue;
                if (counts[yes] < MinOutcomeRows || counts[1 - yes] < MinOutcomeRows) continue;
                found++;
                yield return new RateOutcome(c.Name, c.Labels[yes], true, FlagPhrase(c.Name), []);
                continue;
            }
            var undecided = c.Labels.Where(IsUndecided).ToList();
            var decided = counts.Where((_, i) => !undecided.Contains(c.Labels[i])).Sum();
            // Adverse levels of one family are one outcome, the most frequent level first: "unsuccessful or backed out".
            var families = Enumerable.Range(0, c.Labels.Length).Where(i => counts[i] > 0 && AdverseFamily(c.Labels[i]) is not null)
                .GroupBy(i => AdverseFamily(c.Labels[i])!, StringComparer.Ordinal)
                .Select(f => f.OrderByDescending(i => counts[i]).ThenBy(i => i).ToList())
                .OrderBy(f => f.Min());
            foreach (var levels in families)
            {
                if (found >= MaxOutcomes) yield break;
                var hits = levels.Sum(i => counts[i]);
                if (hits < MinOutcomeRows || decided - hits < MinOutcomeRows) continue;
                found++;
                var phrase = JoinOr(levels.Select(i => LevelPhrase(c.Labels[i])).ToList());
                yield return new RateOutcome(c.Name, c.Labels[levels[0]], false, phrase, undecided, levels.Skip(1).Select(i => c.Labels[i]).ToList());
            }
        }
    }

    /// <summary>Stems of a state that means an item has left service (retired, disposed of, decommissioned): general vocabulary.</summary>
    public static readonly string[] LeftServiceStems = ["retir", "dispos", "decommission", "scrap", "writtenoff", "discontinu"];

    /// <summary>Whether a state's label says the item has left service (Retired, Disposed, Decommissioned).</summary>
    public static bool IsLeftService(string label) => Tokens(label).Any(t => LeftServiceStems.Any(s => t.StartsWith(s, StringComparison.Ordinal)));

    /// <summary>
    /// An item's having left service, from a state column that holds such a level (Retired beside In use and In repair):
    /// not one of <see cref="Outcomes"/>, since by any group it is mostly the group's age (an old model is retired more
    /// often), but read by the year the item began (<see cref="AgeExitWeight"/>): "assets purchased in 2019: retired 80%".
    /// </summary>
    public static IEnumerable<RateOutcome> LeftServiceOutcomes(AnalysisTable table)
    {
        foreach (var c in table.Categories.Where(c => c.Derived is null && c.Labels.Length is >= 2 and <= MaxOutcomeLevels && FlagYes(c) < 0))
        {
            var counts = c.CountByCode();
            var levels = Enumerable.Range(0, c.Labels.Length).Where(i => counts[i] > 0 && IsLeftService(c.Labels[i])).OrderByDescending(i => counts[i]).ThenBy(i => i).ToList();
            if (levels.Count == 0) continue;
            var undecided = c.Labels.Where(IsUndecided).ToList();
            var decided = counts.Where((_, i) => !undecided.Contains(c.Labels[i])).Sum();
            var hits = levels.Sum(i => counts[i]);
            if (hits < MinOutcomeRows || decided - hits < MinOutcomeRows) continue;
            yield return new RateOutcome(c.Name, c.Labels[levels[0]], false, JoinOr(levels.Select(i => LevelPhrase(c.Labels[i])).ToList()), undecided, levels.Skip(1).Select(i => c.Labels[i]).ToList())
            {
                LeftService = true,
            };
        }
    }

    /// <summary>
    /// Items leaving service with age is their lifecycle, which the business sets (a refresh cycle) and every reader
    /// expects: told, but after the findings of the table (its impact counts this much).
    /// </summary>
    public const double AgeExitWeight = 0.25;

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(late|overdue|breach|sla|(^|_)met($|_)|on_?time|success|fail|declin|reject|approv|accept|denied|deny|default|churn|cancel|return|damag|refund|escalat|reopen|surviv|died|death|dead|(^|_)call(back|ed)?($|_)|(^|_)won($|_)|(^|_)lost($|_)|paid|resolved|closed|complet|convert|click|purchas|fraud|disput|defect|delay|admit|hired|promot|injur|fatal|arrest|readmi|caused|respond|responded|passed|outcome|result|improv|recover|cured|relaps|remission)")]
    private static partial System.Text.RegularExpressions.Regex OutcomeName();

    [GeneratedRegex(@"(?i)^(none|no|nothing|0|no change|unchanged)$")]
    private static partial Regex NoneLabel();

    /// <summary>The yes/no column a count became when a table of groups was expanded to one row per unit of its exposure.</summary>
    private static bool IsCountOfUnits(AnalysisTable table, CategoryColumn c) => RowModels.IsPerExposure(table, c.Name);

    /// <summary>Whether a column is named for what happened to the row (late, declined, callback, survived): an outcome, not an attribute.</summary>
    public static bool IsOutcomeName(string column) => OutcomeName().IsMatch(column) || ColumnMeaning.IsStateField(column);

    private static string FlagPhrase(string column)
    {
        var words = Words.Human(column).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && words[0].ToLowerInvariant() is "is" or "was" or "has" or "had" or "flag") words.RemoveAt(0);
        return string.Join(' ', words.Select(w => w.All(ch => !char.IsLetter(ch) || char.IsUpper(ch)) && w.Length <= 4 ? w : w.ToLowerInvariant()));
    }

    /// <summary>"unsuccessful", "unsuccessful or backed out", "a, b or c".</summary>
    private static string JoinOr(IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts.Take(parts.Count - 1))} or {parts[^1]}";

    private static string LevelPhrase(string label)
    {
        var t = label.Trim().Replace('_', ' ');
        return t.Length > 4 && t.Any(char.IsLower) ? t.ToLowerInvariant() : t.Any(char.IsLower) ? t.ToLowerInvariant() : t;
    }

    /// <summary>Per row: 1 when the outcome, 0 when decided without it, −1 when missing or undecided.</summary>
    internal static sbyte[] OutcomeOf(AnalysisTable table, RateOutcome o, out int undecidedRows)
    {
        var c = (CategoryColumn)table.Find(o.Column)!;
        var hit = c.Labels.Select(l => o.Levels.Contains(l)).ToArray();
        var skip = c.Labels.Select(l => o.Undecided.Contains(l)).ToArray();
        var y = new sbyte[table.RowCount];
        undecidedRows = 0;
        for (var r = 0; r < y.Length; r++)
        {
            var code = c.Codes[r];
            if (code < 0) { y[r] = -1; continue; }
            if (skip[code]) { y[r] = -1; undecidedRows++; continue; }
            y[r] = (sbyte)(hit[code] ? 1 : 0);
        }
        return y;
    }

    // ---------------------------------------------------------------- detection

    private sealed record Candidate(double P, Func<double, int, Insight?> Build, bool Told = true, bool Primary = false, bool Listed = false);

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        // A count over its exposure (deaths per ten thousand people) compared across groups, each group's rate pooled.
        foreach (var pooled in ExposureRates.Detect(table)) yield return pooled;
        var candidates = new List<Candidate>();
        var groupColumns = table.Groupings
            .Where(c => c.Labels.Length is >= 2 and <= MaxGroupLevels && c.Labels.Length <= 0.5 * table.RowCount)
            .Take(MaxGroupColumns).ToList();
        var outcomes = Outcomes(table).ToList();
        // One outcome by another (changes that failed among those that caused an incident, loans denied among those
        // whose insurance was denied): both are what happened to the row, not a driver of it. Such a comparison is still
        // a test the correction counts, but it is not told.
        var outcomeColumns = outcomes.Select(o => o.Column).ToHashSet(StringComparer.Ordinal);
        var ys = new Dictionary<RateOutcome, sbyte[]>();
        var exits = LeftServiceOutcomes(table).ToList();
        foreach (var outcome in outcomes)
        {
            var y = ys[outcome] = OutcomeOf(table, outcome, out var undecided);
            var outcomeColumn = (CategoryColumn)table.Find(outcome.Column)!;
            foreach (var g in groupColumns)
            {
                if (g.Name == outcome.Column) continue;
                // A state items are in today (In repair) by the year they began, beside a state of having left service: the
                // older items look healthy only because most of them left (survivorship), not a finding.
                if (g.Derived is { Kind: "year" } && exits.Any(e => e.Column == outcome.Column)) continue;
                if (CompareGroups(table, outcome, y, undecided, outcomeColumn, g, outcomeColumns) is { } c) candidates.Add(outcomeColumns.Contains(g.Name) ? c with { Told = false } : c with { Primary = table.Model.IsPrimary(g.Name), Listed = IsListed(table, outcome, g) });
            }
            if (OverTime(table, outcome, y, undecided) is { } t) candidates.Add(t);
        }
        // Having left service, by the year the item began: its age.
        foreach (var exit in exits)
        {
            var y = OutcomeOf(table, exit, out var undecided);
            var outcomeColumn = (CategoryColumn)table.Find(exit.Column)!;
            foreach (var g in groupColumns.Where(g => g.Derived is { Kind: "year" } d && d.Target == exit.Column))
            {
                if (CompareGroups(table, exit, y, undecided, outcomeColumn, g, outcomeColumns) is { } c) candidates.Add(c);
            }
        }
        if (candidates.Count == 0) yield break;
        // The table's primary comparison (a trial's arms) is one question asked before the data was seen: tested on its
        // own at the usual 5%, not corrected over every pair screened.
        var screened = candidates.Where(c => !c.Primary).ToList();
        var q = StatTests.BenjaminiHochberg(screened.Select(c => c.P).ToList());
        var built = new List<Insight>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var qi = c.Primary ? c.P : q[screened.IndexOf(c)];
            if (!(qi < (c.Primary ? PrimaryMaxP : c.Listed ? ListedMaxQ : MaxQ)) || !c.Told) continue;
            if (c.Build(qi, c.Primary ? 1 : screened.Count) is { } insight) built.Add(insight);
        }
        var steps = StepsOf(outcomes, ys);
        // Two outcome columns compared each by the other (loans denied by insurance denied, and the reverse) are one
        // link: told once, in the direction where the gap is wider (92% against 10%, not 15% against 0.2%).
        foreach (var found in built)
        {
            var insight = found.Detail is RateGroupDetail { StepOf: null } s0 && steps.TryGetValue(s0.Outcome.Column, out var main)
                ? found with { Detail = s0 with { StepOf = main } }
                : found;
            if (insight.Detail is RateGroupDetail d && built.Any(o => o.Detail is RateGroupDetail r && r.Outcome.Column == d.Group && r.Group == d.Outcome.Column
                && (Gap(r) > Gap(d) || (Gap(r) == Gap(d) && string.CompareOrdinal(r.Outcome.Column, d.Outcome.Column) < 0)))) continue;
            if (insight.Detail is RateGroupDetail e && built.Any(o => o.Detail is RateGroupDetail r && SameValueInTwoRoles(table, r, e))) continue;
            yield return insight;
        }
        foreach (var gap in GapsByLevel(table, outcomes, groupColumns)) yield return gap;

        static double Gap(RateGroupDetail d) => Math.Abs(d.Standout.Rate - d.Rest.Rate);
    }

    /// <summary>An outcome is a step towards another when at least this share of its rows have the other too.</summary>
    public const double MinStepShare = 0.8;

    /// <summary>
    /// Which outcome columns are a step towards another, the table's main outcome (the decision it records): nearly every
    /// row with the step's outcome (at least <see cref="MinStepShare"/>, and <see cref="MinOutcomeRows"/> of them) has the
    /// main outcome too, which is the more common of the two (44 of the 48 applicants denied mortgage insurance were
    /// denied the loan, which 12% of all applicants were). Maps the step's column to the main outcome's; when several
    /// qualify, the most common main outcome.
    /// </summary>
    internal static Dictionary<string, string> StepsOf(IReadOnlyList<RateOutcome> outcomes, IReadOnlyDictionary<RateOutcome, sbyte[]> ys)
    {
        var steps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in outcomes)
        {
            var best = (Column: (string?)null, Hits: 0);
            foreach (var main in outcomes.Where(m => m.Column != step.Column))
            {
                var (a, b) = (ys[step], ys[main]);
                int stepHits = 0, both = 0, mainHits = 0, decided = 0;
                for (var r = 0; r < a.Length; r++)
                {
                    if (a[r] < 0 || b[r] < 0) continue;
                    decided++;
                    stepHits += a[r];
                    mainHits += b[r];
                    if (a[r] == 1 && b[r] == 1) both++;
                }
                if (stepHits < MinOutcomeRows || mainHits <= stepHits || both < MinStepShare * stepHits || decided == 0) continue;
                if (mainHits > best.Hits) best = (main.Column, mainHits);
            }
            if (best.Column is { } c) steps.TryAdd(step.Column, c);
        }
        return steps;
    }

    /// <summary>Two columns this alike in their values (Jaccard of the label sets) name one set of things in two roles.</summary>
    public const double MinRolesOverlap = 0.8;

    /// <summary>Columns with fewer values than this (a yes/no, a low-medium-high) share labels by their form, not by what they name.</summary>
    public const int MinRolesLabels = 5;

    /// <summary>
    /// Whether <paramref name="later"/> tells again what <paramref name="first"/> tells: the same outcome's rate standing
    /// out for the same value of two columns that name one set of things in two roles (an origin and a destination
    /// airport, a sender and a receiver: label sets at least <see cref="MinRolesOverlap"/> alike). One place is told
    /// once, on the column that comes first in the file (where the row starts: the origin before the destination).
    /// </summary>
    internal static bool SameValueInTwoRoles(AnalysisTable table, RateGroupDetail first, RateGroupDetail later)
    {
        if (first.Outcome.Column != later.Outcome.Column || first.Group == later.Group || first.Standout.Label != later.Standout.Label || first.High != later.High) return false;
        if (table.Find(first.Group) is not CategoryColumn { Derived: null } a || table.Find(later.Group) is not CategoryColumn { Derived: null } b || a.Index > b.Index) return false;
        // Two yes/no columns share their labels without naming the same things.
        if (a.Labels.Length < MinRolesLabels || b.Labels.Length < MinRolesLabels) return false;
        var la = a.Labels.ToHashSet(StringComparer.Ordinal);
        var both = b.Labels.Count(la.Contains);
        return both >= MinRolesOverlap * (la.Count + b.Labels.Length - both);
    }

    private static Candidate? CompareGroups(AnalysisTable table, RateOutcome outcome, sbyte[] y, int undecided, CategoryColumn outcomeColumn, CategoryColumn g, IReadOnlyCollection<string> outcomes)
    {
        var n = new int[g.Labels.Length];
        var k = new int[g.Labels.Length];
        int decided = 0, withGroup = 0;
        for (var r = 0; r < y.Length; r++)
        {
            if (y[r] < 0) continue;
            decided++;
            var code = g.Codes[r];
            if (code < 0) continue;
            withGroup++;
            n[code]++;
            k[code] += y[r];
        }
        // A time-limit flag (made SLA, on time) by the priority that sets the limit is the service rule, not a finding.
        if (outcome.IsFlag && SegmentStory.IsTimeLimitName(outcome.Column) && PriorityName().IsMatch(g.Name)) return null;
        // A group column filled in only for some outcomes (a decline reason) says which rows had the outcome, not why.
        if (decided == 0 || withGroup < 0.5 * decided) return null;
        var minRows = MinGroupRows;
        var sizeable = Enumerable.Range(0, n.Length).Where(i => n[i] >= MinGroupRows).ToList();
        if (sizeable.Count > ManyGroups)
        {
            // Among many groups the highest rate is often a small group's noise: each reported rate must be precise.
            minRows = MinRowsFor(sizeable.Sum(i => k[i]) / (double)sizeable.Sum(i => n[i]));
        }
        var reported = Enumerable.Range(0, n.Length).Where(i => n[i] >= minRows)
            .OrderByDescending(i => n[i]).ThenBy(i => i).Take(MaxGroups).ToList();
        if (reported.Count < 2) return null;
        var leftOut = Enumerable.Range(0, n.Length).Where(i => n[i] > 0 && !reported.Contains(i)).ToList();
        var table2 = new long[reported.Count, 2];
        for (var i = 0; i < reported.Count; i++)
        {
            table2[i, 0] = k[reported[i]];
            table2[i, 1] = n[reported[i]] - k[reported[i]];
        }
        var test = StatTests.ChiSquare(table2);
        if (double.IsNaN(test.Statistic)) return null;
        // Structure, not a story: the outcome (nearly) follows from the group (a routing or state rule).
        if (test.CramersV >= MaxRoutingV || RoutingV(y, outcomeColumn, g, reported) >= MaxRoutingV) return null;
        double? fisher = null;
        if (reported.Count == 2)
        {
            var total = (double)test.N;
            var hits = table2[0, 0] + table2[1, 0];
            var minExpected = Math.Min(Math.Min(n[reported[0]], n[reported[1]]) * hits / total, Math.Min(n[reported[0]], n[reported[1]]) * (total - hits) / total);
            if (minExpected < 5) fisher = FisherExact(table2[0, 0], table2[0, 1], table2[1, 0], table2[1, 1]);
        }
        var groups = reported.Select(i => new RateCount(g.Labels[i], n[i], k[i])).ToList();
        var p = fisher ?? test.PValue;
        // A column of two decided states named for what happened (admitted or rejected) names both outcomes: a gap is as
        // material on either side (rejected 70% against 55% is admitted 30% against 45%). Not a flag, whose "yes" is the
        // outcome the table names, nor an attribute's "not" (not married).
        var binary = IsOutcomeName(outcome.Column) && !outcome.IsFlag && outcomeColumn.Labels.Count(l => !outcome.Undecided.Contains(l)) == 2;
        var primary = table.Model.IsPrimary(g.Name);
        var listed = !primary && IsListed(table, outcome, g);
        return new Candidate(p, (q, tested) => GroupInsight(outcome, g, groups, test, fisher, q, tested, leftOut.Count, leftOut.Sum(i => n[i]), undecided, table.Noun, minRows, binary, primary, listed) is { } insight
            ? Checked(table, insight, g, y, outcomes) : null);
    }

    /// <summary>
    /// The least rows of a reported group when a column has many groups: enough for the rate's 95% interval to be within
    /// ±<see cref="ManyGroupsHalfWidth"/> at the overall rate <paramref name="rate"/> (1.96² p(1 − p) / 0.05²: about 260
    /// rows at 22%, 140 at 10%, 30 at 2%), at least <see cref="MinGroupRows"/>.
    /// </summary>
    public static int MinRowsFor(double rate) =>
        Math.Max(MinGroupRows, (int)Math.Ceiling(1.96 * 1.96 * rate * (1 - rate) / (ManyGroupsHalfWidth * ManyGroupsHalfWidth)));

    /// <summary>
    /// Whether the highest and lowest group rates differ enough to matter: <see cref="MinGroupDifference"/> points and
    /// <see cref="MinGroupRatio"/> times (callbacks 9.7% against 6.4%; not 12% against 9%).
    /// </summary>
    public static bool Material(double high, double low) => high - low >= MinGroupDifference && high >= MinGroupRatio * low;

    /// <summary>
    /// <see cref="Material"/> on the outcome or, when the outcome has two decided levels, on the other level (admitted
    /// 45% against 30% is rejected 55% against 70%); for the table's primary comparison any gap of
    /// <see cref="MinGroupDifference"/> points is its answer.
    /// </summary>
    public static bool Material(double high, double low, bool binary, bool primary) =>
        primary ? high - low >= MinGroupDifference : Material(high, low) || (binary && Material(1 - low, 1 - high));

    /// <summary>The p-value below which the table's primary comparison holds (tested alone, see <see cref="RowModel.IsPrimary"/>).</summary>
    public const double PrimaryMaxP = 0.05;

    /// <summary>The corrected p-value below which a rate differs across a category a table of groups lists (see <see cref="IsListed"/>).</summary>
    public const double ListedMaxQ = 0.01;

    /// <summary>
    /// Whether <paramref name="g"/> is one of the categories a table of groups lists its rows by (grants by discipline and
    /// sex, each row a group with its applications and awards, read as one row per application): such a table offers a
    /// comparison across each of its few categories, not a screen of raw columns, so after the correction over them a
    /// gap needs q &lt; <see cref="ListedMaxQ"/> rather than <see cref="MaxQ"/>.
    /// </summary>
    internal static bool IsListed(AnalysisTable table, RateOutcome outcome, CategoryColumn g) =>
        table.Model.Kind == RowKind.Aggregate && g.Derived is null && table.Derived.TryGetValue(outcome.Column, out var from) && from.Count == 2 && from[0] == outcome.Column;

    /// <summary>A primary comparison that holds is what the table was made to answer: its significance counts at least this much in the ranking.</summary>
    public const double PrimarySignificance = 0.9;

    private static Insight? GroupInsight(RateOutcome outcome, CategoryColumn g, List<RateCount> groups, ChiSquareResult test, double? fisher, double q, int tested,
        int leftOutGroups, int leftOutRows, int undecided, string noun, int minRows, bool binary = false, bool primary = false, bool listed = false)
    {
        var all = new RateCount("all", groups.Sum(x => x.N), groups.Sum(x => x.Hits));
        RateCount RestOf(RateCount x) => new("rest", all.N - x.N, all.Hits - x.Hits);
        var ordered = groups.OrderByDescending(x => x.Rate).ThenByDescending(x => x.N).ThenBy(x => x.Label, StringComparer.Ordinal).ToList();
        var (top, bottom) = (ordered[0], ordered[^1]);
        var (restTop, restBottom) = (RestOf(top), RestOf(bottom));
        var highDiff = top.Rate - restTop.Rate;
        var lowDiff = restBottom.Rate - bottom.Rate;
        // The spread must matter, and the standout group must differ clearly from the others pooled.
        if (!Material(top.Rate, bottom.Rate, binary, primary)) return null;
        var maxP = primary ? PrimaryMaxP : listed ? ListedMaxQ : MaxQ;
        var highOk = highDiff >= MinGroupDifference && TwoProportionP(top, restTop) < maxP;
        var lowOk = lowDiff >= MinGroupDifference && TwoProportionP(bottom, restBottom) < maxP;
        // An outcome that never happens outside one group (an early-payment discount only on paid invoices), or never
        // inside it, is defined by the group: a rule of the system, not a rate that differs.
        highOk &= restTop.Hits > 0;
        lowOk &= bottom.Hits > 0;
        if (!highOk && !lowOk) return null;
        var high = highOk && (!lowOk || highDiff >= lowDiff);
        var standout = high ? top : bottom;
        var rest = high ? restTop : restBottom;
        var d = new RateGroupDetail(outcome, g.Name, ordered, standout, high, rest, all, test, fisher, q, tested, leftOutGroups, leftOutRows, undecided, minRows);
        var others = ordered.Where(x => x != standout).ToList();
        var gh = Words.Human(g.Name);
        // "Travel expense claims" when the table says what a row is; "Travel (category)" otherwise.
        var who = Who(g, noun, standout.Label);
        var often = high ? "" : "only ";
        var otherText = others.Count == 1
            ? g.Derived is null && ColumnMeaning.IsFlag(g)
                ? $"against {Fmt.Pct(others[0].Rate)} {(ColumnVocabulary.IsPeople(Words.Human(g.Name)) ? "for the others" : FlagYes(g) == Array.IndexOf(g.Labels, standout.Label) ? "without" : "with")}"
                : $"against {Fmt.Pct(others[0].Rate)} for {(ColumnVocabulary.IsSexColumn(g.Name) ? ColumnVocabulary.People(g.Name, others[0].Label) : null) ?? Words.Label(g.Name, others[0].Label)}"
            : $"other {Plural(gh)} {RangeText(others.Min(x => x.Rate), others.Max(x => x.Rate))}";
        var title = $"{Words.Cap(who)}: {RateText(outcome.Phrase, often + Fmt.Pct(standout.Rate))} ({Fmt.Int(standout.Hits)} of {Fmt.Int(standout.N)}), {otherText}";
        var testText = fisher is { } f
            ? $"Fisher's exact test ({Fmt.P(f)})"
            : $"a chi-square test of the {groups.Count}×2 table (χ² = {Fmt.Num(test.Statistic)}, {Fmt.P(test.PValue)}, n = {Fmt.Int(test.N)})";
        var summary =
            $"{Words.Cap(outcome.Phrase)}: {Fmt.Pct(standout.Rate)} for {who} against {Fmt.Pct(rest.Rate)} for the other {Fmt.Int(rest.N)} {noun}, across {groups.Count} {gh} groups of at least {minRows} {noun}. " +
            (primary
                ? $"The rates differ by {gh} by {testText}: the comparison the table was made for, tested on its own."
                : $"The rates differ by {gh} by {testText}, after a Benjamini-Hochberg correction across {tested} comparisons.");
        // What a reader weighs: the gap in points, or how many times as often ("a third fewer callbacks" at 9.7% against 6.4%).
        var (hi, lo) = (Math.Max(standout.Rate, rest.Rate), Math.Min(standout.Rate, rest.Rate));
        var impact = GapImpact(hi, lo) * (outcome.LeftService ? AgeExitWeight : 1);
        var insight = new Insight(StoryKinds.Of<RateStory>(), [outcome.Column, g.Name], title, summary, ["bar", "bar"],
            (fisher is null ? "Chi-square test of the k×2 table of rates" : "Fisher's exact test of the 2×2 table") + (primary ? ", the table's primary comparison" : ", Benjamini-Hochberg adjusted"),
            fisher is null ? test.Statistic : null, q, test.CramersV, test.N, impact, d);
        return primary ? insight with { Significance = Math.Max(insight.Significance, PrimarySignificance) } : insight;
    }

    /// <summary>
    /// What a reader weighs in a gap between two shares <paramref name="hi"/> and <paramref name="lo"/>: the gap in points
    /// or how many times as often, whichever says more (callbacks 9.7% against 6.4% are a third fewer), 0.4 to 1.
    /// </summary>
    public static double GapImpact(double hi, double lo) =>
        Math.Min(1, 0.4 + Math.Max(1.5 * (hi - lo), Math.Min(0.35, 0.35 * Math.Log(hi / Math.Max(lo, 1e-9)))));

    /// <summary>
    /// A rate story that would be told, read again within the other categories (only such candidates: a few per table),
    /// and ranked first when its group is a factor the experimenter assigned.
    /// </summary>
    private static Insight Checked(AnalysisTable table, Insight insight, CategoryColumn g, sbyte[] y, IReadOnlyCollection<string> outcomes)
    {
        var d = (RateGroupDetail)insight.Detail;
        var designed = table.Model.Factors.Contains(g.Name);
        // A factor assigned at random cannot be confounded by the units' attributes: there is nothing to stratify.
        var confound = designed ? null : Confounders.ForRates(table, g, Array.IndexOf(g.Labels, d.Standout.Label), y, outcomes);
        insight = insight with
        {
            Detail = d with { Confound = confound, Designed = designed },
            Impact = designed ? Math.Min(1, insight.Impact * DesignBoost) : insight.Impact,
        };
        if (confound is not { Explained: true } c) return insight;
        // A gap that (nearly) vanishes or turns within the levels of another category is that category's mix (women
        // applied to the majors that admit few): told as the mix, never as the group's own difference.
        var by = Words.Human(c.By);
        var colon = insight.Title.IndexOf(": ", StringComparison.Ordinal);
        var who = colon > 0 ? insight.Title[..colon] : Words.Cap(Words.Human(g.Name));
        // The news first (the gap and what explains it), the within-group figure after it.
        var title = $"{who}: {RateText(d.Outcome.Phrase, Fmt.Pct(d.Standout.Rate))} against {Fmt.Pct(d.Rest.Rate)} for the others, a gap the mix of {Plural(by)} explains ({Fmt.Num(100 * c.Within)} points within each {by})";
        var summary = $"Overall the gap is {Fmt.Num(100 * c.Raw)} points; read within each of {c.Strata} {by} values (Mantel-Haenszel weighted difference over {Fmt.Int(c.Rows)} of the group's rows) it is {Fmt.Num(100 * c.Within)} points, so the groups' different spread over {by} makes most of the difference. " + insight.Summary;
        return insight with { Title = title, Summary = summary, Impact = insight.Impact * MixDiscount };
    }

    /// <summary>Cramér's V between every level of the outcome column and the group (over the reported groups).</summary>
    private static double RoutingV(sbyte[] y, CategoryColumn outcome, CategoryColumn g, List<int> reported)
    {
        var index = new int[g.Labels.Length];
        Array.Fill(index, -1);
        for (var i = 0; i < reported.Count; i++) index[reported[i]] = i;
        var t = new long[reported.Count, outcome.Labels.Length];
        for (var r = 0; r < y.Length; r++)
        {
            var gc = g.Codes[r];
            var oc = outcome.Codes[r];
            if (gc < 0 || oc < 0 || index[gc] < 0) continue;
            t[index[gc], oc]++;
        }
        var v = StatTests.ChiSquare(t).CramersV;
        return double.IsNaN(v) ? 0 : v;
    }

    /// <summary>Two-sided two-proportion z-test (pooled variance).</summary>
    public static double TwoProportionP(RateCount a, RateCount b)
    {
        if (a.N == 0 || b.N == 0) return 1;
        var pooled = (a.Hits + b.Hits) / (double)(a.N + b.N);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / a.N + 1.0 / b.N));
        if (se == 0) return 1;
        return SpecialFunctions.NormalTwoSidedP((a.Rate - b.Rate) / se);
    }

    /// <summary>Two-sided Fisher's exact test of a 2×2 table: the probability of tables at most as likely as the one seen.</summary>
    public static double FisherExact(long a, long b, long c, long d)
    {
        var row1 = a + b;
        var col1 = a + c;
        var n = a + b + c + d;
        double LogP(long x) =>
            LogChoose(col1, x) + LogChoose(n - col1, row1 - x) - LogChoose(n, row1);
        var observed = LogP(a);
        var lo = Math.Max(0, row1 + col1 - n);
        var hi = Math.Min(row1, col1);
        double p = 0;
        for (var x = lo; x <= hi; x++)
        {
            var lp = LogP(x);
            if (lp <= observed + 1e-7) p += Math.Exp(lp);
        }
        return Math.Min(1, p);

        static double LogChoose(long n, long k) =>
            SpecialFunctions.LogGamma(n + 1.0) - SpecialFunctions.LogGamma(k + 1.0) - SpecialFunctions.LogGamma(n - k + 1.0);
    }

    private static Candidate? OverTime(AnalysisTable table, RateOutcome outcome, sbyte[] y, int undecided)
    {
        if (table.Time.Axis is not { } axis || table.Time.IsSeries) return null;
        var timeIsYear = axis is NumericColumn;
        var (periods, starts, granularity) = Periods(axis, y, timeIsYear);
        if (periods.Count < MinPeriods) return null;
        var third = Math.Max(1, periods.Count / 3);
        var first = Pool(periods.Take(third), "first");
        var last = Pool(periods.Skip(periods.Count - third), "last");
        // Chi-square test for trend in proportions (Cochran-Armitage), scores = period index.
        var idx = starts.Select((_, i) => (double)i).ToArray();
        double total = periods.Sum(p => p.N), hits = periods.Sum(p => p.Hits);
        var pBar = hits / total;
        double t = 0, sNt = 0, sNt2 = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            t += idx[i] * (periods[i].Hits - periods[i].N * pBar);
            sNt += periods[i].N * idx[i];
            sNt2 += periods[i].N * idx[i] * idx[i];
        }
        var variance = pBar * (1 - pBar) * (sNt2 - sNt * sNt / total);
        if (!(variance > 0)) return null;
        var z = t / Math.Sqrt(variance);
        var p = SpecialFunctions.NormalTwoSidedP(z);
        var mk = StatTests.MannKendall(periods.Select(x => x.Rate).ToArray());
        var column = axis.Name;
        return new Candidate(p, (q, tested) =>
        {
            // The period rates themselves must agree (real monthly rates wander more than the binomial allows), and the
            // change must matter: 1.5 times and 5 points between the first and last third.
            if (!(mk.PValue < 0.05) || Math.Sign(mk.S) != Math.Sign(z)) return null;
            var (lo, hi) = (Math.Min(first.Rate, last.Rate), Math.Max(first.Rate, last.Rate));
            if (hi - lo < MinDifference || hi < MinRatio * lo || Math.Sign(last.Rate - first.Rate) != Math.Sign(z)) return null;
            var d = new RateTimeDetail(outcome, column, timeIsYear, granularity, periods, starts, first, last, third, z, p, mk, q, tested, undecided);
            var up = last.Rate > first.Rate;
            var span = third == 1 ? "" : $" a {granularity}";
            var title = $"{Words.Cap(RowsOutcome(outcome))} {(up ? "rose" : "fell")} from {Fmt.Pct(first.Rate)}{span} to {Fmt.Pct(last.Rate)} between {PeriodText(d, 0, third)} and {PeriodText(d, periods.Count - third, periods.Count)}";
            var summary =
                $"Over {periods.Count} whole {granularity}s with at least {MinGroupRows} rows each, the share {outcome.Phrase} went from {Fmt.Pct(first.Rate)} ({Fmt.Int(first.Hits)} of {Fmt.Int(first.N)}) in the first {third} to {Fmt.Pct(last.Rate)} ({Fmt.Int(last.Hits)} of {Fmt.Int(last.N)}) in the last {third}. " +
                $"A chi-square test for trend in proportions finds a steady {(up ? "rise" : "fall")} (z = {Fmt.Num(z)}, {Fmt.P(p)}), and a Mann-Kendall test on the {granularity}ly rates agrees (tau = {Fmt.Coef(mk.Tau)}).";
            var impact = Math.Min(1, 0.4 + 1.5 * (hi - lo)) * 0.95;
            return new Insight(StoryKinds.Of<RateStory>(), [column, outcome.Column], title, summary, ["line", "bar"],
                "Chi-square test for trend in proportions (Cochran-Armitage) with Mann-Kendall on the period rates, Benjamini-Hochberg adjusted",
                z, q, mk.Tau, (long)total, impact, d);
        });
    }

    private static RateCount Pool(IEnumerable<RateCount> periods, string label)
    {
        var list = periods.ToList();
        return new RateCount(label, list.Sum(p => p.N), list.Sum(p => p.Hits));
    }

    /// <summary>The outcome per whole month (or year, when months are too few or too thin), periods with enough rows only.</summary>
    private static (List<RateCount> Periods, List<double> Starts, string Granularity) Periods(DataColumn axis, sbyte[] y, bool timeIsYear)
    {
        if (timeIsYear)
        {
            var years = Bucket(axis, y, t => Math.Floor(t));
            return (years.Select(b => new RateCount(((int)b.Key).ToString(CultureInfo.InvariantCulture), b.N, b.Hits)).ToList(), years.Select(b => b.Key).ToList(), "year");
        }
        var date = (DateColumn)axis;
        double MonthStart(double days)
        {
            var dt = DateColumn.ToDateTime(days);
            return DateColumn.FromDateTime(new DateTime(dt.Year, dt.Month, 1));
        }
        double YearStart(double days) => DateColumn.FromDateTime(new DateTime(DateColumn.ToDateTime(days).Year, 1, 1));
        var (min, max) = MinMax(date.Days);
        if (double.IsNaN(min)) return ([], [], "month");
        var months = Whole(Bucket(axis, y, MonthStart), min, max, s => DateColumn.FromDateTime(DateColumn.ToDateTime(s).AddMonths(1)));
        if (months.Count >= MinPeriods && months.Count <= 120)
        {
            return (months.Select(b => new RateCount(DateColumn.ToDateTime(b.Key).ToString("MMM yyyy", CultureInfo.InvariantCulture), b.N, b.Hits)).ToList(), months.Select(b => b.Key).ToList(), "month");
        }
        var years2 = Whole(Bucket(axis, y, YearStart), min, max, s => DateColumn.FromDateTime(DateColumn.ToDateTime(s).AddYears(1)));
        return (years2.Select(b => new RateCount(DateColumn.ToDateTime(b.Key).Year.ToString(CultureInfo.InvariantCulture), b.N, b.Hits)).ToList(), years2.Select(b => b.Key).ToList(), "year");
    }

    private static (double Min, double Max) MinMax(double[] values)
    {
        double min = double.NaN, max = double.NaN;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            if (!(v >= min)) min = v;
            if (!(v <= max)) max = v;
        }
        return (min, max);
    }

    private sealed record Bucketed(double Key, int N, int Hits);

    private static List<Bucketed> Bucket(DataColumn axis, sbyte[] y, Func<double, double> key)
    {
        var n = new SortedDictionary<double, (int N, int Hits)>();
        for (var r = 0; r < y.Length; r++)
        {
            if (y[r] < 0) continue;
            var t = TimeContext.TimeValue(axis, r);
            if (!double.IsFinite(t)) continue;
            var k = key(t);
            var cur = n.GetValueOrDefault(k);
            n[k] = (cur.N + 1, cur.Hits + y[r]);
        }
        return n.Where(kv => kv.Value.N >= MinGroupRows).Select(kv => new Bucketed(kv.Key, kv.Value.N, kv.Value.Hits)).ToList();
    }

    /// <summary>Only periods the data covers from their first to their last day (the data's first and last period are often partial).</summary>
    private static List<Bucketed> Whole(List<Bucketed> buckets, double min, double max, Func<double, double> next) =>
        buckets.Where(b => min <= b.Key + 2 && max >= next(b.Key) - 3).ToList();

    // ---------------------------------------------------------------- wording

    /// <summary>
    /// A group's rows named so they read: "Travel expense claims" when the table says what a row is, "applications with
    /// honors" or "without fin" for a yes/no group, "Department F" or "Boston (city)" otherwise.
    /// </summary>
    internal static string Who(CategoryColumn g, string noun, string label) =>
        // A derived group with no noun for its rows reads as what it says of a row ("age up to 20", "start date in
        // December"), never "Rows with …".
        g.Derived is { } derived ? noun == TableNoun.Default ? WithoutWith(derived.Who("", g.Labels, label)) : derived.Who(noun, g.Labels, label)
            : ColumnMeaning.IsFlag(g)
            // A yes/no group: "applications with honors", "rows without mortgage insurance denied".
            ? FlagWho(g, noun, label)
            : noun == TableNoun.Default ? GroupName(g.Name, label) : $"{Words.Label(g.Name, label)} {noun}";

    /// <summary>Whether an outcome phrase reads as a participle ("declined", "late") rather than a noun ("callback").</summary>
    internal static bool IsParticiple(string phrase) => RateText(phrase, "").EndsWith("of the time", StringComparison.Ordinal);

    internal static string Plural(string noun) => Words.Plural(noun);

    private static string WithoutWith(string phrase)
    {
        var t = phrase.Trim();
        return t.StartsWith("with ", StringComparison.Ordinal) ? t[5..] : t;
    }

    /// <summary>The rows of a yes/no group by the table's noun: "applications with honors", "rows without mortgage insurance denied".</summary>
    private static string FlagWho(CategoryColumn flag, string noun, string label)
    {
        var with = FlagYes(flag) == Array.IndexOf(flag.Labels, label) ? "with" : "without";
        var what = ColumnVocabulary.Value(Words.Human(flag.Name).ToLowerInvariant());
        // A yes/no column that names a people says who: "African American applications", not "applications with African American".
        if (with == "with" && ColumnVocabulary.IsPeople(what)) return noun == TableNoun.Default ? what : $"{what} {noun}";
        // "rows with honors" says nothing a reader needs: without a noun, "with honors".
        return noun == TableNoun.Default ? $"{with} {what}" : $"{noun} {with} {what}";
    }

    /// <summary>
    /// A group named so it reads (the table's noun unknown): a code with its column ("department F", "destination SEA"),
    /// an ordinal before it ("1st passenger class"), a person's attribute or a label that names its column alone
    /// ("Female", "Caucasian", "Treated"), any other label with its column in brackets ("Boston (city)").
    /// </summary>
    internal static string GroupName(string column, string label)
    {
        var l = Words.Label(column, label);
        if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return l;
        var human = Words.Human(column);
        var t = label.Trim();
        // A sex reads as the people it names: "Women", "Men".
        if (ColumnVocabulary.IsSexColumn(column) && ColumnVocabulary.People(column, label) is { } people) return Words.Cap(people);
        // A person's attribute or a place reads alone: "Female", "Caucasian", "Boston".
        if ((PersonAttribute().IsMatch(column) && t.Length > 2) || (ColumnVocabulary.IsPlace(column) && t.Length > 3)) return l;
        if (CodeLabel().IsMatch(t)) return $"{human} {t}";
        if (OrdinalLabel().IsMatch(t)) return $"{t} {human}";
        if (SharesStem(t, human)) return l;
        return $"{l} ({human})";

        static bool SharesStem(string a, string b) =>
            a.Length >= 4 && b.Length >= 4 && string.Equals(a[..4], b[..4], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The rate in the title: a participle reads "declined 40% of the time"; a noun ("callback", "arrest", "awards")
    /// reads as its rate, "callback rate 9.7%".
    /// </summary>
    internal static string RateText(string phrase, string pct)
    {
        var last = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? phrase;
        var participle = phrase.Contains('(', StringComparison.Ordinal) || last.Any(char.IsDigit) || last.EndsWith("ed", StringComparison.OrdinalIgnoreCase)
            || StateWords.Contains(last.ToLowerInvariant()) || phrase.Contains(" or ", StringComparison.Ordinal);
        if (participle) return $"{phrase} {pct} of the time";
        var noun = Words.IsPlural(phrase) && phrase.EndsWith('s') ? phrase[..^1] : phrase;
        return $"{noun} rate {pct}";
    }

    /// <summary>Words that say what state a row is in without ending in "-ed" ("late", "paid", "on time").</summary>
    private static readonly HashSet<string> StateWords = ["late", "early", "overdue", "paid", "won", "lost", "met", "done", "time", "open", "due", "sold", "unsuccessful", "successful", "dead", "alive", "missing", "absent", "present", "positive", "negative", "broken", "taken", "given", "shown", "chosen", "known", "hit"];

    [GeneratedRegex(@"^([A-Z]{1,4}|[A-Z]?\d{1,3}[A-Z]?)$")]
    private static partial Regex CodeLabel();

    [GeneratedRegex(@"^\d+(st|nd|rd|th)$", RegexOptions.IgnoreCase)]
    private static partial Regex OrdinalLabel();

    [GeneratedRegex(@"(?i)^(sex|gender|race|ethnicity|ethnic|ethnic_group|race_ethnicity|nationality)$")]
    private static partial Regex PersonAttribute();

    private static string RangeText(double lo, double hi) =>
        Fmt.Pct(lo) == Fmt.Pct(hi) ? Fmt.Pct(lo) : $"{Fmt.Pct(lo).TrimEnd('%')}–{Fmt.Pct(hi)}";

    private static string RowsOutcome(RateOutcome o) => $"the share {o.Phrase}";

    private static string PeriodText(RateTimeDetail d, int from, int to) =>
        to - from == 1 ? d.Periods[from].Label : $"{d.Periods[from].Label}–{d.Periods[to - 1].Label}";

    /// <summary>A label in the narrative; every number in it (a priority "2 - High", a code) goes in as a fact.</summary>
    private static string LabelText(NarrativeBuilder nb, string column, string label)
    {
        if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return Label(nb, column, label);
        foreach (Match m in NumberInText().Matches(label))
        {
            nb.N(double.Parse(m.Value, CultureInfo.InvariantCulture), $"a number in a {column} label (a group label)", [column], "all rows", _ => m.Value);
        }
        return Words.Label(column, label);
    }

    [GeneratedRegex("\\d+(\\.\\d+)?")]
    private static partial Regex NumberInText();

    private static string NameText(NarrativeBuilder nb, string column, string label)
    {
        var l = LabelText(nb, column, label);
        return double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? l : GroupName(column, label);
    }

    // ---------------------------------------------------------------- writing

    private static void WriteGroups(StoryDraft draft, RateGroupDetail d)
    {
        var nb = draft.Text;
        var table = draft.Table;
        string[] cols = [d.Outcome.Column, d.Group];
        var rows = d.UndecidedRows > 0 ? $"{AllRows(table)} with a decided {d.Outcome.Column} and a {d.Group} group of at least {d.MinRows} rows"
            : $"{AllRows(table)} with {d.Outcome.Column} and a {d.Group} group of at least {d.MinRows} rows";
        // What a row is, as the title says it: "Travel expense claims", "applications with public bad record"; "rows"
        // only when the table's noun is unknown.
        var noun = table.Noun == TableNoun.Default ? "rows" : table.Noun;
        // A notice period that leaves some rows out says so wherever it names its rows (the title's words).
        var (exceptColumn, left) = table.Find(d.Group) is CategoryColumn { Derived.Except: { } l } notice ? (notice, l) : ((CategoryColumn?)null, (string?)null);
        var who = table.Find(d.Group) is CategoryColumn { Derived: null } flag && ColumnMeaning.IsFlag(flag) && noun != "rows"
            ? FlagWho(flag, noun, d.Standout.Label)
            : exceptColumn is not null ? Who(exceptColumn, noun, d.Standout.Label)
            : noun == "rows" ? $"{NameText(nb, d.Group, d.Standout.Label)} rows" : $"{LabelText(nb, d.Group, d.Standout.Label)} {noun}";
        var overAll = left is null ? noun : $"{noun} ({left})";
        var phrase = d.Outcome.Phrase;
        var s = d.Standout;
        var ratio = d.High ? s.Rate / d.Rest.Rate : d.Rest.Rate / s.Rate;
        // The size in words ("nearly five times as often", "about a third less often"), the exact ratio recorded behind it.
        var often = double.IsFinite(ratio) && ratio > 0
            ? nb.N(d.High ? ratio : 1 / ratio, $"rate for {s.Label} divided by the rate for the rest, in words", cols, rows, v => EffectWords.Compare(v, "often", "more often", "less often"))
            : d.High ? "far more often than" : "far less often than";
        var participle = RateText(phrase, "").EndsWith("of the time", StringComparison.Ordinal);
        var lead = participle ? $"{Cap(who)} are {phrase} {often} the rest" : $"{Cap(who)} have a {phrase} {often} the rest";
        nb.Paragraph($"{lead}: {Rate(nb, s, $"for {s.Label}", cols, rows)}, against {Rate(nb, d.Rest, $"for the other {H(d.Group)} groups pooled", cols, rows)} {(d.Groups.Count == 2 ? "for the rest" : $"for the other {Plural(H(d.Group))} together")}. " +
            // Two groups (a yes/no column): "over all applications", never "over all 2 reported honors".
            (d.Groups.Count == 2 ? $"Over all {overAll}, {nb.Pct(d.Overall.Rate, $"share {phrase} over all reported groups", cols, rows)} {(participle ? "are" : "have a")} {phrase}."
                : $"Over all {nb.Int(d.Groups.Count, "groups compared", cols, rows)} reported {Plural(H(d.Group))}, {nb.Pct(d.Overall.Rate, $"share {phrase} over all reported groups", cols, rows)} of {noun} {(participle ? "are" : "have a")} {phrase}."));
        var test = d.FisherP is { } f
            ? $"with two small groups, Fisher's exact test of the 2×2 table gives {nb.P(f, "Fisher's exact p-value", cols, rows)}"
            : $"a chi-square test of the groups' counts gives χ² = {nb.N(d.Test.Statistic, "chi-square statistic", cols, rows)} with {nb.Int(d.Test.Df, "degrees of freedom", cols, rows)} degrees of freedom ({nb.P(d.Test.PValue, "chi-square p-value", cols, rows)})";
        nb.Paragraph($"The evidence: over {nb.Int(d.Overall.N, "rows compared", cols, rows)} rows, {test}. " +
            $"After a Benjamini-Hochberg correction across the {nb.Int(d.Tested, "comparisons tested in the table", cols, rows)} comparisons tested in the table it stays at {nb.P(d.Q, "Benjamini-Hochberg adjusted p-value", cols, rows)}; " +
            $"Cramér's V = {nb.Coef(d.Test.CramersV, "Cramér's V", cols, rows)} (0 none, 1 the group decides the outcome).");
        nb.Subheading($"Share {phrase} by {H(d.Group)}");
        foreach (var g in d.Groups.Take(10))
        {
            nb.Bullet($"{LabelText(nb, d.Group, g.Label)}: {Rate(nb, g, $"for {g.Label}", cols, rows)}");
        }
        if (d.Groups.Count > 10)
        {
            nb.Bullet($"and {nb.Int(d.Groups.Count - 10, "reported groups not listed", cols, rows)} more {Plural(H(d.Group))}, shown in the chart");
        }
        nb.EndList();
        var notes = new List<string>();
        if (d.LeftOutGroups > 0)
        {
            notes.Add($"{nb.Int(d.LeftOutGroups, $"{d.Group} groups left out", cols, AllRows(table))} {H(d.Group)} groups with fewer than {nb.Int(d.MinRows, "least rows of a reported group", cols, AllRows(table))} rows (or beyond the largest {nb.Int(MaxGroups, "most groups reported", cols, AllRows(table))}), {nb.Int(d.LeftOutRows, "rows in the groups left out", cols, AllRows(table))} rows in all, are left out: their rates would rest on too few rows.");
        }
        if (d.UndecidedRows > 0)
        {
            notes.Add($"{nb.Int(d.UndecidedRows, "rows without a decided outcome", cols, AllRows(table))} rows still {string.Join(" or ", d.Outcome.Undecided)} are left out: they have no outcome yet.");
        }
        var largest = d.Groups.Max(g => g.N);
        var smallest = d.Groups.Min(g => g.N);
        if (largest >= 5 * smallest)
        {
            notes.Add($"The groups differ in size ({nb.Int(smallest, "rows in the smallest reported group", cols, rows)} to {nb.Int(largest, "rows in the largest reported group", cols, rows)} rows), so the smaller groups' rates are less certain.");
        }
        if (notes.Count > 0) nb.Paragraph(string.Join(" ", notes));
        if (d.Confound is { Explained: true } mix)
        {
            string[] mixCols = [d.Outcome.Column, d.Group, mix.By];
            nb.Paragraph($"The gap is {H(mix.By)}'s mix: read within each of {nb.Int(mix.Strata, $"{mix.By} values holding both {s.Label} and the rest", mixCols, rows)} {H(mix.By)} values, {who} rows differ from the rest by {nb.N(100 * mix.Within, $"Mantel-Haenszel weighted difference of the rates within {mix.By}, in points", mixCols, rows)} points, against {nb.N(100 * mix.Raw, "difference of the rates over all rows, in points", mixCols, rows)} overall: how the groups spread over {H(mix.By)} makes most of the difference, not {H(d.Group)} itself.");
        }

        var labels = d.Groups.Select(g => g.Label).Append($"all {Plural(H(d.Group))}").ToList();
        var rates = d.Groups.Select(g => 100 * g.Rate).Append(100 * d.Overall.Rate).ToList();
        var marks = d.Groups.Select(g => g == d.Standout).Append(false).ToList();
        if (labels.Count > 15)
        {
            // The chart shows 15 bars: the standout group stays in, and the overall rate last.
            var keep = d.Groups.Select((g, i) => (g, i)).Where(x => x.i < 13 || x.g == d.Standout).Take(14).Select(x => x.g).ToList();
            labels = keep.Select(g => g.Label).Append($"all {Plural(H(d.Group))}").ToList();
            rates = keep.Select(g => 100 * g.Rate).Append(100 * d.Overall.Rate).ToList();
            marks = keep.Select(g => g == d.Standout).Append(false).ToList();
        }
        draft.Charts.Add(ChartFactory.Bars($"Share {phrase} by {H(d.Group)}, with all groups", d.Group, $"Share {phrase} (%)", labels, rates, highlightWhere: marks));
        var bySize = d.Groups.OrderByDescending(g => g.Hits).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
        draft.Charts.Add(ChartFactory.Bars($"Rows {phrase} by {H(d.Group)} (counts)", d.Group, $"Rows {phrase}", bySize.Select(g => g.Label).ToList(), bySize.Select(g => (double)g.Hits).ToList(),
            highlightWhere: bySize.Select(g => g == d.Standout).ToList()));
        if (table.Time.Axis is { } axis && !table.Time.IsSeries && GroupOverTime(table, d, axis) is { } line) draft.Charts.Add(line);

        var outcome = (CategoryColumn)table.Find(d.Outcome.Column)!;
        var group = (CategoryColumn)table.Find(d.Group)!;
        var hitCodes = d.Outcome.Levels.Select(l => Array.IndexOf(outcome.Labels, l)).ToHashSet();
        var groupCode = Array.IndexOf(group.Labels, d.Standout.Label);
        var subset = Enumerable.Range(0, table.RowCount).Where(r => hitCodes.Contains(outcome.Codes[r]) && group.Codes[r] == groupCode).ToList();
        draft.Subset(subset, $"Rows where {d.Group} = {d.Standout.Label} and {d.Outcome.Column} = {d.Outcome.LevelsText}");
    }

    /// <summary>The standout group's rate per period against the rest's, when the table has whole periods enough for both.</summary>
    private static ChartImage? GroupOverTime(AnalysisTable table, RateGroupDetail d, DataColumn axis)
    {
        var y = OutcomeOf(table, d.Outcome, out _);
        var group = (CategoryColumn)table.Find(d.Group)!;
        var code = Array.IndexOf(group.Labels, d.Standout.Label);
        var reported = d.Groups.Select(g => Array.IndexOf(group.Labels, g.Label)).ToHashSet();
        var inGroup = new sbyte[y.Length];
        var inRest = new sbyte[y.Length];
        for (var r = 0; r < y.Length; r++)
        {
            var c = group.Codes[r];
            inGroup[r] = c == code ? y[r] : (sbyte)-1;
            inRest[r] = c != code && c >= 0 && reported.Contains(c) ? y[r] : (sbyte)-1;
        }
        var timeIsYear = axis is NumericColumn;
        var (a, ta, granularity) = Periods(axis, inGroup, timeIsYear);
        var (b, tb, _) = Periods(axis, inRest, timeIsYear);
        if (a.Count < MinPeriods || b.Count < MinPeriods) return null;
        return ChartFactory.Lines($"Share {d.Outcome.Phrase} per {granularity}: {d.Standout.Label} against the rest", H(axis.Name), $"Share {d.Outcome.Phrase} (%)",
            [(d.Standout.Label, ta.ToArray(), a.Select(p => 100 * p.Rate).ToArray()), ("the rest", tb.ToArray(), b.Select(p => 100 * p.Rate).ToArray())], timeIsYear);
    }

    private static string Rate(NarrativeBuilder nb, RateCount c, string what, IReadOnlyList<string> cols, string rows) =>
        $"{nb.Pct(c.Rate, $"share with the outcome {what}", cols, rows)} ({nb.Int(c.Hits, $"rows with the outcome {what}", cols, rows)} of {nb.Int(c.N, $"rows {what}", cols, rows)})";

    private static void WriteTime(StoryDraft draft, RateTimeDetail d)
    {
        var nb = draft.Text;
        var table = draft.Table;
        string[] cols = [d.TimeColumn, d.Outcome.Column];
        var rows = $"{AllRows(table)} in whole {d.Granularity}s with at least {MinGroupRows} rows";
        var up = d.Last.Rate > d.First.Rate;
        var firstSpan = PeriodFact(nb, d, 0, d.ThirdSize, cols);
        var lastSpan = PeriodFact(nb, d, d.Periods.Count - d.ThirdSize, d.Periods.Count, cols);
        nb.Paragraph($"The share of rows {d.Outcome.Phrase} {(up ? "rose" : "fell")} from {Rate(nb, d.First, $"in the first {d.Granularity}s ({firstSpan})", cols, rows)} in {firstSpan} to {Rate(nb, d.Last, $"in the last {d.Granularity}s ({lastSpan})", cols, rows)} in {lastSpan}.");
        nb.Paragraph($"The evidence: over {nb.Int(d.Periods.Count, $"whole {d.Granularity}s compared", cols, rows)} whole {d.Granularity}s ({nb.Int(d.Periods.Sum(p => p.N), "rows compared", cols, rows)} rows), a chi-square test for trend in proportions (Cochran-Armitage) gives z = {nb.N(d.TrendZ, "Cochran-Armitage z", cols, rows)} ({nb.P(d.TrendP, "trend test p-value", cols, rows)}; {nb.P(d.Q, "Benjamini-Hochberg adjusted p-value", cols, rows)} after a Benjamini-Hochberg correction across the {nb.Int(d.Tested, "comparisons tested in the table", cols, rows)} comparisons tested). " +
            $"A Mann-Kendall test on the {d.Granularity}ly rates agrees (Kendall's tau = {nb.Coef(d.MannKendall.Tau, "Kendall's tau of the period rates", cols, rows)}, {nb.P(d.MannKendall.PValue, "Mann-Kendall p-value", cols, rows)}), so the change is not a few unusual {d.Granularity}s.");
        var highest = d.Periods.Select((p, i) => (p, i)).OrderByDescending(x => x.p.Rate).ThenBy(x => x.i).First();
        var lowest = d.Periods.Select((p, i) => (p, i)).OrderBy(x => x.p.Rate).ThenBy(x => x.i).First();
        nb.Paragraph($"The highest {d.Granularity} was {PeriodFact(nb, d, highest.i, highest.i + 1, cols)} at {Rate(nb, highest.p, $"in {highest.p.Label}", cols, rows)}; the lowest {PeriodFact(nb, d, lowest.i, lowest.i + 1, cols)} at {Rate(nb, lowest.p, $"in {lowest.p.Label}", cols, rows)}.");
        if (d.UndecidedRows > 0)
        {
            nb.Paragraph($"{nb.Int(d.UndecidedRows, "rows without a decided outcome", cols, AllRows(table))} rows still {string.Join(" or ", d.Outcome.Undecided)} are left out: they have no outcome yet, and recent {d.Granularity}s hold more of them.");
        }
        draft.Charts.Add(ChartFactory.Line($"Share {d.Outcome.Phrase} per {d.Granularity}", H(d.TimeColumn), $"Share {d.Outcome.Phrase} (%)", d.T.ToArray(), d.Periods.Select(p => 100 * p.Rate).ToArray(), d.TimeIsYear));
        draft.Charts.Add(ChartFactory.Bars($"Rows {d.Outcome.Phrase} per {d.Granularity} (counts)", H(d.TimeColumn), $"Rows {d.Outcome.Phrase}", d.Periods.Select(p => p.Label).ToList(), d.Periods.Select(p => (double)p.Hits).ToList(),
            highlightWhere: d.Periods.Select((_, i) => i >= d.Periods.Count - d.ThirdSize).ToList()));
        var outcome = (CategoryColumn)table.Find(d.Outcome.Column)!;
        var axis = table.Find(d.TimeColumn)!;
        var hits = d.Outcome.Levels.Select(l => Array.IndexOf(outcome.Labels, l)).ToHashSet();
        var from = d.T[d.Periods.Count - d.ThirdSize];
        var subset = Enumerable.Range(0, table.RowCount).Where(r => hits.Contains(outcome.Codes[r]) && TimeContext.TimeValue(axis, r) >= from).ToList();
        draft.Subset(subset, $"Rows where {d.Outcome.Column} = {d.Outcome.LevelsText} in the last {d.Granularity}s compared");
    }

    /// <summary>A span of periods in the narrative ("Jan 2023–Apr 2023"); the years in it go in as facts.</summary>
    private static string PeriodFact(NarrativeBuilder nb, RateTimeDetail d, int from, int to, IReadOnlyList<string> cols)
    {
        var text = PeriodText(d, from, to);
        nb.N(d.T[from], $"start of the {d.Granularity}s", [cols[0]], "time points", _ => text);
        return text;
    }
}
