using System.Globalization;
using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>What one row of a table stands for.</summary>
public enum RowKind
{
    /// <summary>One event or one entity (an order, a person, a school): every row counts once.</summary>
    Observation,

    /// <summary>One cell of a contingency table: a combination of categories with a count column saying how many cases it holds.</summary>
    ContingencyCell,

    /// <summary>A group of units with its size (an exposure: people, applicants, months of service) and a count or share of them.</summary>
    Aggregate,

    /// <summary>One measurement of an entity that other rows measure again (a subject at several ages): rows are not independent.</summary>
    Repeated,
}

/// <summary>
/// What a row is, found from the table before any detector runs (issue 22, item 1).
/// </summary>
/// <param name="Count">For a contingency table, the count column (Freq, n, count) that weights each cell.</param>
/// <param name="Cases">For a contingency table, how many cases its cells hold (the count column's sum).</param>
/// <param name="Exposures">Exposure columns (population, service, applicants) that turned totals into rates.</param>
/// <param name="Entity">For repeated measurements, the column naming the entity a row measures.</param>
/// <param name="DesignFactors">Columns an experimenter set in a balanced layout: never a finding.</param>
/// <param name="Assigned">Category columns an experimenter assigned in equal numbers within blocks, and those blocks
/// (see <see cref="RowModels.Assignments"/>), or a trial's arms (see <see cref="RowModels.TreatmentArms"/>): the table is an experiment's.</param>
/// <param name="Compared">The groups the table was made to compare: an assigned factor (not its blocks), a trial's arms,
/// or the sexes a file gives one column each (see <see cref="RowModels.GroupColumnsAsRows"/>); the table's primary
/// comparison (see <see cref="IsPrimary"/>).</param>
/// <param name="Origins">The file's columns a reshaped column was read from (awards ← awards_men, awards_women; see
/// <see cref="RowModels.GroupColumnsAsRows"/>): what a story's evidence names.</param>
public sealed record RowModel(RowKind Kind, string? Count = null, long Cases = 0, IReadOnlyList<string>? Exposures = null, string? Entity = null, IReadOnlyList<string>? DesignFactors = null,
    IReadOnlyList<string>? Assigned = null, IReadOnlyList<string>? Compared = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? Origins = null)
{
    /// <summary>The file's columns behind <paramref name="name"/>: its <see cref="Origins"/>, else the name itself.</summary>
    public IReadOnlyList<string> OriginsOf(string name) => Origins is { } o && o.TryGetValue(name, out var from) ? from : [name];

    /// <summary>
    /// Whether the outcome by <paramref name="group"/> is the question the table was made to answer (a trial's treatment
    /// against placebo, a field experiment's names, the sexes a table of grants lays side by side): one comparison stated
    /// before the data was seen, so it is tested on its own (not corrected over every pair the analyst screens) and,
    /// when it holds, told first.
    /// </summary>
    public bool IsPrimary(string group) => Compared?.Contains(group) ?? false;

    public static RowModel Observations { get; } = new(RowKind.Observation);

    public IReadOnlyList<string> ExposureColumns => Exposures ?? [];

    public IReadOnlyList<string> Factors => DesignFactors ?? [];
}

/// <summary>
/// Reads what a row is before any detector runs, and shapes the table so every kind sees it right (issue 22, item 1):
/// <list type="bullet">
/// <item>a <b>contingency table</b> (categories plus one count column named like Freq, n or count, each combination of
/// categories once) is expanded to one row per counted case, so shares, rates, associations and concentrations count
/// cases, not cells, and the count column is never a measure (above <see cref="MaxExpandedRows"/> cases each cell keeps
/// its share of a proportional sample, said in the sampling note);</item>
/// <item>an <b>exposure</b> column (population, months of service, applicants) turns a count that scales with it into a
/// rate per unit of exposure ("incidents per thousand service"), which replaces both: a state leads total murders only
/// by being large. A table of groups (categories, a count or percentage, its exposure) with few enough units is expanded
/// to one row per unit with a yes/no column for the count, so the rate kinds compare shares of units;</item>
/// <item><b>entity codes</b> (a subject, patient or instructor number) are labels, and rows that repeat an entity are
/// repeated measurements;</item>
/// <item><b>design factors</b> (numeric columns with a few levels crossed in a balanced layout) are groups, not measures.</item>
/// </list>
/// Expanding rows (rather than a weight every kind must honour) keeps each kind's counting, tests and narratives as they
/// are: a kind that counts rows counts cases without knowing it.
/// </summary>
public static partial class RowModels
{
    /// <summary>At most this many rows after expanding counts; above it cells keep proportional shares of a sample.</summary>
    public const int MaxExpandedRows = 100_000;

    /// <summary>A count scales with an exposure when they correlate at least this much over the rows.</summary>
    public const double MinExposureR = 0.5;

    /// <summary>A numeric column with at most this many levels can be a cell's dimension in a contingency table.</summary>
    public const int MaxNumericDimensionLevels = 30;

    /// <summary>The table as the detectors should see it, with its row model.</summary>
    public static AnalysisTable Read(AnalysisTable table)
    {
        table = EntityCodes(table);
        table = ClassificationCodes(table);
        table = WithoutReportingFields(table);
        table = ClockTimesAsLabels(table);
        if (CountColumn(table) is { } count) return ExpandCells(table, count);
        table = DesignFactors(table);
        table = Assignments(table);
        table = TreatmentArms(table);
        table = Schedules(table);
        table = GroupColumnsAsRows(table);
        return Exposures(table);
    }

