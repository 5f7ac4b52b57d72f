using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>A value of a person, item or place column with its number of rows.</summary>
public sealed record StandoutValue(string Label, int Count);

/// <summary>
/// Where a standout concentrates within one category (a cell of the cross-table category × standout column).
/// </summary>
/// <param name="Level">The category value.</param>
/// <param name="LevelRows">Rows of that category value with the standout column filled.</param>
/// <param name="OverallCount">Rows of the standout value over every category value.</param>
/// <param name="AllRows">Rows with both columns filled.</param>
/// <param name="Residual">The cell's adjusted standardised residual.</param>
/// <param name="PerLevel">For each category value (largest first): its rows and the standout's rows in it.</param>
public sealed record StandoutWithin(string Category, string Level, int LevelRows, int OverallCount, int AllRows, double Residual, double CramersV,
    IReadOnlyList<(string Level, int Rows, int Count)> PerLevel)
{
    /// <summary>
    /// The standout column's values belong to the category's (a catalogue, Cramér's V ≥ <see cref="StandoutStory.MaxCramersV"/>):
    /// the story is one value leading among the category value's options (<see cref="Residual"/> is NaN, and
    /// <see cref="PerLevel"/> holds each category value's own leading count).
    /// </summary>
    public bool Leader { get; init; }
}

/// <summary>
/// One person, item or place that concentrates rows far beyond its peers, overall or within one category value.
/// </summary>
/// <param name="Column">The person, item or place column.</param>
/// <param name="Label">The standout value.</param>
/// <param name="Count">Its rows (within the category value when <paramref name="Within"/> is set).</param>
/// <param name="Total">Rows in scope with the column filled (all, or the category value's).</param>
/// <param name="Top">The most frequent named values in scope, largest first.</param>
/// <param name="Values">Named values (not missing, not a placeholder such as "unassigned") in scope.</param>
/// <param name="Median">The median named value's count in scope.</param>
/// <param name="PeerMean">The other named values' mean count in scope.</param>
/// <param name="PValue">One-sided p-value after the Bonferroni correction over <paramref name="Tests"/> tests.</param>
/// <param name="Placeholders">Rows whose value stands for nobody ("unassigned", "(empty)") in scope, by label.</param>
public sealed record StandoutDetail(string Column, string Label, int Count, int Total, IReadOnlyList<StandoutValue> Top, int Values, double Median,
    double PeerMean, double PValue, int Tests, IReadOnlyList<StandoutValue> Placeholders, StandoutWithin? Within);

/// <summary>
/// Who or what stands out (issue 21, item 3): a person, item or place column (caller, assigned to, asset, location)
/// where one value concentrates rows far beyond its peers — overall (a binomial test of the top value against an even
/// spread at the others' mean rate) or within one value of a category (the cross-table's adjusted standardised
/// residual) — each with a Bonferroni correction over every test made, a minimum count and a minimum share. Not a
/// story: a low-information column with a handful of levels, an id column, a placeholder such as "unassigned", or a
/// pair where one column (nearly) decides the other (a routing rule, Cramér's V ≥ 0.9).
/// </summary>
public sealed partial class StandoutStory : StoryKind<StandoutDetail>
{
    public override string Name => "standout";

    public override double Weight => 0.85;

    public override IReadOnlyList<string> SteeringWords { get; } =
        ["who", "person", "people", "agent", "caller", "user", "customer", "owner", "vendor", "stand out", "standout", "stands out", "top", "most", "busiest", "concentrat", "workload"];

    public override string? Caveat =>
        "A person, item or place can take many rows by design (a dispatcher, a default assignee, a shared device, a head office); whether the role explains the count is for someone who knows the system to say.";

    /// <summary>Distinct values a column needs to be read as people, items or places without a name that says so.</summary>
    public const int MinValues = 8;

    /// <summary>Distinct values a column named like people, items or places needs.</summary>
    public const int MinNamedValues = 5;

    /// <summary>The least rows the standout (or the cell) holds.</summary>
    public const int MinCount = 10;

    /// <summary>Overall: the least share of the rows that name a value.</summary>
    public const double MinShare = 0.05;

    /// <summary>Overall: the standout holds at least this many times the median value's rows (far above a fair share).</summary>
    public const double MinRatioToMedian = 3;

    /// <summary>
    /// Overall: the standout holds at least this many times the runner-up's rows ("almost twice the next"). A smooth
    /// Zipf workload (weights 1/rank^s) has a head only 2^s times its runner-up — 1.4 for s = 0.5, 1.7 for s = 0.8 — so
    /// its busiest person is not one who stands out; a head at least 1.8 times the next is.
    /// </summary>
    public const double MinRatioToNext = 1.8;

    /// <summary>Largest p-value after the Bonferroni correction.</summary>
    public const double MaxP = 0.001;

    /// <summary>Within a category: the standout's least share of the category value's rows.</summary>
    public const double MinShareWithin = 0.25;

    /// <summary>Within a category: the share within is at least this many times the overall share…</summary>
    public const double MinLift = 1.75;

    /// <summary>…and at least this much above it.</summary>
    public const double MinShareGap = 0.15;

    /// <summary>Within a category: a share this high (or a value found only there) is a rule for that category value.</summary>
    public const double MaxShareWithin = 0.95;

    /// <summary>Within a category: the category value holds at most this share of the rows (else the others are the story).</summary>
    public const double MaxLevelShare = 0.5;

    /// <summary>
    /// Overall: a counterparty (customer, client, vendor, supplier) whose volume is the business's shape — a few large
    /// accounts are the rule in any trade — weighs this much against a person's workload.
    /// </summary>
    public const double CounterpartyWeight = 0.6;

    /// <summary>
    /// Within a state or outcome value ("Travel holds 223 of the 367 declined claims"): the rate kind's story read the
    /// other way; told, but weighing this much against a cell of two groupings.
    /// </summary>
    public const double OutcomeMirrorWeight = 0.7;

    private static readonly string[] CounterpartyWords = ["customer", "client", "vendor", "supplier", "merchant", "partner", "account", "buyer", "seller"];

    private static bool Counterparty(string column) => NameWords(column).Any(w => CounterpartyWords.Any(c => w.StartsWith(c, StringComparison.Ordinal)));

    /// <summary>Categories with at most this many values are crossed with the standout columns.</summary>
    public const int MaxCategoryLevels = 30;

    /// <summary>A pair this associated is a rule of the system (category routes to group), not a finding.</summary>
    public const double MaxCramersV = 0.9;

    private const int MaxColumns = 12;
    private const int MaxCategories = 12;
    private const int TopShown = 15;

