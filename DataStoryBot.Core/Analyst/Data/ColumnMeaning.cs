using System.Text.RegularExpressions;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// What a column is beyond its type, read from its name and values: free text kept as a category because its values
/// repeat (templated descriptions), a field a workflow sets (state, priority), a yes/no flag.
/// </summary>
public static partial class ColumnMeaning
{
    /// <summary>Free text: named like a description, or labels of several words and over 30 characters on average.</summary>
    public static bool IsFreeText(CategoryColumn column)
    {
        if (TextName().IsMatch(column.Name)) return true;
        var labels = column.Labels;
        if (labels.Length == 0) return false;
        var sample = labels.Take(200).ToList();
        return sample.Average(l => l.Length) > 30 && sample.Count(l => l.Count(ch => ch == ' ') >= 3) >= 0.5 * sample.Count;
    }

    /// <summary>A field a workflow sets (state, priority, status, severity) or a yes/no flag by its name.</summary>
    public static bool IsWorkflowField(string column) => WorkflowName().IsMatch(column);

    /// <summary>A column that holds where a row stands in its process (state, status, stage, outcome).</summary>
    public static bool IsStateField(string column) => StateName().IsMatch(column);

    /// <summary>A two-valued yes/no column (true/false, yes/no, y/n, 0/1).</summary>
    public static bool IsFlag(CategoryColumn column) =>
        column.Labels.Length == 2 && column.Labels.All(l => FlagLabel().IsMatch(l.Trim()));

    // ---------------------------------------------------------------- what a row counts (issue 22)