    // ---------------------------------------------------------------- contingency tables

    /// <summary>
    /// The count column of a contingency table, or null: exactly one whole, non-negative column named like a count,
    /// every other column a grouping (a category, or a number with few levels; no time axis, no free text), and each
    /// combination of groupings on one row only.
    /// </summary>
    public static NumericColumn? CountColumn(AnalysisTable table)
    {
        if (table.RowCount < 4) return null;
        var counts = table.Numeric.Where(c => ColumnMeaning.IsCountName(c.Name) && c.IsInteger && c.MissingCount == 0 && c.Values.All(v => v >= 0)).ToList();
        if (counts.Count != 1) return null;
        var count = counts[0];
        var dimensions = table.Columns.Where(c => c != count).ToList();
        if (!dimensions.OfType<CategoryColumn>().Any()) return null;
        foreach (var d in dimensions)
        {
            var grouping = d switch
            {
                CategoryColumn => true,
                NumericColumn n when !n.IsTime => DistinctUpTo(n.Values, MaxNumericDimensionLevels) <= MaxNumericDimensionLevels,
                _ => false,
            };
            if (!grouping) return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var key = new System.Text.StringBuilder();
        for (var r = 0; r < table.RowCount; r++)
        {
            key.Clear();
            foreach (var d in dimensions)
            {
                key.Append(d is CategoryColumn c ? c.Codes[r].ToString(CultureInfo.InvariantCulture) : ((NumericColumn)d).Values[r].ToString("R", CultureInfo.InvariantCulture)).Append('\u001f');
            }
            if (!seen.Add(key.ToString())) return null;
        }
        return count.Values.Sum() > 0 ? count : null;
    }

    /// <summary>One row per counted case (a proportional sample of them above <see cref="MaxExpandedRows"/>), without the count column.</summary>
    public static AnalysisTable ExpandCells(AnalysisTable table, NumericColumn count)
    {
        var weights = count.Values.Select(v => (long)v).ToArray();
        var cases = weights.Sum();
        var rows = Repeat(weights, MaxExpandedRows);
        var columns = table.Columns.Where(c => c != count).Select(c => c.Take(rows)).ToList();
        var sampling = rows.Length == cases
            ? new SamplingInfo(false, cases, cases, $"one row per case counted in {count.Name} ({cases.ToString("N0", CultureInfo.InvariantCulture)} cases in {table.RowCount.ToString("N0", CultureInfo.InvariantCulture)} cells)")
            : new SamplingInfo(true, cases, rows.Length, $"each of the {table.RowCount.ToString("N0", CultureInfo.InvariantCulture)} cells repeated in proportion to its {count.Name}: {rows.Length.ToString("N0", CultureInfo.InvariantCulture)} rows for {cases.ToString("N0", CultureInfo.InvariantCulture)} counted cases");
        return new AnalysisTable(columns, rows.Length, rows.Select(r => table.SourceRows[r]).ToArray(), sampling)
        {
            Focus = table.Focus,
            Unrelated = table.Unrelated,
            Noun = table.Noun,
            Model = new RowModel(RowKind.ContingencyCell, Count: count.Name, Cases: cases),
            Derived = table.Derived,
        };
    }

    /// <summary>Row indexes, each row repeated by its weight; scaled down by largest remainders when the total exceeds <paramref name="cap"/>.</summary>
    public static int[] Repeat(IReadOnlyList<long> weights, int cap)
    {
        var total = weights.Sum();
        var times = new long[weights.Count];
        if (total <= cap)
        {
            for (var i = 0; i < times.Length; i++) times[i] = Math.Max(0, weights[i]);
        }
        else
        {
            var scale = cap / (double)total;
            var remainders = new (double Remainder, int Row)[weights.Count];
            long given = 0;
            for (var i = 0; i < times.Length; i++)
            {
                var exact = Math.Max(0, weights[i]) * scale;
                times[i] = (long)Math.Floor(exact);
                given += times[i];
                remainders[i] = (exact - times[i], i);
            }
            foreach (var (_, row) in remainders.OrderByDescending(x => x.Remainder).ThenBy(x => x.Row).Take((int)Math.Max(0, cap - given))) times[row]++;
        }
        var rows = new int[times.Sum()];
        var k = 0;
        for (var i = 0; i < times.Length; i++) for (var t = 0; t < times[i]; t++) rows[k++] = i;
        return rows;
    }

    // ---------------------------------------------------------------- entity codes and repeated measurements

    /// <summary>
    /// Whole numbers in a column named for an entity (subject, patient, prof, district), most of a run of consecutive
    /// codes: labels, never summed or compared. When they repeat, each row is one measurement of an entity.
    /// </summary>
    public static AnalysisTable EntityCodes(AnalysisTable table)
    {
        var codes = table.Numeric.Where(IsEntityCode).ToList();
        if (codes.Count == 0) return table;
        var columns = table.Columns.Select(c => codes.Contains(c) ? AsLabels((NumericColumn)c) : c).ToList();
        var first = codes[0];
        var distinct = first.Values.Where(double.IsFinite).Distinct().Count();
        var model = distinct < 0.9 * (first.Length - first.MissingCount) ? table.Model with { Kind = RowKind.Repeated, Entity = first.Name } : table.Model;
        return table.With(columns).With(model);
    }

    /// <summary>A column of entity numbers: named like an entity, whole numbers, at least ten codes filling most of their range.</summary>
    public static bool IsEntityCode(NumericColumn column)
    {
        if (!column.IsInteger || !ColumnMeaning.IsEntityName(column.Name)) return false;
        var values = column.Values.Where(double.IsFinite).Distinct().ToList();
        if (values.Count < 10) return false;
        var span = values.Max() - values.Min() + 1;
        return values.Count >= 0.5 * span || values.All(v => v >= 1000);
    }

    private static TextColumn AsLabels(NumericColumn column)
    {
        var labels = column.Values.Select(v => double.IsFinite(v) ? v.ToString("0", CultureInfo.InvariantCulture) : null).ToArray();
        return new TextColumn(column.Name, column.Index, labels, labels.Where(l => l is not null).Distinct().Count());
    }

    /// <summary>
    /// Whole numbers in a column named like a classification code (a census occupation code, a ZIP or FIPS code) are
    /// the labels of a list, not amounts: a few codes become groups, many become row labels. Never averaged, summed or
    /// compared as a measure.
    /// </summary>
    public static AnalysisTable ClassificationCodes(AnalysisTable table)
    {
        var codes = table.Numeric.Where(c => c.IsInteger && !c.IsTime && ColumnMeaning.IsCodeName(c.Name)).ToList();
        if (codes.Count == 0) return table;
        return table.With(table.Columns.Select(c => c is NumericColumn n && codes.Contains(n)
            ? DistinctUpTo(n.Values, MaxNumericDimensionLevels) <= MaxNumericDimensionLevels ? AsLevels(n) : (DataColumn)AsLabels(n)
            : c).ToList());
    }

    /// <summary>Measures of how complete a row's data is (weeks reporting) leave the measures: they are never a finding.</summary>
    public static AnalysisTable WithoutReportingFields(AnalysisTable table)
    {
        var reporting = table.Numeric.Where(c => ColumnMeaning.IsReportingField(c.Name)).ToList();
        return reporting.Count == 0 ? table : table.With(table.Columns.Where(c => !reporting.Contains(c)).ToList());
    }

    /// <summary>
    /// Clock times read as labels (00:45, 01:35) are a time of day, not groups: kept to label rows, never compared
    /// ("01:35 leads total"). Beside a date column they have already joined it as the time of day (<see cref="TimeAxes.CombineDateAndClock"/>).
    /// </summary>
    public static AnalysisTable ClockTimesAsLabels(AnalysisTable table)
    {
        var clocks = table.Categories.Where(ColumnMeaning.IsClockTime).ToList();
        if (clocks.Count == 0) return table;
        return table.With(table.Columns.Select(c => c is CategoryColumn k && clocks.Contains(k)
            ? new TextColumn(k.Name, k.Index, k.Codes.Select(code => code >= 0 ? k.Labels[code] : null).ToArray(), k.Labels.Length)
            : c).ToList());
    }

    // ---------------------------------------------------------------- design factors

    /// <summary>
    /// Numeric columns with two to six levels each, at least two of them, whose combinations all occur equally often
    /// (a balanced full-factorial layout: 3 lengths × 3 amplitudes × 3 loads, each once): the experimenter's settings,
    /// read as groups.
    /// </summary>
    public static AnalysisTable DesignFactors(AnalysisTable table)
    {
        if (GridAxis(table) is { } axis) return table.With(table.Model with { DesignFactors = [axis.Name] });
        var candidates = table.Numeric.Where(c => c.MissingCount == 0 && DistinctUpTo(c.Values, 6) is >= 2 and <= 6).ToList();
        if (candidates.Count < 2 || table.RowCount < 8) return table;
        var cells = candidates.Aggregate(1L, (p, c) => p * c.Values.Distinct().Count());
        if (table.RowCount % cells != 0) return table;
        var combos = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < table.RowCount; r++)
        {
            var key = string.Join('\u001f', candidates.Select(c => c.Values[r].ToString("R", CultureInfo.InvariantCulture)));
            combos[key] = combos.GetValueOrDefault(key) + 1;
        }
        if (combos.Count != cells || combos.Values.Distinct().Count() != 1) return table;
        var columns = table.Columns.Select(c => candidates.Contains(c) ? AsLevels((NumericColumn)c) : c).ToList();
        return table.With(columns).With(table.Model with { DesignFactors = candidates.Select(c => c.Name).ToList() });
    }