    private static readonly string[] EntityWords =
    [
        "assign", "caller", "owner", "agent", "user", "employee", "manager", "staff", "customer", "client", "requester", "requestor",
        "reporter", "submitter", "approver", "author", "creator", "technician", "engineer", "operator", "driver", "seller", "buyer",
        "person", "vendor", "supplier", "merchant", "partner", "contact", "analyst", "resolver", "handler", "worker", "member",
        "location", "site", "office", "store", "branch", "warehouse", "plant", "facility", "building", "city",
        "asset", "device", "ci", "item", "product", "sku", "machine", "equipment", "server", "host", "printer", "application", "app",
    ];

    private static readonly string[] IdWords = ["id", "number", "num", "no", "nr", "key", "uuid", "guid", "ref", "reference", "hash", "email"];

    private static readonly string[] TextWords =
        ["description", "desc", "comment", "comments", "note", "notes", "summary", "text", "title", "subject", "message", "details", "detail", "body", "reason", "resolution"];

    private static readonly HashSet<string> PlaceholderLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "empty", "blank", "unassigned", "not assigned", "none", "n/a", "na", "null", "nil", "unknown", "-", "--", "?", "tbd", "tba",
        "other", "others", "not set", "nobody", "no one", "missing", "undefined", "not available", "not specified", "unspecified",
    };

    /// <summary>Whether a value stands for nobody ("unassigned", "(empty)", "N/A").</summary>
    public static bool IsPlaceholder(string label) => PlaceholderLabels.Contains(label.Trim().Trim('(', ')', '[', ']', '<', '>', '*').Trim());

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var entities = EntityColumns(table).ToList();
        if (entities.Count == 0) return [];
        var found = new List<Insight>();

        // Overall: every named value of every column could have been the top one.
        var overallTests = entities.Sum(e => e.NamedValues);
        foreach (var e in entities)
        {
            if (Overall(e, overallTests) is { } d) found.Add(ToInsight(d, table.Noun));
        }

        // Within a category: every cell of every cross-table tested. What stands out within a category is a person, item
        // or place, or any other grouping of a few values (a department, a business unit, a building).
        var categories = table.Categories.Where(c => c.Labels.Length is >= 2 and <= MaxCategoryLevels && !Data.ColumnMeaning.IsFlag(c) && !Numbers(c) && !RatingName().IsMatch(c.Name)).Take(MaxCategories).ToList();
        var what = entities.Concat(table.Categories.Where(c => entities.All(e => e.Name != c.Name) && IsGrouping(c)).Take(MaxCategories).Select(FromCategory)).ToList();
        var crosses = new List<(Cross X, Cross? Transposed)>();
        foreach (var c in categories)
        {
            foreach (var e in what)
            {
                if (e.Name == c.Name) continue;
                // Each pair once, read both ways (hardware's share in Australia, Australia's share of hardware).
                var reverse = e.Source is CategoryColumn ec && categories.Contains(ec) ? what.FirstOrDefault(w => w.Name == c.Name) : null;
                if (reverse is not null && string.CompareOrdinal(c.Name, e.Name) > 0) continue;
                if (Cross.Of(c, e) is not { } x) continue;
                crosses.Add((x, reverse is null ? null : x.Transpose((CategoryColumn)e.Source, reverse)));
            }
        }
        var cellTests = crosses.Sum(x => x.X.Cells);
        bool Named(Entity e) => entities.Any(n => n.Name == e.Name);
        // Twin columns (the trade picks the team, each department has one approver): the same grouping twice. The later
        // column in the file is the routed copy; its cells are the earlier one's told again.
        var order = table.Columns.Select((c, i) => (c.Name, i)).ToDictionary(t => t.Name, t => t.i, StringComparer.Ordinal);
        var twins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (x, _) in crosses)
        {
            int a = x.RowSums.Count(v => v > 0), b = x.ColSums.Count(v => v > 0);
            if (x.CramersV >= MaxCramersV && Math.Min(a, b) >= 0.8 * Math.Max(a, b))
                twins.Add(order.GetValueOrDefault(x.Category.Name) > order.GetValueOrDefault(x.Entity.Name) ? x.Category.Name : x.Entity.Name);
        }
        var cells = new List<(Insight Insight, HashSet<int> Rows)>();
        var experiment = Data.RowModels.IsExperiment(table);
        foreach (var (x, transposed) in crosses)
        {
            if (twins.Contains(x.Category.Name) || twins.Contains(x.Entity.Name)) continue;
            // In an experiment's table, which attributes the units were given is the design or the sample, not a finding.
            if (experiment && !RateStory.IsOutcomeName(x.Category.Name) && !RateStory.IsOutcomeName(x.Entity.Name)) continue;
            var d = Within(x, cellTests);
            // Read with the person, place or item as the standout ("241 of the 336 hardware incidents are in Australia");
            // between two groupings of the same sort, the reading with the larger gap.
            if (transposed is not null && Within(transposed, cellTests) is { } t
                && (d is null || (Named(transposed.Entity) && !Named(x.Entity)) || (Named(transposed.Entity) == Named(x.Entity) && Gap(t) > Gap(d)))) d = t;
            if (d is not null && !NamedAfter(d.Within!.Level, d.Label)) cells.Add((ToInsight(d, table.Noun), CellRows(x, d)));
        }
        // The same rows told twice through a routed twin column (Hardware and Hardware Support): the stronger one.
        var kept = new List<(Insight Insight, HashSet<int> Rows)>();
        foreach (var c in cells.OrderByDescending(c => c.Insight.Score).ThenBy(c => c.Insight.Title, StringComparer.Ordinal))
        {
            if (kept.Any(k => Overlap(k.Rows, c.Rows) >= 0.8)) continue;
            kept.Add(c);
        }
        found.AddRange(kept.Select(k => k.Insight));
        return found;
    }

    private static HashSet<int> CellRows(Cross x, StandoutDetail d)
    {
        var rows = new HashSet<int>();
        if (d.Within is not { } w) return rows;
        // The detail may come from the transposed cross: find the two columns by name.
        var (category, entity) = x.Category.Name == w.Category ? (x.Category, x.Entity) : ((CategoryColumn)x.Entity.Source, FromCategory(x.Category));
        var level = Array.IndexOf(category.Labels, w.Level);
        var value = Array.IndexOf(entity.Labels, d.Label);
        for (var r = 0; r < category.Codes.Length; r++) if (category.Codes[r] == level && entity.Codes[r] == value) rows.Add(r);
        return rows;
    }

    private static double Overlap(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var both = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return both / (double)Math.Max(a.Count, b.Count);
    }

    /// <summary>Labels that are all numbers (a rating, a percent kept as a category): a scale, not a group of rows to look within.</summary>
    private static bool Numbers(CategoryColumn c) =>
        c.Labels.All(l => double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(risk|rating|score|grade|rank|level|band|tier|class|size|scale|csat|nps)")]
    private static partial System.Text.RegularExpressions.Regex ScaleName();

    /// <summary>A rating set by a rule or a person (risk, score, grade): not a group of rows to look within.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(risk|rating|score|grade|csat|nps)")]
    private static partial System.Text.RegularExpressions.Regex RatingName();

    /// <summary>How far the standout's share within the category value is above its share of the other rows.</summary>
    private static double Gap(StandoutDetail d) => d.Within is { } w ? d.Count / (double)d.Total - Outside(d, w) : 0;

    /// <summary>The standout's share of the rows outside the category value.</summary>
    internal static double Outside(StandoutDetail d, StandoutWithin w) =>
        w.AllRows > d.Total ? (w.OverallCount - d.Count) / (double)(w.AllRows - d.Total) : 0;

    /// <summary>A category of a few values (3 to <see cref="MaxCategoryLevels"/>) that groups rows: not a workflow field, a flag or a scale (risk, rating, tier), not numbers, not free text.</summary>
    private static bool IsGrouping(CategoryColumn c) =>
        c.Labels.Length is >= 3 and <= MaxCategoryLevels && !Data.ColumnMeaning.IsFlag(c) && !Data.ColumnMeaning.IsWorkflowField(c.Name) && !Data.ColumnMeaning.IsFreeText(c)
        && !ScaleName().IsMatch(c.Name) && !Numbers(c);

    /// <summary>A person, item or place column as codes (from a category or a text column).</summary>
    internal sealed class Entity
    {
        public required string Name { get; init; }
        public required DataColumn Source { get; init; }
        public required int[] Codes { get; init; }
        public required string[] Labels { get; init; }
        public required bool[] Placeholder { get; init; }
        public required int[] Counts { get; init; }
        public int NamedValues => Enumerable.Range(0, Labels.Length).Count(i => !Placeholder[i] && Counts[i] > 0);
    }

    /// <summary>The columns read as people, items or places, in table order (the steering's focus first).</summary>
    internal static IEnumerable<Entity> EntityColumns(AnalysisTable table)
    {
        var taken = 0;
        foreach (var column in table.Columns)
        {
            if (taken >= MaxColumns) yield break;
            var entity = column switch
            {
                // A grouping the analyst derived (a date's hour or weekday, a measure's band) says when or how much, not
                // who or what: its cells are the segment and rate kinds' comparisons.
                CategoryColumn { Derived: not null } => null,
                CategoryColumn c => FromCategory(c),
                TextColumn t => FromText(t),
                _ => null,
            };
            if (entity is null || !Qualifies(entity)) continue;
            taken++;
            yield return entity;
        }
    }

    private static Entity FromCategory(CategoryColumn c) => Make(c, c.Codes, c.Labels);

    private static Entity? FromText(TextColumn t)
    {
        // An id column (every value distinct) is not anyone; checked before building codes.
        var filled = t.Length - t.MissingCount;
        if (filled == 0 || t.DistinctSeen >= 0.9 * filled) return null;
        var codes = new int[t.Length];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string>();
        for (var r = 0; r < t.Length; r++)
        {
            var v = t.Values[r];
            if (v is null) { codes[r] = -1; continue; }
            if (!map.TryGetValue(v, out var code))
            {
                code = labels.Count;
                map[v] = code;
                labels.Add(v);
            }
            codes[r] = code;
        }
        return Make(t, codes, [.. labels]);
    }

    private static Entity Make(DataColumn source, int[] codes, string[] labels)
    {
        var counts = new int[labels.Length];
        foreach (var c in codes) if (c >= 0) counts[c]++;
        return new Entity
        {
            Name = source.Name,
            Source = source,
            Codes = codes,
            Labels = labels,
            Placeholder = labels.Select(IsPlaceholder).ToArray(),
            Counts = counts,
        };
    }

    private static bool Qualifies(Entity e)
    {
        var words = NameWords(e.Name);
        var saysEntity = words.Any(w => EntityWords.Any(x => x.Length <= 3 ? w == x : w.StartsWith(x, StringComparison.Ordinal)))
            || (words.Count >= 2 && words[^1] == "by");
        // An id ("number", "ticket_id") unless it names whom or what it points to ("caller_id": a person).
        if (words.Any(TextWords.Contains) || (!saysEntity && words.Any(IdWords.Contains))) return false;
        var named = e.NamedValues;
        var filled = e.Counts.Sum();
        if (filled < MinCount) return false;
        // An id column: (nearly) every value distinct.
        var distinct = e.Counts.Count(c => c > 0);
        if (distinct >= 0.9 * filled) return false;
        // Free text, not names: long labels of many words.
        var active = Enumerable.Range(0, e.Labels.Length).Where(i => e.Counts[i] > 0).Take(500).ToList();
        if (active.Average(i => e.Labels[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length) > 4
            || active.Average(i => e.Labels[i].Length) > 40) return false;
        // Numbers used as codes (an age, a rating) are people or things only when the name says so.
        var numeric = active.All(i => double.TryParse(e.Labels[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
        if (numeric && !saysEntity) return false;
        return named >= (saysEntity ? MinNamedValues : MinValues);
    }

    private static List<string> NameWords(string column) =>
        Words.Human(column).ToLowerInvariant().Split([' ', '(', ')', '/', '-', '.', '#'], StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>One-sided binomial tail P(X ≥ k) for X ~ Binomial(n, p).</summary>
    public static double BinomialUpperTail(int k, int n, double p)
    {
        if (k <= 0) return 1;
        if (k > n) return 0;
        if (p <= 0) return 0;
        if (p >= 1) return 1;
        return Math.Clamp(SpecialFunctions.IncompleteBeta(k, n - k + 1, p), 0, 1);
    }

    /// <summary>One-sided p-value that the top's rows exceed the runner-up's: of their rows together, more than half are the top's (Bonferroni-corrected).</summary>
    public static double AboveNextP(int top, int next, int tests) => Math.Min(1, BinomialUpperTail(top, top + next, 0.5) * Math.Max(1, tests));

    internal static StandoutDetail? Overall(Entity e, int tests)
    {
        var named = Enumerable.Range(0, e.Labels.Length).Where(i => !e.Placeholder[i] && e.Counts[i] > 0)
            .Select(i => new StandoutValue(e.Labels[i], e.Counts[i]))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.Ordinal).ToList();
        if (named.Count < 3) return null;
        var top = named[0];
        var next = named[1];
        var namedRows = named.Sum(v => v.Count);
        var total = e.Counts.Sum();
        var median = Descriptive.Median(named.Select(v => (double)v.Count).ToArray());
        var peerMean = (namedRows - top.Count) / (double)(named.Count - 1);
        if (top.Count < MinCount || top.Count < MinShare * total || top.Count < MinRatioToMedian * median || top.Count < MinRatioToNext * next.Count) return null;
        // Against an even spread of the named rows at the others' mean rate…
        var p0 = peerMean / namedRows;
        var p = Math.Min(1, BinomialUpperTail(top.Count, namedRows, p0) * Math.Max(1, tests));
        if (!(p < MaxP)) return null;
        // …and clearly above the runner-up, not by the luck of small counts (of the two's rows, the top's share is more
        // than half: 20 against 10 is not evidence, 200 against 108 is).
        if (!(AboveNextP(top.Count, next.Count, tests) < MaxP)) return null;
        var placeholders = Placeholders(e, Enumerable.Range(0, e.Codes.Length));
        return new StandoutDetail(e.Name, top.Label, top.Count, total, named.Take(TopShown).ToList(), named.Count, median, peerMean, p, Math.Max(1, tests), placeholders, null);
    }

    private static List<StandoutValue> Placeholders(Entity e, IEnumerable<int> rows)
    {
        var counts = new Dictionary<int, int>();
        foreach (var r in rows)
        {
            var c = e.Codes[r];
            if (c >= 0 && e.Placeholder[c]) counts[c] = counts.GetValueOrDefault(c) + 1;
        }
        return counts.Select(kv => new StandoutValue(e.Labels[kv.Key], kv.Value)).OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.Ordinal).ToList();
    }

    /// <summary>The cross-table of a category and a standout column over rows with both filled.</summary>
    internal sealed class Cross
    {
        public required CategoryColumn Category { get; init; }
        public required Entity Entity { get; init; }
        public required int[,] Counts { get; init; }
        public required int[] RowSums { get; init; }
        public required int[] ColSums { get; init; }
        public required int N { get; init; }
        public required double CramersV { get; init; }
        public int Cells => RowSums.Count(r => r > 0) * ColSums.Count(c => c > 0);

        /// <summary>The same cross-table read the other way: <paramref name="category"/> (this entity's column) as the category, <paramref name="entity"/> (this category's column) as the standout.</summary>
        public Cross Transpose(CategoryColumn category, Entity entity)
        {
            int levels = RowSums.Length, values = ColSums.Length;
            var counts = new int[values, levels];
            for (var i = 0; i < levels; i++) for (var j = 0; j < values; j++) counts[j, i] = Counts[i, j];
            return new Cross { Category = category, Entity = entity, Counts = counts, RowSums = ColSums, ColSums = RowSums, N = N, CramersV = CramersV };
        }

        public static Cross? Of(CategoryColumn category, Entity entity)
        {
            int levels = category.Labels.Length, values = entity.Labels.Length;
            var counts = new int[levels, values];
            var rowSums = new int[levels];
            var colSums = new int[values];
            var n = 0;
            for (var r = 0; r < category.Codes.Length; r++)
            {
                int a = category.Codes[r], b = entity.Codes[r];
                if (a < 0 || b < 0) continue;
                counts[a, b]++;
                rowSums[a]++;
                colSums[b]++;
                n++;
            }
            if (n < MinCount || rowSums.Count(x => x > 0) < 2 || colSums.Count(x => x > 0) < 2) return null;
            double chi = 0;
            for (var i = 0; i < levels; i++)
            {
                if (rowSums[i] == 0) continue;
                for (var j = 0; j < values; j++)
                {
                    if (colSums[j] == 0) continue;
                    var expected = rowSums[i] * (double)colSums[j] / n;
                    var d = counts[i, j] - expected;
                    chi += d * d / expected;
                }
            }
            var k = Math.Min(rowSums.Count(x => x > 0), colSums.Count(x => x > 0));
            var v = Math.Clamp(Math.Sqrt(chi / (n * (double)(k - 1))), 0, 1);
            return new Cross { Category = category, Entity = entity, Counts = counts, RowSums = rowSums, ColSums = colSums, N = n, CramersV = v };
        }
    }

    internal static StandoutDetail? Within(Cross x, int tests)
    {
        // A rule of the system (category routes to group, each supplier serves one category): the cell is structure;
        // what can still stand out is one value taking most of a category value's rows among several (Leader).
        if (x.CramersV >= MaxCramersV) return Leader(x, tests);
        var e = x.Entity;
        int levels = x.RowSums.Length, values = x.ColSums.Length;
        var bestI = -1;
        var bestJ = -1;
        double bestR = 0, bestP = 1;
        for (var i = 0; i < levels; i++)
        {
            var rowN = x.RowSums[i];
            // A category value that holds most rows is compared with a minority: the story would be the other rows'.
            if (rowN < MinCount || rowN > MaxLevelShare * x.N) continue;
            for (var j = 0; j < values; j++)
            {
                var count = x.Counts[i, j];
                if (count < MinCount || e.Placeholder[j]) continue;
                var inside = count / (double)rowN;
                // Against the other rows (not all rows, which include the category value's own and dilute a large one).
                var outside = (x.ColSums[j] - count) / (double)(x.N - rowN);
                if (inside < MinShareWithin || inside < MinLift * outside || inside - outside < MinShareGap) continue;
                // (Nearly) the whole category value to one value (Facilities requests to the Facilities approver), or a
                // value that lives only in this category value (a template of its own): a rule of the data, not a finding.
                if (inside >= MaxShareWithin || count >= MaxShareWithin * x.ColSums[j]) continue;
                var expected = rowN * (double)x.ColSums[j] / x.N;
                var variance = expected * (1 - rowN / (double)x.N) * (1 - x.ColSums[j] / (double)x.N);
                if (variance <= 0) continue;
                var residual = (count - expected) / Math.Sqrt(variance);
                var p = Math.Min(1, 0.5 * SpecialFunctions.Erfc(residual / Math.Sqrt(2)) * Math.Max(1, tests));
                if (!(p < MaxP) || residual <= bestR) continue;
                (bestI, bestJ, bestR, bestP) = (i, j, residual, p);
            }
        }
        if (bestI < 0) return null;
        var perLevel = Enumerable.Range(0, levels).Where(i => x.RowSums[i] > 0)
            .Select(i => (x.Category.Labels[i], x.RowSums[i], x.Counts[i, bestJ]))
            .OrderByDescending(t => t.Item2).ThenBy(t => t.Item1, StringComparer.Ordinal).ToList();
        return Detail(x, bestI, bestJ, bestR, bestP, tests, perLevel, leader: false);
    }

    private static StandoutDetail Detail(Cross x, int bestI, int bestJ, double residual, double p, int tests, IReadOnlyList<(string Level, int Rows, int Count)> perLevel, bool leader)
    {
        var e = x.Entity;
        var values = x.ColSums.Length;
        var level = x.Category.Labels[bestI];
        var inLevel = Enumerable.Range(0, values).Where(j => x.Counts[bestI, j] > 0 && !e.Placeholder[j])
            .Select(j => new StandoutValue(e.Labels[j], x.Counts[bestI, j]))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.Ordinal).ToList();
        var median = Descriptive.Median(inLevel.Select(v => (double)v.Count).ToArray());
        var peerMean = inLevel.Count > 1 ? (inLevel.Sum(v => v.Count) - x.Counts[bestI, bestJ]) / (double)(inLevel.Count - 1) : 0;
        var placeholders = Enumerable.Range(0, values).Where(j => e.Placeholder[j] && x.Counts[bestI, j] > 0)
            .Select(j => new StandoutValue(e.Labels[j], x.Counts[bestI, j])).OrderByDescending(v => v.Count).ToList();
        var within = new StandoutWithin(x.Category.Name, level, x.RowSums[bestI], x.ColSums[bestJ], x.N, residual, x.CramersV, perLevel) { Leader = leader };
        return new StandoutDetail(e.Name, e.Labels[bestJ], x.Counts[bestI, bestJ], x.RowSums[bestI], inLevel.Take(TopShown).ToList(), inLevel.Count,
            median, peerMean, p, Math.Max(1, tests), placeholders, within);
    }

    /// <summary>Within a category value, a value that holds at least this share of its rows is one of its real options.</summary>
    public const double MinOptionShare = 0.05;

    /// <summary>
    /// Where the column's values belong to the category's values (a catalogue: each supplier serves one category), the
    /// cell is structure; the finding is a category value whose rows go mostly to one of its several options — a share
    /// far above an even split among them, at least <see cref="MinRatioToNext"/> times the next option, and clearly
    /// above it (the same tests as the overall standout). A category value that goes (nearly) all to one value (a
    /// routing rule, under 3 real options or over 90% to one) is never told.
    /// </summary>
    internal static StandoutDetail? Leader(Cross x, int tests)
    {
        var e = x.Entity;
        int levels = x.RowSums.Length, values = x.ColSums.Length;
        var best = (I: -1, J: -1, Share: 0.0, P: 1.0);
        var perLevel = new List<(string Level, int Rows, int Count)>();
        for (var i = 0; i < levels; i++)
        {
            var rowN = x.RowSums[i];
            if (rowN == 0) continue;
            var options = Enumerable.Range(0, values).Where(j => !e.Placeholder[j] && x.Counts[i, j] >= MinOptionShare * rowN && x.Counts[i, j] > 0)
                .OrderByDescending(j => x.Counts[i, j]).ThenBy(j => e.Labels[j], StringComparer.Ordinal).ToList();
            perLevel.Add((x.Category.Labels[i], rowN, options.Count > 0 ? x.Counts[i, options[0]] : 0));
            if (rowN < 3 * MinCount || options.Count < 3) continue;
            int top = x.Counts[i, options[0]], next = x.Counts[i, options[1]];
            var share = top / (double)rowN;
            var optionRows = options.Sum(j => x.Counts[i, j]);
            if (top < MinCount || share > 0.9 || top < MinRatioToNext * next) continue;
            // Far above an even split among its options: the others' mean rate as the null, like the overall standout.
            var p0 = (optionRows - top) / (double)(options.Count - 1) / optionRows;
            var p = Math.Min(1, BinomialUpperTail(top, optionRows, p0) * Math.Max(1, tests));
            if (!(p < MaxP) || !(AboveNextP(top, next, tests) < MaxP)) continue;
            if (share > best.Share) best = (i, options[0], share, p);
        }
        if (best.I < 0) return null;
        var ordered = perLevel.OrderByDescending(t => t.Rows).ThenBy(t => t.Level, StringComparer.Ordinal).ToList();
        return Detail(x, best.I, best.J, double.NaN, best.P, tests, ordered, leader: true);
    }

    private static readonly HashSet<string> NameSuffixes = new(StringComparer.Ordinal) { "id", "name", "number", "no", "key", "code", "ref" };

    /// <summary>The column's name as one noun for its people or things ("caller_id" → "caller", "location"), or null ("assigned to", "opened by").</summary>
    internal static string? Noun(string column)
    {
        var words = NameWords(column);
        while (words.Count > 1 && NameSuffixes.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        if (words.Count == 1 && words[0].StartsWith("assign", StringComparison.Ordinal)) return "assignee";
        return words.Count == 1 && words[0].Length > 2 && EntityWords.Any(w => words[0].StartsWith(w, StringComparison.Ordinal)) ? words[0] : null;
    }

    /// <summary>"One caller, Rick Berzle," when the column's name is one noun for a person or thing; else "Rick Berzle (assigned to)".</summary>
    private static string Who(string column, string label)
    {
        var name = Words.Label(column, label);
        return Noun(column) is { } noun ? $"One {noun}, {name}," : $"{name} ({Words.Human(column).ToLowerInvariant()})";
    }

    /// <summary>What one value of the column is called in a sentence: "caller", or "assigned to value".</summary>
    private static string One(string column) => Noun(column) ?? $"{Words.Human(column).ToLowerInvariant()} value";

    private static string Many(string column) => Noun(column) is { } noun ? noun + "s" : $"{Words.Human(column).ToLowerInvariant()} values";

    private Insight ToInsight(StandoutDetail d, string noun)
    {
        var share = d.Count / (double)d.Total;
        var human = Words.Human(d.Column);
        if (d.Within is not { } w)
        {
            var next = d.Top[1];
            // A column named for who did it ("requested by", "opened by") says it in its own verb: "Facilities Front Desk
            // requested 699 of 2,500 work orders".
            var did = Noun(d.Column) is null && human.EndsWith(" by", StringComparison.OrdinalIgnoreCase) ? human[..^3].ToLowerInvariant() : null;
            var title = did is not null && noun != TableNoun.Default
                ? $"{Words.Cap(Words.Label(d.Column, d.Label))} {did} {Fmt.Int(d.Count)} of {Fmt.Int(d.Total)} {noun} ({Fmt.Pct(share)}); the next {Fmt.Int(next.Count)}"
                : $"{Who(d.Column, d.Label)} accounts for {Fmt.Int(d.Count)} of {Fmt.Int(d.Total)} {noun} ({Fmt.Pct(share)}); the next for {Fmt.Int(next.Count)}";
            var summary =
                $"{Words.Label(d.Column, d.Label)} accounts for {Fmt.Int(d.Count)} of the {Fmt.Int(d.Total)} rows with {human} filled ({Fmt.Pct(share)}), {Fmt.Num(d.Count / (double)next.Count)} times the runner-up {Words.Label(d.Column, next.Label)} ({Fmt.Int(next.Count)}) " +
                $"and {Fmt.Num(d.Count / Math.Max(1, d.Median))} times the median of the {Fmt.Int(d.Values)} {Many(d.Column)}. " +
                $"A binomial test against an even spread at the others' mean rate ({Fmt.Num(d.PeerMean)} rows each) rejects it ({Fmt.P(d.PValue)}, Bonferroni-corrected over {Fmt.Int(d.Tests)} values).";
            return new Insight(StoryKinds.Of<StandoutStory>(), [d.Column], title, summary, ["bar", "pareto"],
                "Binomial test of the top value against an even spread at the others' mean rate (Bonferroni-corrected)",
                d.Count, d.PValue, share, d.Total, Math.Clamp(0.35 + 1.2 * share + 0.1 * Math.Min(2, d.Count / (double)next.Count - 1), 0, 1) * (Counterparty(d.Column) ? CounterpartyWeight : 1)
                    * (IsRoleAccount(d.Label) ? RoleAccountWeight : 1), d);
        }
        var inside = d.Count / (double)d.Total;
        var level = Words.Label(w.Category, w.Level);
        var size = d.Total / (double)w.AllRows;
        if (w.Leader)
        {
            var second = d.Top[1];
            var fair = 1.0 / Math.Max(1, d.Values);
            var titleLeader = $"{Words.Cap(Words.Label(d.Column, d.Label))} accounts for {Fmt.Int(d.Count)} of the {Fmt.Int(d.Total)} {level} {noun} ({Fmt.Pct(inside)}); the next {One(d.Column)}, {Words.Label(d.Column, second.Label)}, for {Fmt.Int(second.Count)}";
            var summaryLeader =
                $"Each {One(d.Column)} serves (nearly) one {Words.Human(w.Category).ToLowerInvariant()}, so the comparison is within {level}: of its {Fmt.Int(d.Total)} rows, {Words.Label(d.Column, d.Label)} has {Fmt.Int(d.Count)} ({Fmt.Pct(inside)}), " +
                $"{Fmt.Num(d.Count / (double)second.Count)} times the runner-up {Words.Label(d.Column, second.Label)} ({Fmt.Int(second.Count)}), where an even split over its {Fmt.Int(d.Values)} {Many(d.Column)} would give each {Fmt.Pct(fair)}. " +
                $"A binomial test against an even spread at the others' mean rate rejects it ({Fmt.P(d.PValue)}, Bonferroni-corrected over {Fmt.Int(d.Tests)} cells).";
            return new Insight(StoryKinds.Of<StandoutStory>(), [w.Category, d.Column], titleLeader, summaryLeader, ["bar", "bar"],
                "Binomial test of the leading value within a category value against an even spread at the others' mean rate (Bonferroni-corrected)",
                d.Count / (double)second.Count, d.PValue, inside - fair, w.AllRows, Math.Clamp(0.3 + 1.2 * (inside - fair), 0, 0.95) * (0.6 + 0.4 * Math.Min(1, 4 * size)), d);
        }
        var outside = Outside(d, w);
        var titleWithin = $"{Words.Cap(Words.Label(d.Column, d.Label))} accounts for {Fmt.Int(d.Count)} of the {Fmt.Int(d.Total)} {level} {noun} ({Fmt.Pct(inside)}, against {Fmt.Pct(outside)} of the other {noun})";
        var summaryWithin =
            $"Of the {Fmt.Int(d.Total)} rows with {Words.Human(w.Category)} {level}, {Fmt.Int(d.Count)} have {human} {Words.Label(d.Column, d.Label)} ({Fmt.Pct(inside)}), against {Fmt.Pct(outside)} of the other {Fmt.Int(w.AllRows - d.Total)} rows. " +
            $"The cell's adjusted standardised residual is {Fmt.Num(w.Residual)} ({Fmt.P(d.PValue)}, Bonferroni-corrected over {Fmt.Int(d.Tests)} cells).";
        return new Insight(StoryKinds.Of<StandoutStory>(), [w.Category, d.Column], titleWithin, summaryWithin, ["bar", "bar"],
            "Adjusted standardised residual of the cross-table (Bonferroni-corrected over its cells)",
            w.Residual, d.PValue, inside - outside, w.AllRows, CellImpact(inside, outside) * (0.6 + 0.4 * Math.Min(1, 4 * size))
                * (Data.ColumnMeaning.IsStateField(w.Category) ? OutcomeMirrorWeight : 1), d);
    }

    /// <summary>
    /// A cell's weight: its share of the category value's rows against its share of the other rows is a gap between two
    /// shares, weighed as a rate's gap is (in points or in times, <see cref="RateStory.GapImpact"/>; 39% of the IT
    /// department's requests to one supplier against 5.1% elsewhere is 7.6 times), at most 0.95.
    /// </summary>
    internal static double CellImpact(double inside, double outside) => Math.Min(0.95, RateStory.GapImpact(inside, outside));

    /// <summary>
    /// An overall standout whose value names a role, not a person (a front desk, a service desk, a team's queue, a
    /// system account), takes its rows by design: told, but weighing this much against a person's workload.
    /// </summary>
    public const double RoleAccountWeight = 0.6;

    private static readonly HashSet<string> RoleWords = new(StringComparer.Ordinal)
    {
        "desk", "helpdesk", "servicedesk", "team", "queue", "system", "admin", "administrator", "reception", "dispatch", "dispatcher",
        "bot", "automation", "noreply", "mailbox", "integration",
    };

    /// <summary>Whether a value names a role or an account rather than a person ("Facilities Front Desk", "IT Service Desk", "system").</summary>
    public static bool IsRoleAccount(string label) => LabelWords(label).Any(RoleWords.Contains);

    /// <summary>
    /// Whether a cell's two values share a word (IT hardware requests raised by the IT department, Hardware incidents
    /// at the Hardware desk): a value named after the other is how the business is organised, not a finding.
    /// </summary>
    public static bool NamedAfter(string level, string label) => LabelWords(level).Intersect(LabelWords(label)).Any(w => w.Length >= 2 && w.Any(char.IsLetter));

    private static IEnumerable<string> LabelWords(string label) =>
        label.ToLowerInvariant().Split([' ', '-', '_', '/', '.', ',', '(', ')', '&'], StringSplitOptions.RemoveEmptyEntries);

    protected override void Write(StoryDraft s, StandoutDetail d)
    {
        if (d.Within is { Leader: true } l) WriteLeader(s, d, l);
        else if (d.Within is { } w) WriteWithin(s, d, w);
        else WriteOverall(s, d);
    }

    private static IReadOnlyList<int> RowsOf(AnalysisTable table, string column, string label, Func<int, bool>? also = null)
    {
        var rows = new List<int>();
        switch (table.Find(column))
        {
            case CategoryColumn c:
                var code = Array.IndexOf(c.Labels, label);
                for (var r = 0; r < table.RowCount; r++) if (c.Codes[r] == code && code >= 0 && (also?.Invoke(r) ?? true)) rows.Add(r);
                break;
            case TextColumn t:
                for (var r = 0; r < table.RowCount; r++) if (t.Values[r] == label && (also?.Invoke(r) ?? true)) rows.Add(r);
                break;
        }
        return rows;
    }

    private static void WriteOverall(StoryDraft s, StandoutDetail d)
    {
        var nb = s.Text;
        var table = s.Table;
        string[] cols = [d.Column];
        var rows = AllRows(table);
        var human = H(d.Column);
        var name = NameOf(nb, d.Column, d.Label);
        var next = d.Top[1];
        var share = d.Count / (double)d.Total;
        var one = One(d.Column);
        var many = Many(d.Column);
        nb.Paragraph($"{name} accounts for {nb.Int(d.Count, $"rows with {d.Column} = {d.Label}", cols, rows)} of the {nb.Int(d.Total, $"rows with {d.Column} filled", cols, rows)} rows with {human} filled ({nb.Pct(share, $"share of the rows with {d.Column} filled that have {d.Label}", cols, rows)}). " +
            $"The next, {NameOf(nb, d.Column, next.Label)}, has {nb.Int(next.Count, $"rows with {d.Column} = {next.Label} (the runner-up)", cols, rows)}, and the median {one} has {nb.N(d.Median, $"median rows per named {d.Column} value", cols, rows)}.");
        nb.Paragraph($"The evidence: if the {nb.Int(d.Values, $"named {d.Column} values", cols, rows)} {many} shared the rows evenly at the others' mean rate ({nb.N(d.PeerMean, $"mean rows per named {d.Column} value other than {d.Label}", cols, rows)} rows each), " +
            $"{nb.Int(d.Count, $"rows with {d.Column} = {d.Label}", cols, rows)} or more for one of them would be practically impossible: a one-sided binomial test gives {nb.P(d.PValue, $"binomial p-value of {d.Label}'s rows against an even spread, Bonferroni-corrected", cols, rows)} after a Bonferroni correction over the {nb.Int(d.Tests, "values tested for a standout (Bonferroni factor)", cols, rows)} values tested. " +
            $"{name} holds {nb.N(d.Count / (double)next.Count, "ratio of the standout's rows to the runner-up's", cols, rows)} times the runner-up's rows and {nb.N(d.Count / Math.Max(1, d.Median), "ratio of the standout's rows to the median value's", cols, rows)} times the median {one}'s.");
        var lines = d.Top.Take(5).Select(v => $"{NameOf(nb, d.Column, v.Label)}: {nb.Int(v.Count, $"rows with {d.Column} = {v.Label}", cols, rows)}");
        nb.Paragraph($"The busiest {many}: {string.Join("; ", lines)}.");
        if (d.Placeholders.Count > 0)
        {
            var held = d.Placeholders.Take(3).Select(v => $"{nb.Int(v.Count, $"rows with {d.Column} = {v.Label}", cols, rows)} say \"{v.Label}\"");
            var named = d.Total - d.Placeholders.Sum(v => v.Count);
            nb.Paragraph($"Rows that name nobody are not counted as a {one}: {string.Join(", ", held)}. Of the {nb.Int(named, $"rows that name a {d.Column} value", cols, rows)} rows that name one, {name} holds {nb.Pct(d.Count / (double)Math.Max(1, named), $"share of the rows naming a {d.Column} value that have {d.Label}", cols, rows)}.");
        }
        var labels = d.Top.Select(v => v.Label).ToList();
        s.Charts.Add(ChartFactory.Bars($"Rows per {human}: the busiest values, {d.Label} highlighted", human, "Rows", labels, d.Top.Select(v => (double)v.Count).ToList(), highlight: 1));
        s.Charts.Add(ChartFactory.Pareto($"Share of the rows that name a {human}, with the cumulative share", human, labels, d.Top.Select(v => v.Count / (double)d.Total).ToList()));
        s.Subset(RowsOf(table, d.Column, d.Label), $"rows where {human} = {d.Label}");
    }

    /// <summary>The rows of the category value that hold the standout value: the story's filtered dataset.</summary>
    private static void SubsetWithin(StoryDraft s, StandoutDetail d, StandoutWithin w)
    {
        var categoryColumn = s.Table.Find(w.Category) as CategoryColumn;
        var code = categoryColumn is null ? -1 : Array.IndexOf(categoryColumn.Labels, w.Level);
        s.Subset(RowsOf(s.Table, d.Column, d.Label, r => categoryColumn is not null && categoryColumn.Codes[r] == code), $"rows where {H(w.Category)} = {w.Level} and {H(d.Column)} = {d.Label}");
    }

    /// <summary>What both readings of a cell (a leader among its category value's options, a cell above independence) name in their narrative.</summary>
    private readonly record struct CellWords(NarrativeBuilder Nb, string[] Cols, string Rows, string Human, string Cat, string Name, string Level);

    /// <summary>The narrative's builder, the cell's two columns and their words; the standout's and the category value's names are recorded as they are named (numbers in them as facts).</summary>
    private static CellWords CellWordsOf(StoryDraft s, StandoutDetail d, StandoutWithin w) =>
        new(s.Text, [w.Category, d.Column], AllRows(s.Table), H(d.Column), H(w.Category), NameOf(s.Text, d.Column, d.Label), NameOf(s.Text, w.Category, w.Level));

    /// <summary>The busiest values within the category value, as a paragraph ("<paramref name="lead"/> suppliers within IT hardware: …") and a bar chart with the standout highlighted.</summary>
    private static void TopWithin(StoryDraft s, StandoutDetail d, StandoutWithin w, CellWords c, string lead)
    {
        var lines = d.Top.Take(5).Select(v => $"{NameOf(c.Nb, d.Column, v.Label)}: {c.Nb.Int(v.Count, $"rows with {w.Category} = {w.Level} and {d.Column} = {v.Label}", c.Cols, c.Rows)}");
        c.Nb.Paragraph($"{lead} {Many(d.Column)} within {c.Level}: {string.Join("; ", lines)}.");
        s.Charts.Add(ChartFactory.Bars($"Rows per {c.Human} within {c.Level}, {d.Label} highlighted", c.Human, "Rows", d.Top.Select(v => v.Label).ToList(), d.Top.Select(v => (double)v.Count).ToList(), highlight: 1));
    }

    /// <summary>One value leading within a category value whose options are its own (a catalogue).</summary>
    private static void WriteLeader(StoryDraft s, StandoutDetail d, StandoutWithin w)
    {
        var words = CellWordsOf(s, d, w);
        var (nb, cols, rows, human, cat, name, level) = words;
        var second = d.Top[1];
        nb.Paragraph($"Of the {nb.Int(d.Total, $"rows with {w.Category} = {w.Level} and {d.Column} filled", cols, rows)} {level} rows, {name} has {nb.Int(d.Count, $"rows with {w.Category} = {w.Level} and {d.Column} = {d.Label}", cols, rows)} " +
            $"({nb.Pct(d.Count / (double)d.Total, $"share of {w.Level} rows with {d.Column} = {d.Label}", cols, rows)}); the next {One(d.Column)}, {NameOf(nb, d.Column, second.Label)}, has {nb.Int(second.Count, $"rows with {w.Category} = {w.Level} and {d.Column} = {second.Label} (the runner-up)", cols, rows)}.");
        nb.Paragraph($"Each {One(d.Column)} serves (nearly) one {cat}, so the comparison is among {level}'s own {nb.Int(d.Values, $"named {d.Column} values with {w.Category} = {w.Level}", cols, rows)} {Many(d.Column)}: an even split would give each {nb.Pct(1.0 / Math.Max(1, d.Values), $"even share of the {d.Column} values within {w.Level}", cols, rows)}. " +
            $"{name} holds {nb.N(d.Count / (double)second.Count, "ratio of the leader's rows to the runner-up's within the category value", cols, rows)} times the runner-up's rows; a one-sided binomial test against an even spread at the others' mean rate gives {nb.P(d.PValue, "binomial p-value of the leader within the category value, Bonferroni-corrected", cols, rows)} after a Bonferroni correction over the {nb.Int(d.Tests, "cells tested for a standout (Bonferroni factor)", cols, rows)} cells tested.");
        var others = w.PerLevel.Where(l => l.Level != w.Level && l.Rows > 0).Take(4).Select(l => $"{NameOf(nb, w.Category, l.Level)} {nb.Pct(l.Count / (double)l.Rows, $"share of the leading {d.Column} value within {w.Category} = {l.Level}", cols, rows)}").ToList();
        if (others.Count > 0) nb.Paragraph($"In the other {cat} values the leading {One(d.Column)} holds: {string.Join("; ", others)}.");
        TopWithin(s, d, w, words, "The");
        var shown = w.PerLevel.Take(ChartLevels).ToList();
        s.Charts.Add(ChartFactory.Bars($"Share of each {cat}'s rows held by its leading {One(d.Column)} (%)", cat, "Leader's share (%)", shown.Select(l => l.Level).ToList(),
            shown.Select(l => 100.0 * l.Count / Math.Max(1, l.Rows)).ToList(), highlightWhere: shown.Select(l => l.Level == w.Level).ToList()));
        SubsetWithin(s, d, w);
    }

    private static void WriteWithin(StoryDraft s, StandoutDetail d, StandoutWithin w)
    {
        var words = CellWordsOf(s, d, w);
        var (nb, cols, rows, human, cat, name, level) = words;
        var inside = d.Count / (double)d.Total;
        var overall = w.OverallCount / (double)w.AllRows;
        var outsideRows = w.AllRows - d.Total;
        var outsideCount = w.OverallCount - d.Count;
        nb.Paragraph($"{nb.Int(d.Count, $"rows with {w.Category} = {w.Level} and {d.Column} = {d.Label}", cols, rows)} of the {nb.Int(d.Total, $"rows with {w.Category} = {w.Level} and {d.Column} filled", cols, rows)} {level} rows have {human} {name} " +
            $"({nb.Pct(inside, $"share of {w.Level} rows with {d.Column} = {d.Label}", cols, rows)}), against {nb.Pct(outsideCount / (double)Math.Max(1, outsideRows), $"share of rows outside {w.Level} with {d.Column} = {d.Label}", cols, rows)} of the other rows " +
            $"({nb.Int(outsideCount, $"rows with {d.Column} = {d.Label} and {w.Category} other than {w.Level}", cols, rows)} of {nb.Int(outsideRows, $"rows with {w.Category} other than {w.Level}", cols, rows)}).");
        nb.Paragraph($"Over all {nb.Int(w.AllRows, $"rows with {w.Category} and {d.Column} filled", cols, rows)} rows {name} has {nb.Pct(overall, $"share of all rows with both filled that have {d.Column} = {d.Label}", cols, rows)}; " +
            $"{nb.Pct(d.Count / (double)w.OverallCount, $"share of {d.Label}'s rows that are {w.Level}", cols, rows)} of {name}'s rows are {level}.");
        nb.Paragraph($"The evidence: in the cross-table of {cat} and {human}, this cell holds {nb.N(w.Residual, "adjusted standardised residual of the cell", cols, rows)} standard errors more rows than independence would give (its adjusted standardised residual); " +
            $"the one-sided {nb.P(d.PValue, "p-value of the residual, Bonferroni-corrected", cols, rows)} after a Bonferroni correction over the {nb.Int(d.Tests, "cells tested for a standout (Bonferroni factor)", cols, rows)} cells tested. " +
            $"Cramér's V between the two columns is {nb.Coef(w.CramersV, $"Cramér's V of {w.Category} × {d.Column}", cols, rows)}, so {cat} does not simply decide {human}.");
        TopWithin(s, d, w, words, "The most frequent");
        var shown = w.PerLevel.Take(ChartLevels).ToList();
        var levelLabels = shown.Select(l => l.Level).Append("All rows").ToList();
        var shares = shown.Select(l => 100.0 * l.Count / Math.Max(1, l.Rows)).Append(100.0 * overall).ToList();
        s.Charts.Add(ChartFactory.Bars($"Share of rows with {human} {d.Label}, by {cat} and overall (%)", cat, $"Share with {d.Label} (%)", levelLabels, shares,
            highlightWhere: shown.Select(l => l.Level == w.Level).Append(false).ToList()));
        SubsetWithin(s, d, w);
    }

    private const int ChartLevels = 14;

    /// <summary>A person's, item's or category's name in the narrative; numbers in it ("User 12", "2 - High") are recorded as facts (part of a name, not quantities).</summary>
    private static string NameOf(NarrativeBuilder nb, string column, string label)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(label, @"\d+(?:[.,]\d+)*"))
        {
            var value = double.TryParse(m.Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
            nb.N(value, $"a number in the {column} value \"{label}\" (part of a name, not a quantity)", [column], "all rows", _ => m.Value);
        }
        return Words.Label(column, label);
    }
}