    private static readonly HashSet<string> CountNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "freq", "frequency", "frequencies", "n", "count", "counts", "number", "num", "nobs", "tally",
    };

    /// <summary>A column named like the count of a contingency table's cell (Freq, n, count, Number, frequency).</summary>
    public static bool IsCountName(string column) => CountNames.Contains(column.Trim());

    private static readonly HashSet<string> ExposureWords = new(StringComparer.Ordinal)
    {
        "population", "pop", "exposure", "exposed", "service", "policies", "policyholders", "holders", "trials", "applicants", "applications",
        "enrolled", "enrollment", "enrolment", "households", "subscribers", "customers", "members", "passengers", "employees", "students",
        "pupils", "residents", "persons", "people", "visits", "visitors", "sessions", "users", "accounts", "personyears", "atrisk",
    };

    /// <summary>
    /// A column that says how many units a row covers (population, months of service, policies, applicants): the
    /// exposure that turns a count of events into a rate.
    /// </summary>
    public static bool IsExposureName(string column) => NameWords(column).Any(ExposureWords.Contains);

    private static readonly HashSet<string> EntityWords = new(StringComparer.Ordinal)
    {
        "subject", "patient", "person", "participant", "respondent", "individual", "prof", "professor", "instructor", "teacher",
        "doctor", "physician", "household", "firm", "company", "school", "district", "student", "child", "pupil", "pid", "sid",
    };

    /// <summary>A column named for one entity (subject, patient, prof, district): its numbers are codes, not amounts.</summary>
    public static bool IsEntityName(string column) => NameWords(column).Any(EntityWords.Contains);

    /// <summary>
    /// A column that says how complete a row's own data is (weeks reporting, coverage, completeness): it explains the
    /// other numbers of the row, it is never a finding.
    /// </summary>
    public static bool IsReportingField(string column) => NameWords(column).Any(w => w is "reporting" or "reported" or "coverage" or "completeness");

    /// <summary>Clock times (00:45, 01:35:10): a time of day, never a group to compare or a number.</summary>
    public static bool IsClockTime(CategoryColumn column) =>
        column.Labels.Length > 0 && column.Labels.All(l => ClockTime().IsMatch(l.Trim()));

    [GeneratedRegex(@"^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")]
    private static partial Regex ClockTime();

    /// <summary>Percentages: every value between 0 and 100, some above 1.</summary>
    public static bool IsPercentOf(NumericColumn column)
    {
        var values = column.Values.Where(double.IsFinite).ToList();
        return values.Count > 0 && values.All(v => v is >= 0 and <= 100) && values.Any(v => v > 1);
    }

    /// <summary>The lower-case words of a column name (split at separators and camel case).</summary>
    public static List<string> NameWords(string column)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < column.Length; i++)
        {
            var ch = column[i];
            if (!char.IsLetter(ch))
            {
                Flush();
                continue;
            }
            if (char.IsUpper(ch) && current.Length > 0 && char.IsLower(column[i - 1])) Flush();
            current.Append(char.ToLowerInvariant(ch));
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>How many words (of at least two letters) two column names share.</summary>
    public static int SharedWords(string a, string b) =>
        NameWords(a).Where(w => w.Length >= 2).Distinct(StringComparer.Ordinal).Count(NameWords(b).Contains);

    // ---------------------------------------------------------------- one quantity under two names (tautology guard)

    private static readonly string[] Affixes =
    [
        "min", "max", "lo", "hi", "low", "high", "lower", "upper", "log", "ln", "est", "estimate", "estimated", "pred", "predicted",
        "fitted", "fit", "hat", "rep", "reported", "self", "all", "total", "tot", "sqrt", "avg", "mean", "median", "l",
    ];

    /// <summary>
    /// Whether one column's name is the other's with a bound, transform, estimate or report marker (min price / price,
    /// lbase / base, repwt / weight, allstudents / students, weight_predicted / weight): the two measure one quantity, so
    /// their agreement is not a finding. An abbreviation counts when it keeps the first and last letter (wt for weight);
    /// the one-letter log prefix "l" needs the exact name.
    /// </summary>
    public static bool IsSameQuantity(string a, string b)
    {
        var (x, y) = (Letters(a), Letters(b));
        if (x.Length == 0 || y.Length == 0 || x == y) return false;
        return Marked(x, y, Affixes) || Marked(y, x, Affixes);
    }

    private static readonly string[] StandInAffixes =
        ["est", "estimate", "estimated", "pred", "predicted", "fitted", "fit", "hat", "rep", "reported", "self"];

    /// <summary>
    /// Whether <paramref name="standIn"/> is <paramref name="measured"/> as someone reported or a model estimated it
    /// (repwt for weight, height_predicted for height): where the measured column is in the table, it tells every
    /// relation and comparison the stand-in would, and the stand-in telling it again is the same story twice.
    /// </summary>
    public static bool IsStandIn(string standIn, string measured)
    {
        var (x, y) = (Letters(standIn), Letters(measured));
        return x.Length > 0 && y.Length > 0 && x != y && Marked(x, y, StandInAffixes);
    }

    /// <summary>Whether a measure is a stand-in (<see cref="IsStandIn"/>) of another measure of the table.</summary>
    public static bool IsStandInOfAny(string standIn, IEnumerable<string> measures) => measures.Any(m => IsStandIn(standIn, m));

    private static bool Marked(string marked, string plain, string[] affixes)
    {
        foreach (var affix in affixes)
        {
            if (marked.Length <= affix.Length) continue;
            var exactOnly = affix.Length == 1;
            if (marked.StartsWith(affix, StringComparison.Ordinal) && Same(marked[affix.Length..], plain, exactOnly)) return true;
            if (marked.EndsWith(affix, StringComparison.Ordinal) && Same(marked[..^affix.Length], plain, exactOnly)) return true;
        }
        return false;

        static bool Same(string rest, string plain, bool exactOnly) =>
            rest == plain || (!exactOnly && rest.Length >= 2 && rest.Length < plain.Length && IsAbbreviation(rest, plain));
    }

    /// <summary>"wt" for "weight": the same first and last letter, the rest in order.</summary>
    public static bool IsAbbreviation(string shortName, string longName)
    {
        if (shortName.Length < 2 || shortName[0] != longName[0] || shortName[^1] != longName[^1]) return false;
        var k = 0;
        foreach (var ch in longName)
        {
            if (k < shortName.Length && shortName[k] == ch) k++;
        }
        return k == shortName.Length;
    }

    private static string Letters(string name) => string.Concat(name.Where(char.IsLetter)).ToLowerInvariant();

    /// <summary>
    /// A bound: one measure does not exceed the other (on 95% of at least ten rows: records have errors) and the names share a word (years
    /// since PhD and years of service, students who answered and students enrolled) or one is an age and the other a
    /// count of years lived through (years married). Their correlation is the bound.
    /// </summary>
    public static bool IsBound(NumericColumn a, NumericColumn b, IReadOnlyList<int> rows)
    {
        // Names that share a word, or an age and a count of years lived through (years married can never pass age).
        var related = NameWords(a.Name).Where(w => w.Length >= 3).Intersect(NameWords(b.Name)).Any()
            || (IsAgeName(a.Name) && IsYearsOfName(b.Name)) || (IsAgeName(b.Name) && IsYearsOfName(a.Name));
        if (!related) return false;
        int n = 0, below = 0, above = 0;
        foreach (var r in rows)
        {
            double x = a.Values[r], y = b.Values[r];
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            n++;
            if (x <= y) below++;
            if (x >= y) above++;
        }
        return n >= 10 && (below >= 0.95 * n || above >= 0.95 * n) && !(below == n && above == n);
    }

    private static readonly HashSet<string> TotalWords = new(StringComparer.Ordinal)
    {
        "total", "tot", "all", "overall", "aggregate", "combined", "nonfarm", "gdp", "gnp", "gni", "nni", "economy",
    };

    /// <summary>The least typical share of a total that a part must hold to count as one of its parts.</summary>
    public const double MinPartShare = 0.03;

    /// <summary>
    /// A total and one of its parts (real GDP and real investment, nonfarm employment and one industry): the total is
    /// named as one (total, all, nonfarm, GDP), the part never exceeds it (on 99% of the rows, records have errors), is
    /// never negative, and typically holds a visible share of it (at least <see cref="MinPartShare"/>). The two move
    /// together because one contains the other: not a finding.
    /// </summary>
    public static bool IsTotalWithPart(NumericColumn total, NumericColumn part, IReadOnlyList<int> rows) =>
        IsTotalName(total.Name) && ShareOf(total, part, rows) >= MinPartShare;

    /// <summary>
    /// The typical (median) share of <paramref name="total"/> that <paramref name="part"/> holds, when the part is never
    /// negative and never above the total (on 99% of at least ten rows); NaN otherwise. A part of a named total that
    /// holds at least half of it is a subtotal (private or service-providing employment within nonfarm): its own parts
    /// are found with the same rule.
    /// </summary>
    public static double ShareOf(NumericColumn total, NumericColumn part, IReadOnlyList<int> rows)
    {
        if (total.Name == part.Name) return double.NaN;
        int n = 0, within = 0;
        var shares = new List<double>(rows.Count);
        foreach (var r in rows)
        {
            double t = total.Values[r], x = part.Values[r];
            if (!double.IsFinite(t) || !double.IsFinite(x)) continue;
            n++;
            if (x >= 0 && x <= t && t > 0)
            {
                within++;
                shares.Add(x / t);
            }
        }
        if (n < 10 || within < 0.99 * n || shares.Count == 0) return double.NaN;
        shares.Sort();
        var median = shares[shares.Count / 2];
        return median < 1 ? median : double.NaN;
    }

    /// <summary>The least share of a named total that makes one of its parts a subtotal.</summary>
    public const double MinSubtotalShare = 0.5;

    /// <summary>A column named as a total: a total word (total, all, nonfarm) or an economy-wide total (GDP, GNP) inside the name.</summary>
    public static bool IsTotalName(string column)
    {
        var words = NameWords(column);
        if (words.Any(TotalWords.Contains)) return true;
        var letters = Letters(column);
        return letters.Contains("gdp", StringComparison.Ordinal) || letters.Contains("gnp", StringComparison.Ordinal);
    }

    /// <summary>
    /// Two measures of one incident (the number of O-ring failures and the damage index, claims and the amount paid):
    /// both never negative, each zero on at least a fifth of the rows, and zero on the same rows (at least 90% of them
    /// agree). The second is how bad the first was, so their link is the incident itself, not a finding.
    /// </summary>
    public static bool IsSameIncident(double[] a, double[] b, IReadOnlyList<int> rows)
    {
        int n = 0, zeroA = 0, zeroB = 0, agree = 0;
        foreach (var r in rows)
        {
            double x = a[r], y = b[r];
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            if (x < 0 || y < 0) return false;
            n++;
            if (x == 0) zeroA++;
            if (y == 0) zeroB++;
            if ((x == 0) == (y == 0)) agree++;
        }
        return n >= 10 && zeroA >= 0.2 * n && zeroB >= 0.2 * n && zeroA < n && zeroB < n && agree >= 0.9 * n;
    }

    /// <summary>
    /// A setting changed on a schedule (a test pressure raised from 50 to 100 to 200 over the flights): at most four
    /// values, each used at least twice, changed at least once and only ever in one direction along the rows. Set by
    /// whoever ran the process, it is not a quantity to describe.
    /// </summary>
    public static bool IsSchedule(NumericColumn column)
    {
        var values = column.Values.Where(double.IsFinite).ToList();
        if (values.Count < 8) return false;
        var distinct = values.Distinct().Count();
        if (distinct is < 2 or > 4) return false;
        if (values.GroupBy(v => v).Any(g => g.Count() < 2)) return false;
        bool up = true, down = true;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] < values[i - 1]) up = false;
            if (values[i] > values[i - 1]) down = false;
        }
        return up || down;
    }

    /// <summary>
    /// A column's values as numbers: a measure's own, or a category whose every label is a number (a count of failures
    /// read as groups) by its labels; null otherwise.
    /// </summary>
    public static double[]? AsNumbers(DataColumn column)
    {
        if (column is NumericColumn numeric) return numeric.Values;
        if (column is not CategoryColumn category || category.Labels.Length == 0) return null;
        var labels = new double[category.Labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!double.TryParse(category.Labels[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out labels[i])) return null;
        }
        return category.Codes.Select(c => c >= 0 ? labels[c] : double.NaN).ToArray();
    }

    /// <summary>
    /// The most common remainder of c − (a ± b) over the first <paramref name="n"/> complete rows (their median): the
    /// constant of a formula such as experience = age − education − 6, read from all rows so an odd first row does not
    /// set it. Zero when the remainders are (about) zero.
    /// </summary>
    public static double TypicalRemainder(double[] c, double[] a, double[] b, int sign, int n)
    {
        var rests = new List<double>();
        for (var i = 0; i < Math.Min(n, c.Length); i++)
        {
            if (double.IsFinite(c[i]) && double.IsFinite(a[i]) && double.IsFinite(b[i])) rests.Add(c[i] - (a[i] + sign * b[i]));
        }
        if (rests.Count == 0) return 0;
        rests.Sort();
        return rests[rests.Count / 2];
    }

    // ---------------------------------------------------------------- layout, codes, ladders, levels (issue 22)

    /// <summary>
    /// A category whose every value holds exactly as many rows as the others (20 fields per site, 120 ages per sex): the
    /// table's layout or the design, so its counts and shares say nothing.
    /// </summary>
    public static bool IsBalanced(CategoryColumn column)
    {
        if (column.Labels.Length < 2 || column.MissingCount > 0) return false;
        var counts = new int[column.Labels.Length];
        foreach (var code in column.Codes) if (code >= 0) counts[code]++;
        return counts[0] >= 2 && counts.All(c => c == counts[0]);
    }

    private static readonly HashSet<string> CodeWords = new(StringComparer.Ordinal)
    {
        "code", "codes", "census", "isco", "isic", "soc", "naics", "sic", "fips", "zip", "zipcode", "postcode", "postal", "icd", "nace",
    };

    /// <summary>
    /// A column named like a classification code (census occupation code, ZIP, FIPS, NAICS, ICD): its numbers are
    /// labels of a list, never amounts to average or compare.
    /// </summary>
    public static bool IsCodeName(string column) => NameWords(column).Any(CodeWords.Contains);

    private static readonly HashSet<string> TenureWords = new(StringComparer.Ordinal)
    {
        "yrs", "years", "experience", "exper", "tenure", "seniority", "service", "since", "age",
    };

    private static readonly HashSet<string> LadderWords = new(StringComparer.Ordinal) { "rank", "grade", "seniority", "tier", "ladder" };

    /// <summary>
    /// Time in a career by a seniority ladder (years since PhD by academic rank, years of service by grade): the
    /// promotion rule, which moves people up the ladder as the years pass, not a finding about the ranks.
    /// </summary>
    public static bool IsPromotionRule(string category, string measure) =>
        NameWords(category).Any(LadderWords.Contains) && NameWords(measure).Any(TenureWords.Contains);

    /// <summary>
    /// Whether totals of a measure across rows mean something: ages and years a person lived through (experience, years
    /// married) do not add up across people ("married people hold 74% of all years of experience" is their number).
    /// </summary>
    public static bool IsSummable(string measure) => !IsAgeName(measure) && !IsYearsOfName(measure);

    /// <summary>An age column (age, age at …): the bound of any count of years a person has lived through.</summary>
    public static bool IsAgeName(string column) => NameWords(column).Contains("age");

    /// <summary>A count of years of something a person lived through (years married, years of experience, yrs since PhD).</summary>
    public static bool IsYearsOfName(string column) => !IsAgeName(column) && NameWords(column).Any(TenureWords.Contains);

    private static readonly HashSet<string> PriceWords = new(StringComparer.Ordinal) { "price", "close", "closing", "open", "opening", "quote", "adj" };

    /// <summary>
    /// A price level (a share price, a closing quote): prices of different things are not comparable in level (a share
    /// costs what the company chose to divide itself into), only in how they changed.
    /// </summary>
    public static bool IsPriceLevel(string column) => NameWords(column).Any(PriceWords.Contains);

    private static readonly HashSet<string> PriceIndexWords = new(StringComparer.Ordinal) { "cpi", "hicp", "rpi", "ppi", "deflator" };

    /// <summary>
    /// A general price index (consumer prices, a GDP deflator): a measure of inflation, whose rise over any long span is
    /// expected, unlike the real quantities beside it (real GDP, real consumption).
    /// </summary>
    public static bool IsPriceIndex(string column)
    {
        var words = NameWords(column);
        return words.Any(PriceIndexWords.Contains) || (words.Contains("price") && words.Contains("index"));
    }

    /// <summary>
    /// Comparing a measure's level across the series of a panel means nothing when it is a price level (share prices
    /// of different companies): only their growth compares.
    /// </summary>
    public static bool IsIncomparableLevel(AnalysisTable table, string category, string measure) =>
        table.Time.IsPanel && table.Time.Dimensions.Any(d => d.Name == category) && IsPriceLevel(measure);

    /// <summary>
    /// A category that cuts a measure into bands (fcategory from fscore, age groups from age): sorted by their lowest
    /// value, no group's values reach into the next group's range.
    /// </summary>
    public static bool IsBanding(IReadOnlyList<(double Min, double Max)> groups)
    {
        if (groups.Count < 2) return false;
        var sorted = groups.OrderBy(g => g.Min).ThenBy(g => g.Max).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Min < sorted[i - 1].Max) return false;
        }
        return true;
    }

    [GeneratedRegex(@"(?i)(descr|comment|summary|subject|note|message|text|body|title|remark|details?$)")]
    private static partial Regex TextName();

    [GeneratedRegex(@"(?i)(state|status|stage|phase|priority|severity|urgency|impact|flag|active|made_sla|^is_|^has_)")]
    private static partial Regex WorkflowName();

    [GeneratedRegex(@"(?i)(state|status|stage|phase|step|outcome|result|resolution)")]
    private static partial Regex StateName();

    [GeneratedRegex(@"(?i)^(true|false|yes|no|y|n|0|1|t|f)$")]
    private static partial Regex FlagLabel();
}