    /// <summary>Most levels an assigned factor has (two names, three treatments).</summary>
    public const int MaxAssignedLevels = 6;

    /// <summary>Least rows per level of an assigned factor.</summary>
    public const int MinAssignedRows = 20;

    /// <summary>
    /// A category assigned in equal numbers within blocks (a field experiment's names: as many white- as
    /// African-American-sounding names in each city and each résumé quality): every level of the factor holds exactly as
    /// many rows, and so does every level within each level of at least one other category (the block). Exact balance
    /// across a block does not happen by chance; it is the experimenter's layout. The factor and its blocks are design
    /// factors; the table is an experiment's (<see cref="IsExperiment"/>), where the attributes' spread over the units is
    /// the design or the sample and only the outcome's rates are findings.
    /// </summary>
    public static AnalysisTable Assignments(AnalysisTable table)
    {
        if (table.Model.Kind != RowKind.Observation) return table;
        var categories = table.Categories.Where(c => c.Labels.Length is >= 2 and <= 30 && !ColumnMeaning.IsFreeText(c)).ToList();
        var assigned = new List<string>();
        var factors = new List<string>();
        foreach (var f in categories.Where(c => c.Labels.Length <= MaxAssignedLevels))
        {
            var counts = f.CountByCode();
            if (counts.Sum() != table.RowCount || counts.Distinct().Count() != 1 || counts[0] < MinAssignedRows) continue;
            foreach (var g in categories.Where(g => g != f))
            {
                var cross = new long[g.Labels.Length, f.Labels.Length];
                for (var r = 0; r < table.RowCount; r++)
                {
                    if (g.Codes[r] >= 0) cross[g.Codes[r], f.Codes[r]]++;
                }
                var used = Enumerable.Range(0, g.Labels.Length).Where(i => cross[i, 0] > 0).ToList();
                if (used.Count < 2) continue;
                var balanced = Enumerable.Range(0, g.Labels.Length).All(i => Enumerable.Range(1, f.Labels.Length - 1).All(j => cross[i, j] == cross[i, 0]));
                if (!balanced) continue;
                if (!assigned.Contains(f.Name)) assigned.Add(f.Name);
                if (!assigned.Contains(g.Name)) assigned.Add(g.Name);
                if (!factors.Contains(f.Name)) factors.Add(f.Name);
            }
        }
        if (assigned.Count == 0) return table;
        return table.With(table.Model with { DesignFactors = [.. table.Model.Factors, .. assigned.Where(a => !table.Model.Factors.Contains(a))], Assigned = assigned, Compared = [.. table.Model.Compared ?? [], .. factors] });
    }

    /// <summary>Least rows in each arm of a trial.</summary>
    public const int MinArmRows = 10;

    /// <summary>Least rows for an exact half split of two levels to be read as a randomised assignment (by chance it
    /// happens to under 4% of such tables, and only where the levels are about equally common anyway).</summary>
    public const int MinHalvesRows = 100;

    /// <summary>
    /// A trial's arms, added to the assigned factors: a category of two to <see cref="MaxAssignedLevels"/> levels (each at
    /// least <see cref="MinArmRows"/> rows) named for a treatment (treatment, arm, intervention) or with a level that reads
    /// as the control (placebo, sham, untreated); or, in a table whose rows have a named outcome (arrested, survived), two
    /// levels split exactly in half over at least <see cref="MinHalvesRows"/> rows (half the released men were given
    /// financial aid). What the arm did to the outcome is the trial's question.
    /// </summary>
    public static AnalysisTable TreatmentArms(AnalysisTable table)
    {
        if (table.Model.Kind != RowKind.Observation) return table;
        var assigned = table.Model.Assigned?.ToList() ?? [];
        var arms = new List<string>();
        bool? hasOutcome = null;
        foreach (var c in table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxAssignedLevels && !assigned.Contains(c.Name) && !ColumnMeaning.IsFreeText(c)))
        {
            var counts = c.CountByCode();
            if (counts.Any(n => n < MinArmRows) || Stories.RateStory.IsOutcomeName(c.Name)) continue;
            var named = ArmName().IsMatch(c.Name) || c.Labels.Any(l => ControlLabel().IsMatch(l));
            var halves = !named && counts.Length == 2 && counts[0] == counts[1] && counts.Sum() == table.RowCount && table.RowCount >= MinHalvesRows
                && (hasOutcome ??= Stories.RateStory.Outcomes(table).Any(o => o.IsFlag));
            if (named || halves) arms.Add(c.Name);
        }
        if (arms.Count == 0) return table;
        return table.With(table.Model with
        {
            DesignFactors = [.. table.Model.Factors, .. arms.Where(a => !table.Model.Factors.Contains(a))],
            Assigned = [.. assigned, .. arms],
            Compared = [.. table.Model.Compared ?? [], .. arms],
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)^(treat|treatment|treated|trt|arm|intervention|therapy)$")]
    private static partial System.Text.RegularExpressions.Regex ArmName();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)^(placebo|sham|untreated|vehicle|usual care|no treatment)$")]
    private static partial System.Text.RegularExpressions.Regex ControlLabel();

    /// <summary>Whether the table is an experiment's: some category was assigned in equal numbers within blocks, or is a trial's arm.</summary>
    public static bool IsExperiment(AnalysisTable table) => table.Model.Assigned is { Count: > 0 };

    /// <summary>A schedule has at most this many settings when it is read along the table's time axis.</summary>
    public const int MaxScheduleLevels = 5;

    /// <summary>
    /// Settings a study's protocol fixed, added to the design factors (never described as a quantity): in repeated
    /// measurements, a number that rises within every entity's rows (the age at each visit); in a series, a setting of
    /// a few levels that only ever moves one way along the time axis (a test pressure raised twice over the flights).
    /// </summary>
    public static AnalysisTable Schedules(AnalysisTable table)
    {
        var found = new List<string>();
        var entity = table.Model.Entity is { } entityName ? table.Find(entityName) : RepeatedEntity(table);
        if (entity is not null)
        {
            foreach (var c in table.Numeric.Where(c => !table.Model.Factors.Contains(c.Name)))
            {
                if (RisesWithinEntities(entity, c)) found.Add(c.Name);
            }
        }
        else if (table.Time.IsSeries && table.Time.Axis is { } axis)
        {
            var order = Enumerable.Range(0, table.RowCount).Where(r => double.IsFinite(TimeContext.TimeValue(axis, r))).OrderBy(r => TimeContext.TimeValue(axis, r)).ToArray();
            foreach (var c in table.Numeric.Where(c => !table.Model.Factors.Contains(c.Name)))
            {
                var values = order.Select(r => c.Values[r]).Where(double.IsFinite).ToArray();
                if (values.Length < 8 || DistinctUpTo(values, MaxScheduleLevels) is < 2 or > MaxScheduleLevels) continue;
                var steps = Enumerable.Range(1, values.Length - 1).Count(i => values[i] != values[i - 1]);
                var up = Enumerable.Range(1, values.Length - 1).All(i => values[i] >= values[i - 1]);
                var down = Enumerable.Range(1, values.Length - 1).All(i => values[i] <= values[i - 1]);
                if ((up || down) && steps < MaxScheduleLevels) found.Add(c.Name);
            }
        }
        return found.Count == 0 ? table : table.With(table.Model with { DesignFactors = table.Model.Factors.Concat(found).ToList() });
    }

    /// <summary>A category or label column named for an entity (subject, patient) whose values repeat: rows measure each again.</summary>
    public static DataColumn? RepeatedEntity(AnalysisTable table) =>
        table.Columns.FirstOrDefault(c => ColumnMeaning.IsEntityName(c.Name) && c switch
        {
            CategoryColumn k => k.Labels.Length >= 5 && k.Labels.Length < 0.9 * (k.Length - k.MissingCount),
            TextColumn t => t.DistinctSeen >= 5 && t.DistinctSeen < 0.9 * (t.Length - t.MissingCount),
            _ => false,
        });

    /// <summary>
    /// Whether table preparation made <paramref name="column"/> from a count and the exposure it is counted over (deaths
    /// per ten thousand people, a yes/no per unit of exposure): derived from exactly two columns, the second an exposure.
    /// </summary>
    public static bool IsPerExposure(AnalysisTable table, string column) =>
        table.Model.ExposureColumns.Count > 0 && table.Derived.TryGetValue(column, out var from) && from.Count == 2 && table.Model.ExposureColumns.Contains(from[1]);

    /// <summary>
    /// A percentage or a rate per unit of exposure in a table whose rows are groups of different sizes (success rates
    /// of disciplines with their applicants): its plain average or median weighs a group of nine like a group of nine
    /// hundred, so it is never described unweighted.
    /// </summary>
    public static bool IsRateOfGroups(AnalysisTable table, NumericColumn column) =>
        table.Model.ExposureColumns.Count > 0
        && ((table.Derived.TryGetValue(column.Name, out var parts) && parts.Any(table.Model.ExposureColumns.Contains)) || ColumnMeaning.IsPercentOf(column));

    /// <summary>Whether a measure rises from row to row within (nearly) every entity measured at least three times.</summary>
    private static bool RisesWithinEntities(DataColumn entity, NumericColumn measure)
    {
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int steps = 0, rises = 0;
        for (var r = 0; r < measure.Length; r++)
        {
            var key = entity switch
            {
                TextColumn t => t.Values[r],
                CategoryColumn k => k.Codes[r] >= 0 ? k.Labels[k.Codes[r]] : null,
                _ => null,
            };
            var v = measure.Values[r];
            if (key is null || !double.IsFinite(v)) continue;
            if (last.TryGetValue(key, out var before))
            {
                steps++;
                if (v > before) rises++;
            }
            last[key] = v;
            seen[key] = seen.GetValueOrDefault(key) + 1;
        }
        return seen.Values.Count(n => n >= 3) >= 5 && steps >= 10 && rises >= 0.95 * steps;
    }

    /// <summary>
    /// The axis of a grid table (a life table: every age once for each sex): a whole-number measure with evenly spaced
    /// values that, with the table's categories, forms every combination exactly once. It orders the rows; it is not a
    /// quantity to describe.
    /// </summary>
    public static NumericColumn? GridAxis(AnalysisTable table)
    {
        var categories = table.Categories.ToList();
        if (categories.Count == 0 || table.RowCount < 20) return null;
        var combinations = categories.Aggregate(1L, (p, k) => p * k.Labels.Length);
        if (table.RowCount % combinations != 0 || table.RowCount / combinations < 10) return null;
        var needed = (int)(table.RowCount / combinations);
        foreach (var c in table.Numeric.Where(c => c.IsInteger && c.MissingCount == 0))
        {
            if (DistinctUpTo(c.Values, needed) != needed) continue;
            var levels = c.Values.Distinct().Order().ToList();
            var step = levels[1] - levels[0];
            if (step <= 0 || Enumerable.Range(1, levels.Count - 1).Any(i => levels[i] - levels[i - 1] != step)) continue;
            var cells = categories.Aggregate((long)levels.Count, (p, k) => p * k.Labels.Length);
            if (cells != table.RowCount) continue;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var unique = true;
            for (var r = 0; r < table.RowCount && unique; r++)
            {
                unique = seen.Add(c.Values[r].ToString("R", CultureInfo.InvariantCulture) + "\u001f" + string.Join('\u001f', categories.Select(k => k.Codes[r])));
            }
            if (unique) return c;
        }
        return null;
    }

    /// <summary>How many distinct values, counted up to <paramref name="max"/> + 1 (a long column stops early).</summary>
    public static int DistinctUpTo(double[] values, int max)
    {
        var seen = new HashSet<double>();
        foreach (var v in values)
        {
            if (seen.Add(v) && seen.Count > max) return max + 1;
        }
        return seen.Count;
    }

    private static CategoryColumn AsLevels(NumericColumn column)
    {
        var levels = column.Values.Where(double.IsFinite).Distinct().Order().ToList();
        var labels = levels.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)).ToArray();
        var codes = column.Values.Select(v => double.IsFinite(v) ? levels.IndexOf(v) : -1).ToArray();
        return new CategoryColumn(column.Name, column.Index, codes, labels);
    }

    // ---------------------------------------------------------------- one column per group

    private static readonly HashSet<string> SexWords = new(StringComparer.Ordinal) { "men", "women", "male", "female", "males", "females", "boys", "girls" };

    private static readonly HashSet<string> TotalWords = new(StringComparer.Ordinal) { "total", "all", "both", "overall" };

    /// <summary>
    /// A table of groups that gives each measure once per sex (applications_men, applications_women, applications_total;
    /// awards_men, …) holds two rows per group in one: each row becomes one row per sex with a <c>sex</c> column and one
    /// column per measure, and the totals leave (they are the sum of the rows). Then a count and its exposure per sex
    /// become units like any other table of groups, and the sexes compare on pooled rates, not on a median of rates.
    /// </summary>
    public static AnalysisTable GroupColumnsAsRows(AnalysisTable table)
    {
        if (table.Time.IsSeries || !table.Categories.Any()) return table;
        var parsed = new List<(NumericColumn Column, string Stem, string Group)>();
        foreach (var c in table.Numeric)
        {
            var words = ColumnMeaning.NameWords(c.Name);
            if (words.Count < 2 || !(SexWords.Contains(words[^1]) || TotalWords.Contains(words[^1]))) continue;
            var at = c.Name.LastIndexOf(words[^1], StringComparison.OrdinalIgnoreCase);
            var stem = at > 0 ? c.Name[..at].TrimEnd('_', '.', '-', ' ') : "";
            if (stem.Length > 0) parsed.Add((c, stem, words[^1]));
        }
        var stems = parsed.GroupBy(p => p.Stem, StringComparer.Ordinal)
            .Select(g => (Stem: g.Key, Groups: g.Where(p => SexWords.Contains(p.Group)).OrderBy(p => p.Group, StringComparer.Ordinal).ToList(), All: g.ToList()))
            .Where(s => s.Groups.Count >= 2).ToList();
        if (stems.Count < 2) return table;
        var groups = stems[0].Groups.Select(p => p.Group).ToList();
        if (stems.Any(s => !s.Groups.Select(p => p.Group).SequenceEqual(groups))) return table;
        var reshaped = stems.SelectMany(s => s.All.Select(p => p.Column)).ToHashSet();
        var rows = Enumerable.Range(0, table.RowCount).SelectMany(r => groups.Select(_ => r)).ToArray();
        var columns = new List<DataColumn>();
        foreach (var c in table.Columns.Where(c => c is not NumericColumn n || !reshaped.Contains(n))) columns.Add(c.Take(rows));
        var index = table.Columns.Max(c => c.Index) + 1;
        columns.Add(new CategoryColumn("sex", index++, rows.Select((_, i) => i % groups.Count).ToArray(), groups.ToArray()));
        foreach (var (stem, parts, _) in stems)
        {
            var values = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++) values[i] = parts[i % groups.Count].Column.Values[rows[i]];
            columns.Add(new NumericColumn(stem, parts[0].Column.Index, values, parts.All(p => p.Column.IsInteger)));
        }
        return new AnalysisTable(columns, rows.Length, rows.Select(r => table.SourceRows[r]).ToArray(), table.Sampling)
        {
            Focus = table.Focus,
            Unrelated = table.Unrelated,
            Noun = table.Noun,
            // The file laid the sexes side by side: comparing them is what the table was made for.
            Model = table.Model with
            {
                Compared = [.. table.Model.Compared ?? [], "sex"],
                // The evidence of a story about awards names the file's awards_men and awards_women.
                Origins = new Dictionary<string, IReadOnlyList<string>>(table.Model.Origins ?? new Dictionary<string, IReadOnlyList<string>>(), StringComparer.Ordinal)
                    .Concat(stems.Select(s => KeyValuePair.Create(s.Stem, (IReadOnlyList<string>)s.Groups.Select(p => p.Column.Name).ToList())))
                    .GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            },
            Derived = table.Derived,
        };
    }

    // ---------------------------------------------------------------- exposure

    /// <summary>A count paired with the exposure it scales with.</summary>
    public sealed record ExposurePair(NumericColumn Count, NumericColumn Exposure, bool IsShare);

    /// <summary>
    /// Counts that scale with an exposure column of the table: whole, non-negative measures never above the exposure on
    /// a row and that correlate with it (r ≥ <see cref="MinExposureR"/>), paired with the exposure they share
    /// the most name words with (awards men ↔ applications men). A percentage (0–100) of an exposure in a table of
    /// groups is a share of it (admitted % of applicants).
    /// </summary>
    public static List<ExposurePair> FindExposures(AnalysisTable table)
    {
        var exposures = table.Numeric.Where(c => ColumnMeaning.IsExposureName(c.Name) && c.Values.Where(double.IsFinite).All(v => v >= 0)).ToList();
        var pairs = new List<ExposurePair>();
        if (exposures.Count == 0) return pairs;
        var groupsOnly = table.Columns.All(c => c is CategoryColumn || c is NumericColumn);
        foreach (var count in table.Numeric.Where(c => !exposures.Contains(c) && c.Values.Where(double.IsFinite).All(v => v >= 0)))
        {
            var best = exposures
                .Select(e => (Exposure: e, Shared: ColumnMeaning.SharedWords(count.Name, e.Name), R: Stats.StatTests.Pearson(count.Values, e.Values)))
                .Where(x => x.R.N >= 5)
                .OrderByDescending(x => x.Shared).ThenByDescending(x => x.R.R).FirstOrDefault();
            if (best.Exposure is null) continue;
            var scales = best.R.R >= MinExposureR || WithinPeriodR(table, count, best.Exposure) >= MinExposureR;
            if (count.IsInteger && scales && NeverAbove(count, best.Exposure))
            {
                pairs.Add(new ExposurePair(count, best.Exposure, false));
            }
            else if (groupsOnly && ColumnMeaning.IsPercentOf(count) && exposures.Count == 1)
            {
                pairs.Add(new ExposurePair(count, best.Exposure, true));
            }
        }
        return pairs;

        // Events of a unit of exposure: never more on a row than the row's exposure.
        // (WithinPeriodR, below: a count that collapsed over the years still scales with its exposure within each year.)
        static bool NeverAbove(NumericColumn count, NumericColumn exposure)
        {
            for (var r = 0; r < count.Length; r++)
            {
                if (double.IsFinite(count.Values[r]) && double.IsFinite(exposure.Values[r]) && count.Values[r] > exposure.Values[r]) return false;
            }
            return true;
        }
    }

    /// <summary>
    /// In a panel (states once a year), how a count scales with its exposure within each period: both taken as
    /// deviations (on the log scale) from their period's mean, so a count that fell everywhere over the years (measles cases after the
    /// vaccine) still reads as scaling with the population it comes from. NaN without a time axis or a panel.
    /// </summary>
    public static double WithinPeriodR(AnalysisTable table, NumericColumn count, NumericColumn exposure)
    {
        if (!table.Time.IsPanel || table.Time.Axis is not { } axis) return double.NaN;
        var period = axis switch
        {
            NumericColumn n => n.Values,
            DateColumn d => d.Days,
            _ => null,
        };
        if (period is null) return double.NaN;
        // On the log scale a count proportional to its exposure is the exposure's log plus a constant.
        var c = new double[table.RowCount];
        var e = new double[table.RowCount];
        var sums = new Dictionary<double, (double C, double E, int N)>();
        for (var r = 0; r < table.RowCount; r++)
        {
            (c[r], e[r]) = (double.NaN, double.NaN);
            if (!double.IsFinite(period[r]) || !(count.Values[r] >= 0) || !(exposure.Values[r] > 0)) continue;
            (c[r], e[r]) = (Math.Log(1 + count.Values[r]), Math.Log(exposure.Values[r]));
            var s = sums.GetValueOrDefault(period[r]);
            sums[period[r]] = (s.C + c[r], s.E + e[r], s.N + 1);
        }
        for (var r = 0; r < table.RowCount; r++)
        {
            if (double.IsNaN(c[r])) continue;
            var s = sums[period[r]];
            (c[r], e[r]) = s.N < 2 ? (double.NaN, double.NaN) : (c[r] - s.C / s.N, e[r] - s.E / s.N);
        }
        var within = Stats.StatTests.Pearson(c, e);
        return within.N >= 5 ? within.R : double.NaN;
    }

    /// <summary>
    /// Counts turned into rates of their exposure. A table of groups (every other column a category) whose exposure
    /// adds up to at most <see cref="MaxExpandedRows"/> units, with one count or share of it, becomes one row per unit
    /// with a yes/no column; otherwise each count becomes a rate per unit of exposure (per thousand, per hundred
    /// thousand: the scale that puts the typical rate at 1 or more), and the count and exposure columns leave the
    /// measures (the rate's evidence names them).
    /// </summary>
    public static AnalysisTable Exposures(AnalysisTable table)
    {
        // A rate needs something to compare it across: groups of rows (states, ship types), not one series over time,
        // whose count and its size grow together as the series' own story.
        if (table.Time.IsSeries || !table.Columns.Any(c => c is CategoryColumn or TextColumn)) return table;
        var pairs = FindExposures(table);
        if (pairs.Count == 0) return table;
        // A percentage that is a count over its exposure written again (success rate = awards / applications) is that
        // count's rate: it leaves with the count's pair, so the pair alone says it.
        var copies = pairs.Where(s => s.IsShare && pairs.Any(p => !p.IsShare && p.Exposure == s.Exposure && IsPercentOfCount(s.Count, p.Count, p.Exposure))).ToList();
        if (copies.Count > 0)
        {
            table = table.With(table.Columns.Where(c => !copies.Any(s => s.Count == c)).ToList());
            pairs = pairs.Except(copies).ToList();
        }
        var exposureNames = pairs.Select(p => p.Exposure.Name).Distinct(StringComparer.Ordinal).ToList();
        if (pairs.Count == 1 && ExpandUnits(table, pairs[0]) is { } units) return units;
        var derived = new Dictionary<string, IReadOnlyList<string>>(table.Derived, StringComparer.Ordinal);
        var added = new List<DataColumn>();
        var replaced = new HashSet<DataColumn>();
        foreach (var p in pairs.Where(p => !p.IsShare))
        {
            var rates = new double[table.RowCount];
            for (var r = 0; r < rates.Length; r++)
            {
                var e = p.Exposure.Values[r];
                rates[r] = double.IsFinite(e) && e > 0 ? p.Count.Values[r] / e : double.NaN;
            }
            var (scale, words) = Scale(rates);
            for (var r = 0; r < rates.Length; r++) rates[r] *= scale;
            var name = $"{p.Count.Name} per {words}{p.Exposure.Name}";
            if (table.Find(name) is not null) continue;
            // Each row's exposure goes with its rate, so a group's rate can be pooled (all its deaths over all its people).
            added.Add(new NumericColumn(name, p.Count.Index, rates, false, weights: (double[])p.Exposure.Values.Clone()));
            derived[name] = [p.Count.Name, p.Exposure.Name];
            replaced.Add(p.Count);
            replaced.Add(p.Exposure);
        }
        if (added.Count == 0) return table;
        var columns = table.Columns.Where(c => !replaced.Contains(c)).Concat(added).ToList();
        return table.With(columns).With(table.Model with { Kind = table.Model.Kind == RowKind.Observation ? RowKind.Aggregate : table.Model.Kind, Exposures = exposureNames }, derived);
    }

    /// <summary>Whether a percentage is 100 × count ÷ exposure on (nearly) every row, to its rounding.</summary>
    private static bool IsPercentOfCount(NumericColumn percent, NumericColumn count, NumericColumn exposure)
    {
        int n = 0, same = 0;
        for (var r = 0; r < percent.Length; r++)
        {
            double p = percent.Values[r], c = count.Values[r], e = exposure.Values[r];
            if (!double.IsFinite(p) || !double.IsFinite(c) || !double.IsFinite(e) || e <= 0) continue;
            n++;
            if (Math.Abs(p - 100 * c / e) <= 0.1 + 0.01 * Math.Abs(p)) same++;
        }
        return n >= 3 && same >= 0.95 * n;
    }

    /// <summary>The scales a rate per unit of exposure is stated on, with their words.</summary>
    private static readonly (double Scale, string Words)[] ScaleSteps = [(1, ""), (100, "hundred "), (1_000, "thousand "), (10_000, "ten thousand "), (100_000, "hundred thousand "), (1_000_000, "million ")];

    /// <summary>The power of ten (and its words) that puts the median rate at 1 or more.</summary>
    public static (double Scale, string Words) Scale(double[] rates)
    {
        var finite = rates.Where(v => double.IsFinite(v) && v > 0).Order().ToList();
        if (finite.Count == 0) return (1, "");
        var median = finite[finite.Count / 2];
        foreach (var (scale, words) in ScaleSteps)
        {
            if (median * scale >= 1) return (scale, words);
        }
        return ScaleSteps[^1];
    }

    /// <summary>
    /// The scale a rate the analyst derived (<see cref="IsPerExposure"/>) is stated on, read back from its name ("fatal per
    /// ten thousand pop": 10,000 and "ten thousand "); null for any other column.
    /// </summary>
    public static (double Scale, string Words)? ScaleOf(AnalysisTable table, string rate)
    {
        if (!IsPerExposure(table, rate)) return null;
        var (count, exposure) = (table.Derived[rate][0], table.Derived[rate][1]);
        var prefix = count + " per ";
        if (!rate.StartsWith(prefix, StringComparison.Ordinal) || !rate.EndsWith(exposure, StringComparison.Ordinal) || rate.Length < prefix.Length + exposure.Length) return null;
        var words = rate[prefix.Length..^exposure.Length];
        return ScaleSteps.Where(s => s.Words == words).Select(s => ((double Scale, string Words)?)s).FirstOrDefault();
    }

    /// <summary>One row per unit of exposure with a yes/no column for the count (or share), in a table of groups small enough; else null.</summary>
    private static AnalysisTable? ExpandUnits(AnalysisTable table, ExposurePair pair)
    {
        if (!table.Columns.All(c => c == pair.Count || c == pair.Exposure || c is CategoryColumn)) return null;
        if (!table.Categories.Any()) return null;
        var units = new long[table.RowCount];
        var yes = new long[table.RowCount];
        for (var r = 0; r < table.RowCount; r++)
        {
            double e = pair.Exposure.Values[r], c = pair.Count.Values[r];
            if (!double.IsFinite(e) || !double.IsFinite(c) || e < 0 || e != Math.Floor(e)) return null;
            var hits = pair.IsShare ? Math.Round(c / 100 * e) : c;
            if (hits > e) return null;
            units[r] = (long)e;
            yes[r] = (long)hits;
        }
        if (units.Sum() is var total && (total > MaxExpandedRows || total < 20)) return null;
        var rows = Repeat(units, MaxExpandedRows);
        // Within each group's units, the first "yes" many have the outcome.
        var flag = new int[rows.Length];
        var seen = new long[table.RowCount];
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            flag[i] = seen[r] < yes[r] ? 0 : 1;
            seen[r]++;
        }
        var columns = table.Columns.Where(c => c != pair.Count && c != pair.Exposure).Select(c => c.Take(rows)).ToList();
        columns.Add(new CategoryColumn(pair.Count.Name, pair.Count.Index, flag, ["yes", "no"]));
        var derived = new Dictionary<string, IReadOnlyList<string>>(table.Derived, StringComparer.Ordinal) { [pair.Count.Name] = [pair.Count.Name, pair.Exposure.Name] };
        return new AnalysisTable(columns, rows.Length, rows.Select(r => table.SourceRows[r]).ToArray(),
            new SamplingInfo(false, rows.Length, rows.Length, $"one row per unit of {pair.Exposure.Name} ({rows.Length.ToString("N0", CultureInfo.InvariantCulture)} in {table.RowCount.ToString("N0", CultureInfo.InvariantCulture)} groups), {pair.Count.Name} yes for as many as the group counts"))
        {
            Focus = table.Focus,
            Unrelated = table.Unrelated,
            Noun = table.Noun,
            Model = table.Model with { Kind = RowKind.Aggregate, Exposures = [pair.Exposure.Name] },
            Derived = derived,
        };
    }
}
