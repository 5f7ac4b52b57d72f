using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst.Charts;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>A term (a word, a two-word phrase or an id) and the rows of a group that contain it, against the other rows.</summary>
/// <param name="InGroup">Rows of the group (or of the table) whose text contains the term (document frequency).</param>
/// <param name="Elsewhere">Rows outside the group whose text contains it.</param>
/// <param name="G2">Log-likelihood ratio statistic of the 2×2 table (group or not × term or not).</param>
/// <param name="PAdjusted">Its p-value after a Bonferroni correction over every term × group pair tested.</param>
/// <param name="Variants">Misspellings counted as the term (one letter missing, extra or changed).</param>
public sealed record TermCount(string Term, bool IsId, int InGroup, int Elsewhere, double ShareIn, double ShareOut, double G2, double PAdjusted, IReadOnlyList<string> Variants)
{
    /// <summary>How many times more often the term is in the group's rows than in the others' (infinite when never outside).</summary>
    public double Lift => ShareOut > 0 ? ShareIn / ShareOut : double.PositiveInfinity;
}

/// <summary>A group (a category value) and how many of its rows contain the lead term.</summary>
public sealed record TermByGroup(string Group, int Rows, int WithTerm);

/// <summary>
/// Terms of a short-text column: either enriched in one value of a category column (<see cref="Category"/> set), or
/// an id mentioned in a large share of all rows (<see cref="Category"/> null).
/// </summary>
/// <param name="RowsInGroup">Rows with text in the group (the whole table's rows with text when there is no category).</param>
/// <param name="RowsElsewhere">Rows with text in the other groups (0 without a category).</param>
/// <param name="Vocabulary">Distinct terms in at least <see cref="TextTermsStory.MinCount"/> rows.</param>
/// <param name="Tested">Term × group pairs tested (the Bonferroni factor).</param>
/// <param name="Top">The lead term first, then up to four more.</param>
/// <param name="LeadRows">Rows of the group whose text contains the lead term.</param>
/// <param name="ByGroup">The lead term's rows in every group.</param>
/// <param name="Others">Other groups' own lead term (supporting facts).</param>
public sealed record TextTermsDetail(
    string TextColumn, string? Category, string? Group, int RowsInGroup, int RowsElsewhere, int Vocabulary, int Tested,
    IReadOnlyList<TermCount> Top, IReadOnlyList<int> LeadRows, IReadOnlyList<TermByGroup> ByGroup, IReadOnlyList<(string Group, TermCount Term)> Others)
{
    /// <summary>When the lead term is the word a family of ids is named after ("printer": Printer546, Printer318), the most frequent of those ids in the group.</summary>
    public TermCount? NamedId { get; init; }
}

/// <summary>
/// Words in free text: the terms, two-word phrases and ids of a short-text column (descriptions, subjects, comments)
/// counted in rows that contain them; a term far more common in one category's rows than in the others' (a G² test of
/// the 2×2 table with a Bonferroni correction, at least <see cref="MinCount"/> rows and <see cref="MinLift"/> times
/// the others' share), or an id in a fifth of all rows. Never a word cloud: stop words, numbers and a category's own
/// name are left out.
/// </summary>
public sealed partial class TextTermsStory : StoryKind<TextTermsDetail>
{
    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(^|[_ .])name$|^name([_ .]|$)|names?$")]
    private static partial System.Text.RegularExpressions.Regex NameColumn();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)(descr|comment|summary|subject|note|message|text|body|remark|details?$|reason|justification|feedback|complaint)")]
    private static partial System.Text.RegularExpressions.Regex TextName();

    /// <summary>Whether the column's name says it describes its rows (a description, notes, a summary, a comment).</summary>
    internal static bool Describes(string column) => TextName().IsMatch(column);

    public override string Name => "text_terms";

    public override double Weight => 0.7;

    public override IReadOnlyList<string> SteeringWords { get; } = ["word", "text", "descri", "comment", "mention", "term", "phrase", "say", "complain", "keyword"];

    public override string Caveat =>
        "Terms are counted in the rows whose text contains them (once per row), after lower-casing, folding simple plurals and counting near-misspellings of a frequent word as that word; a word can carry more than one meaning, so read the example texts.";

    /// <summary>The least number of rows of a group that contain a term for it to be reported.</summary>
    public const int MinCount = 10;

    /// <summary>How many times the others' share a group's share of rows with the term must be.</summary>
    public const double MinLift = 3;

    /// <summary>The least share of a group's rows that contain the term.</summary>
    public const double MinShareIn = 0.1;

    /// <summary>Bonferroni-corrected significance level.</summary>
    public const double Alpha = 0.01;

    /// <summary>The least share of all rows that mention one id for that alone to be news.</summary>
    public const double MinIdShare = 0.2;

    /// <summary>Free text longer than this (median characters) is prose, not a short description.</summary>
    public const int MaxMedianLength = 200;

    private const int MinRows = 30;
    private const int MaxTextColumns = 3;
    private const int MaxCategoryColumns = 10;
    private const int MaxGroups = 30;
    private const int TopTerms = 5;

    protected override void Write(StoryDraft s, TextTermsDetail d)
    {
        if (d.Category is null) WriteFrequent(s, d);
        else WriteEnriched(s, d);
    }

    public override IEnumerable<Insight> Detect(AnalysisTable table)
    {
        var found = new List<Insight>();
        HashSet<string>? peopleSet = null;
        var order = table.Columns.Select((c, i) => (c.Name, i)).ToDictionary(t => t.Name, t => t.i, StringComparer.Ordinal);
        foreach (var (column, texts) in TextSources(table).Take(MaxTextColumns))
        {
            var people = peopleSet ??= StandoutStory.EntityColumns(table).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            var index = TermIndex.Build(texts);
            if (index.RowsWithText < MinRows) continue;
            // Names of things repeat (an airport's name on each of its strikes); free text (nearly) does not.
            // A column named as text (description, notes, summary) describes its rows, even when its values are templates
            // that belong to one category ("Printer546 jammed again" is a hardware text): what each category's texts
            // say is the story.
            var repeated = !Describes(column.Name) && texts.Where(t => t is not null).Distinct(StringComparer.Ordinal).Count() < 0.5 * index.RowsWithText;
            if (Frequent(column, index) is { } frequent) found.Add(frequent);
            var enrichedHere = new List<Insight>();
            var kept = new List<Insight>();
            // Categories first, then people, places and items: a person's term that is also a category's term (an agent
            // works the email queue, so 'mailbox') is the category's story told through the person.
            var categoryTerms = new HashSet<string>(StringComparer.Ordinal);
            foreach (var category in table.Categories.Where(c => c.Name != column.Name && c.Labels.Length is >= 2 and <= MaxGroups).Take(MaxCategoryColumns)
                .OrderBy(c => people.Contains(c.Name) ? 1 : 0))
            {
                if (repeated && NamesTheCategory(texts, category)) continue;
                var person = people.Contains(category.Name);
                if (Enriched(column, category, index, person ? categoryTerms : null, person ? null : categoryTerms) is { } enriched) enrichedHere.Add(enriched);
            }
            // The same term over (nearly) the same rows through a routed twin column ('leak' in Plumbing and in the
            // Plumbing Team): told once, by the stronger grouping, the earlier column on a tie.
            foreach (var e in enrichedHere.OrderByDescending(e => e.Score).ThenBy(e => order.GetValueOrDefault(e.Columns[1])))
            {
                var d = (TextTermsDetail)e.Detail!;
                if (kept.Any(k => k.Detail is TextTermsDetail o && o.TextColumn == d.TextColumn && o.Top[0].Term == d.Top[0].Term && Overlap(o.LeadRows, d.LeadRows) >= 0.8)) continue;
                kept.Add(e);
            }
            found.AddRange(kept);
        }
        return found;
    }

    private static double Overlap(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var set = new HashSet<int>(a);
        return b.Count(set.Contains) / (double)Math.Max(a.Count, b.Count);
    }

    /// <summary>Short free text: a text column (or a category with many multi-word labels) whose values are mostly several words and under <see cref="MaxMedianLength"/> characters.</summary>
    internal static IEnumerable<(DataColumn Column, string?[] Texts)> TextSources(AnalysisTable table)
    {
        foreach (var c in table.Columns)
        {
            string?[]? texts = c switch
            {
                TextColumn t => t.Values,
                CategoryColumn k when k.Labels.Length > MaxGroups => k.Codes.Select(code => code >= 0 ? k.Labels[code] : null).ToArray(),
                _ => null,
            };
            // A name (a passenger's, an airport's) is not text that says something: its words are titles and places
            // that belong to the row's own categories ("Mr" in men's names).
            if (texts is null || NameColumn().IsMatch(c.Name)) continue;
            var sample = texts.Where(v => !string.IsNullOrWhiteSpace(v)).Take(2000).Select(v => v!).ToList();
            if (sample.Count < MinRows) continue;
            var lengths = sample.Select(v => (double)v.Length).Order().ToList();
            if (lengths[lengths.Count / 2] >= MaxMedianLength) continue;
            // Words, not codes or names: most values hold at least two words.
            if (sample.Count(v => v.Trim().Contains(' ', StringComparison.Ordinal)) < 0.5 * sample.Count) continue;
            // A category of many two-word values ("Rick Berzle", "User 0042") is people or things, not text: repeated
            // text kept as a category says more (a sentence of three words or more).
            var repeats = sample.Distinct(StringComparer.Ordinal).Count() < 0.5 * sample.Count;
            if ((c is CategoryColumn || repeats) && sample.Count(v => v.Trim().Count(ch => ch == ' ') >= 2) < 0.5 * sample.Count) continue;
            yield return (c, texts);
        }
    }

    /// <summary>
    /// Whether the text is the name of a thing that belongs to one category (an airport's name and its state): values
    /// repeated (fewer distinct values than half the rows) and each value (nearly) always in the same category. Words of
    /// such names describe the thing, not the rows; their link with the category is a fact of the things, not news.
    /// </summary>
    private static bool NamesTheCategory(string?[] texts, CategoryColumn category)
    {
        var byText = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        var rows = 0;
        for (var r = 0; r < texts.Length; r++)
        {
            if (texts[r] is not { } t || category.Codes[r] < 0) continue;
            rows++;
            if (!byText.TryGetValue(t, out var counts)) byText[t] = counts = [];
            counts[category.Codes[r]] = counts.GetValueOrDefault(category.Codes[r]) + 1;
        }
        if (rows == 0 || byText.Count >= 0.5 * rows) return false;
        return byText.Values.Sum(c => c.Values.Max()) >= 0.95 * rows;
    }

    /// <summary>
    /// A person's or place's texts mostly say what their category's say (an agent works one queue): grouped by a person,
    /// place or item column, a term weighs this much against one grouped by another category.
    /// </summary>
    public const double PersonGroupWeight = 0.6;

    /// <summary>
    /// Texts grouped by an outcome (a flag, a state): the words record the outcome ('crushed' in damaged shipments'
    /// notes), a supporting fact of the outcome's own story; such a term weighs this much.
    /// </summary>
    public const double OutcomeGroupWeight = 0.5;

    /// <param name="told">For a person, place or item grouping: the terms the categories already tell, which weigh
    /// <see cref="PersonGroupWeight"/> when they lead here.</param>
    /// <param name="collect">For a category grouping: collects every term enriched in one of its values.</param>
    private static Insight? Enriched(DataColumn column, CategoryColumn category, TermIndex index, HashSet<string>? told, HashSet<string>? collect = null)
    {
        var groups = category.Labels.Length;
        var rows = Enumerable.Range(0, index.Rows).Where(r => index.HasText(r) && category.Codes[r] >= 0).ToArray();
        if (rows.Length < MinRows) return null;
        var size = new int[groups];
        foreach (var r in rows) size[category.Codes[r]]++;
        if (size.Count(n => n > 0) < 2) return null;
        // Document frequency of each term overall and per group, over the rows with a category.
        var df = new int[index.Terms.Count];
        var counts = new Dictionary<int, int[]>();
        foreach (var r in rows)
        {
            foreach (var t in index.TermsOf(r)) df[t]++;
        }
        var eligible = Enumerable.Range(0, df.Length).Where(t => df[t] >= MinCount).ToArray();
        if (eligible.Length == 0) return null;
        foreach (var t in eligible) counts[t] = new int[groups];
        foreach (var r in rows)
        {
            var g = category.Codes[r];
            foreach (var t in index.TermsOf(r)) if (counts.TryGetValue(t, out var c)) c[g]++;
        }
        var populated = size.Count(n => n > 0);
        var tested = eligible.Length * populated;
        var total = rows.Length;
        var perGroup = new List<TermCount>[groups];
        for (var g = 0; g < groups; g++)
        {
            perGroup[g] = [];
            var n1 = size[g];
            var n2 = total - n1;
            if (n1 == 0 || n2 == 0) continue;
            var own = LabelTokens(category.Labels[g]);
            foreach (var t in eligible)
            {
                var a = counts[t][g];
                if (a < MinCount) continue;
                var b = df[t] - a;
                double p1 = a / (double)n1, p2 = b / (double)n2;
                if (p1 < MinShareIn || p1 < MinLift * p2) continue;
                // "hardware" (or "hardware fault") in the hardware category's text is the label repeated, not a finding.
                if (index.Words(t).Any(w => own.Contains(w) || own.Contains(TermIndex.Fold(w)))) continue;
                // A term in (nearly) every row of one group and in no other is the group's label by another name
                // ("washington" in the DC airports' names): a rule of the data, not a finding.
                if (p1 >= 0.95 && b == 0) continue;
                var g2 = G2(a, n1 - a, b, n2 - b);
                var p = Math.Min(1, SpecialFunctions.ChiSquareSurvival(g2, 1) * tested);
                if (!(p < Alpha)) continue;
                perGroup[g].Add(new TermCount(index.Terms[t], index.IsId[t], a, b, p1, p2, g2, p, index.VariantsOf(t)));
            }
            perGroup[g] = Distinct(perGroup[g].OrderByDescending(x => x.ShareIn - x.ShareOut).ThenByDescending(x => x.G2).ThenBy(x => x.Term, StringComparer.Ordinal).ToList());
            if (collect is not null) foreach (var t in perGroup[g]) collect.Add(t.Term);
        }
        var best = Enumerable.Range(0, groups).Where(g => perGroup[g].Count > 0)
            .OrderByDescending(g => perGroup[g][0].ShareIn - perGroup[g][0].ShareOut).ThenBy(g => g).FirstOrDefault(-1);
        if (best < 0) return null;
        var top = perGroup[best].Take(TopTerms).ToList();
        var lead = top[0];
        var leadId = index.Id(lead.Term);
        // The word a family of ids is named after ("printer": Printer546, Printer318): the most frequent of them.
        var namedId = lead.IsId || lead.Term.Contains(' ', StringComparison.Ordinal) ? null : eligible
            .Where(t => index.IsId[t] && counts[t][best] >= MinCount && TermIndex.ThingOf(index.Terms[t]) == lead.Term)
            .OrderByDescending(t => counts[t][best]).ThenBy(t => index.Terms[t], StringComparer.Ordinal)
            .Select(t =>
            {
                int a = counts[t][best], b = df[t] - counts[t][best], n1 = size[best], n2 = total - size[best];
                var g2 = G2(a, n1 - a, b, n2 - b);
                return new TermCount(index.Terms[t], true, a, b, a / (double)n1, b / (double)n2, g2, Math.Min(1, SpecialFunctions.ChiSquareSurvival(g2, 1) * tested), index.VariantsOf(t));
            }).FirstOrDefault();
        var leadRows = rows.Where(r => category.Codes[r] == best && index.TermsOf(r).Contains(leadId)).ToArray();
        var byGroup = Enumerable.Range(0, groups).Where(g => size[g] > 0)
            .Select(g => new TermByGroup(category.Labels[g], size[g], counts[leadId][g])).ToList();
        var others = Enumerable.Range(0, groups).Where(g => g != best && perGroup[g].Count > 0)
            .OrderByDescending(g => perGroup[g][0].ShareIn - perGroup[g][0].ShareOut).ThenBy(g => g).Take(2)
            .Select(g => (category.Labels[g], perGroup[g][0])).ToList();
        var detail = new TextTermsDetail(column.Name, category.Name, category.Labels[best], size[best], total - size[best], eligible.Length, tested, top, leadRows, byGroup, others) { NamedId = namedId };
        var texts = TextNoun(column.Name);
        var title = $"'{lead.Term}' appears in {Fmt.Pct(lead.ShareIn)} of {GroupTexts(category.Name, category.Labels[best], texts)}" +
            (lead.Elsewhere == 0 ? " and in none of the others" : $", against {Fmt.Pct(lead.ShareOut)} of the others");
        var summary = $"{Fmt.Int(lead.InGroup)} of the {Fmt.Int(size[best])} {GroupTexts(category.Name, category.Labels[best], texts)} contain '{lead.Term}', against {Fmt.Int(lead.Elsewhere)} of the {Fmt.Int(total - size[best])} others " +
            $"(G² = {Fmt.Num(lead.G2)}, {Fmt.P(lead.PAdjusted)} after a Bonferroni correction over {Fmt.Int(tested)} term and {Words.Human(category.Name)} pairs)" +
            (namedId is null ? "" : $"; '{namedId.Term}' alone is in {Fmt.Int(namedId.InGroup)} of them") +
            (top.Count > 1 ? $"; also enriched there: {string.Join(", ", top.Skip(1).Select(x => $"'{x.Term}'"))}." : ".");
        return new Insight(StoryKinds.Of<TextTermsStory>(), [column.Name, category.Name], title, summary, ["bar", "bar"],
            "Log-likelihood (G²) test of a 2×2 table per term and category, Bonferroni-corrected", lead.G2, lead.PAdjusted,
            lead.ShareIn - lead.ShareOut, total, (lead.ShareIn - lead.ShareOut) * (told is not null && told.Contains(lead.Term) ? PersonGroupWeight : 1)
                * (ColumnMeaning.IsFlag(category) || ColumnMeaning.IsStateField(category.Name) ? OutcomeGroupWeight : 1), detail);
    }

    private static Insight? Frequent(DataColumn column, TermIndex index)
    {
        var n = index.RowsWithText;
        var df = new int[index.Terms.Count];
        for (var r = 0; r < index.Rows; r++) foreach (var t in index.TermsOf(r)) df[t]++;
        var ids = Enumerable.Range(0, df.Length).Where(t => index.IsId[t] && df[t] >= MinCount && df[t] >= MinIdShare * n && df[t] < 0.95 * n)
            .OrderByDescending(t => df[t]).ThenBy(t => index.Terms[t], StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return null;
        var also = Enumerable.Range(0, df.Length).Where(t => index.IsId[t] && df[t] >= MinCount && df[t] < MinIdShare * n)
            .OrderByDescending(t => df[t]).ThenBy(t => index.Terms[t], StringComparer.Ordinal);
        var top = ids.Concat(also).Take(TopTerms)
            .Select(t => new TermCount(index.Terms[t], true, df[t], 0, df[t] / (double)n, 0, double.NaN, double.NaN, index.VariantsOf(t))).ToList();
        var lead = top[0];
        var leadId = index.Id(lead.Term);
        var leadRows = Enumerable.Range(0, index.Rows).Where(r => index.TermsOf(r).Contains(leadId)).ToArray();
        var detail = new TextTermsDetail(column.Name, null, null, n, 0, df.Count(x => x >= MinCount), 0, top, leadRows, [], []);
        var texts = TextNoun(column.Name);
        var title = $"'{lead.Term}' appears in {Fmt.Int(lead.InGroup)} of the {Fmt.Int(n)} {texts} ({Fmt.Pct(lead.ShareIn)})";
        var summary = $"One id, '{lead.Term}', is named in {Fmt.Pct(lead.ShareIn)} of the {texts}" +
            (top.Count > 1 ? $"; the next: {string.Join(", ", top.Skip(1).Select(x => $"'{x.Term}' ({Fmt.Int(x.InGroup)})"))}." : ".");
        return new Insight(StoryKinds.Of<TextTermsStory>(), [column.Name], title, summary, ["bar", "bar"],
            "Share of rows whose text names the id", null, null, lead.ShareIn, n, 0.8 * lead.ShareIn, detail)
        { Significance = 0.6 };
    }

    /// <summary>Drops a term that says what a stronger one already says: a phrase and its word over (nearly) the same rows.</summary>
    private static List<TermCount> Distinct(List<TermCount> ranked)
    {
        var kept = new List<TermCount>();
        foreach (var c in ranked)
        {
            var words = c.Term.Split(' ');
            var overlap = kept.Any(k =>
            {
                var kw = k.Term.Split(' ');
                var nested = words.All(kw.Contains) || kw.All(words.Contains);
                return nested && Math.Min(c.InGroup, k.InGroup) >= 0.8 * Math.Max(c.InGroup, k.InGroup);
            });
            if (!overlap) kept.Add(c);
        }
        return kept;
    }

    /// <summary>The log-likelihood ratio statistic G² of a 2×2 table.</summary>
    public static double G2(double a, double b, double c, double d)
    {
        var n = a + b + c + d;
        double r1 = a + b, r2 = c + d, c1 = a + c, c2 = b + d;
        return 2 * (Term(a, r1 * c1 / n) + Term(b, r1 * c2 / n) + Term(c, r2 * c1 / n) + Term(d, r2 * c2 / n));

        static double Term(double o, double e) => o > 0 && e > 0 ? o * Math.Log(o / e) : 0;
    }

    private static HashSet<string> LabelTokens(string label)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in TermIndex.Tokens(label).Where(t => t.Length >= 3))
        {
            set.Add(token.ToLowerInvariant());
            set.Add(TermIndex.Fold(token.ToLowerInvariant()));
        }
        return set;
    }

    /// <summary>The text column's rows as a plural noun: "description" → "descriptions".</summary>
    internal static string TextNoun(string column)
    {
        var h = Words.Human(column).ToLowerInvariant();
        if (Words.IsPlural(h) || h.EndsWith("text", StringComparison.Ordinal)) return h.EndsWith("text", StringComparison.Ordinal) ? h + "s" : h;
        if (h.EndsWith('y') && h.Length > 2 && !"aeiou".Contains(h[^2], StringComparison.Ordinal)) return h[..^1] + "ies";
        return h.EndsWith('s') ? h + "es" : h + "s";
    }

    private static string GroupTexts(string category, string label, string texts) =>
        FlagLabel().IsMatch(label.Trim()) ? $"{texts} where {Words.Human(category).ToLowerInvariant()} is {label.Trim().ToLowerInvariant()}"
        : double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? $"{texts} with {Words.Human(category)} {label}" : $"{label} {texts}";

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)^(true|false|yes|no|y|n)$")]
    private static partial System.Text.RegularExpressions.Regex FlagLabel();

    private static string Quote(string term) => $"'{Escape(term)}'";

    /// <summary>Text from the data, shown as data: one line, at most 120 characters, markdown characters escaped.</summary>
    private static string Excerpt(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return Escape(Fmt.Truncate(line, 120));
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var ch in s)
        {
            if (ch is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>A group label in the narrative, recorded as a fact when it holds a number ("2 - High").</summary>
    private static string GroupLabel(NarrativeBuilder nb, string category, string label, string texts, int code)
    {
        if (label.Any(char.IsDigit)) nb.N(code, $"a value of {category} (a group label)", [category], "all rows", _ => label);
        return GroupTexts(category, label, texts);
    }

    private static void WriteEnriched(StoryDraft s, TextTermsDetail d)
    {
        var nb = s.Text;
        var category = d.Category!;
        var cols = new[] { d.TextColumn, category };
        var texts = TextNoun(d.TextColumn);
        var lead = d.Top[0];
        var groupRows = $"rows with {category} = {d.Group} and a {d.TextColumn}";
        var otherRows = $"rows with another {category} value and a {d.TextColumn}";
        var groupTexts = GroupLabel(nb, category, d.Group!, texts, 0);
        var leadIn = nb.Int(lead.InGroup, $"{groupRows} whose text contains '{lead.Term}'", cols, groupRows);
        var groupSize = nb.Int(d.RowsInGroup, $"number of {groupRows}", cols, groupRows);
        var shareIn = nb.Pct(lead.ShareIn, $"share of {groupRows} whose text contains '{lead.Term}'", cols, groupRows);
        var shareOut = lead.Elsewhere == 0 ? "" : nb.Pct(lead.ShareOut, $"share of {otherRows} whose text contains '{lead.Term}'", cols, otherRows);
        var outCount = lead.Elsewhere == 0 ? "" : nb.Int(lead.Elsewhere, $"{otherRows} whose text contains '{lead.Term}'", cols, otherRows);
        var outSize = nb.Int(d.RowsElsewhere, $"number of {otherRows}", cols, otherRows);
        var what = lead.IsId ? $"the id {Quote(lead.Term)}" : lead.Term.Contains(' ', StringComparison.Ordinal) ? $"the phrase {Quote(lead.Term)}" : $"the word {Quote(lead.Term)}";
        var elsewhere = lead.Elsewhere == 0
            ? $"and in none of the {outSize} other {texts}"
            : $"against {shareOut} of the other {texts} ({outCount} of {outSize}): {nb.N(lead.Lift, $"ratio of the two shares for '{lead.Term}', in words", cols, "see above", EffectWords.Times)} as often";
        nb.Paragraph($"{Cap(what)} stands out in {groupTexts}: it appears in {leadIn} of the {groupSize} ({shareIn}), {elsewhere}.");

        if (d.NamedId is { } named)
        {
            nb.Paragraph($"One id named after it carries much of it: {Quote(named.Term)} alone is in {nb.Int(named.InGroup, $"{groupRows} whose text contains '{named.Term}'", cols, groupRows)} of the {groupSize} {groupTexts} " +
                $"({nb.Pct(named.ShareIn, $"share of {groupRows} whose text contains '{named.Term}'", cols, groupRows)}), " +
                (named.Elsewhere == 0 ? "and in none of the others." : $"against {nb.Int(named.Elsewhere, $"{otherRows} whose text contains '{named.Term}'", cols, otherRows)} of the others."));
        }

        var variants = d.Top.Where(t => t.Variants.Count > 0).ToList();
        nb.Paragraph($"The evidence: a log-likelihood test of the 2×2 table (in {Words.Human(category)} {Quote(d.Group!)} or not, containing {Quote(lead.Term)} or not) gives G² = {nb.N(lead.G2, $"G² statistic for '{lead.Term}' in {d.Group}", cols, "all rows with a category and a text")}, " +
            $"{nb.P(lead.PAdjusted, $"Bonferroni-corrected p-value for '{lead.Term}' in {d.Group}", cols, "all rows with a category and a text")} after a Bonferroni correction over the {nb.Int(d.Tested, "term × category pairs tested", cols, "all rows with a category and a text")} pairs of a term and a {Words.Human(category)} value tested " +
            $"({nb.Int(d.Vocabulary, $"terms, phrases and ids in at least {MinCount} rows", cols, "all rows with a category and a text")} terms, phrases and ids found in at least {nb.Int(MinCount, "least rows holding a tested term", cols, "all rows")} rows; stop words and numbers left out). " +
            $"A term is reported when at least {nb.Int(MinCount, "least rows holding a tested term", cols, "all rows")} rows of the group contain it and its share there is at least {nb.N(MinLift, "least ratio of the two shares", cols, "all rows")} times the share elsewhere." +
            (variants.Count > 0 ? $" Misspellings are counted with the word they miss: {string.Join("; ", variants.Select(v => $"{Quote(v.Term)} includes {string.Join(", ", v.Variants.Take(3).Select(Quote))}"))}." : ""));

        if (d.Top.Count > 1)
        {
            nb.Paragraph($"The terms most enriched in {groupTexts}:");
            foreach (var t in d.Top)
            {
                nb.Bullet($"{Quote(t.Term)}: {nb.Int(t.InGroup, $"{groupRows} whose text contains '{t.Term}'", cols, groupRows)} of {groupSize} ({nb.Pct(t.ShareIn, $"share of {groupRows} whose text contains '{t.Term}'", cols, groupRows)}), " +
                    (t.Elsewhere == 0 ? "none elsewhere" : $"against {nb.Pct(t.ShareOut, $"share of {otherRows} whose text contains '{t.Term}'", cols, otherRows)} elsewhere ({nb.Int(t.Elsewhere, $"{otherRows} whose text contains '{t.Term}'", cols, otherRows)})"));
            }
            nb.EndList();
        }

        if (d.Others.Count > 0)
        {
            var parts = d.Others.Select(o =>
            {
                var rowsO = $"rows with {category} = {o.Group} and a {d.TextColumn}";
                return $"{Quote(o.Term.Term)} is in {nb.Pct(o.Term.ShareIn, $"share of {rowsO} whose text contains '{o.Term.Term}'", cols, rowsO)} of {GroupLabel(nb, category, o.Group, texts, 0)} " +
                    $"({nb.Int(o.Term.InGroup, $"{rowsO} whose text contains '{o.Term.Term}'", cols, rowsO)} rows), " +
                    (o.Term.Elsewhere == 0 ? "none elsewhere" : $"against {nb.Pct(o.Term.ShareOut, $"share of rows outside {o.Group} whose text contains '{o.Term.Term}'", cols, "all rows with a category and a text")} elsewhere");
            });
            nb.Paragraph($"Other {Words.Human(category)} values have their own words: {string.Join("; ", parts)}.");
        }

        Examples(s, d, $"Examples of {groupTexts} that mention {Quote(lead.Term)}:");

        var labels = d.Top.SelectMany(t => new[] { $"'{t.Term}' · {Fmt.Truncate(d.Group!, 20)}", $"'{t.Term}' · others" }).ToList();
        var shares = d.Top.SelectMany(t => new[] { 100 * t.ShareIn, 100 * t.ShareOut }).ToList();
        s.Charts.Add(ChartFactory.Bars($"Share of {texts} containing each term: {Fmt.Truncate(d.Group!, 30)} against the other {Words.Human(category)} values", "term and group",
            $"% of {texts}", labels, shares, highlightWhere: labels.Select((_, i) => i % 2 == 0).ToList()));
        s.Charts.Add(ChartFactory.Bars($"{Cap(GroupTexts(category, d.Group!, texts))} containing each term", "term", $"{texts} in {Fmt.Truncate(d.Group!, 30)}",
            d.Top.Select(t => $"'{t.Term}'").ToList(), d.Top.Select(t => (double)t.InGroup).ToList(), highlight: 1));
        var byGroup = d.ByGroup.OrderByDescending(g => g.WithTerm / (double)g.Rows).ThenBy(g => g.Group, StringComparer.Ordinal).ToList();
        s.Charts.Add(ChartFactory.Bars($"Share of {texts} containing '{lead.Term}', by {Words.Human(category)}", Words.Human(category), $"% of {texts}",
            byGroup.Select(g => g.Group).ToList(), byGroup.Select(g => 100.0 * g.WithTerm / g.Rows).ToList(), highlightWhere: byGroup.Select(g => g.Group == d.Group).ToList()));
        s.Subset(d.LeadRows, $"the rows with {category} = {d.Group} whose {d.TextColumn} contains '{lead.Term}'");
    }

    private static void WriteFrequent(StoryDraft s, TextTermsDetail d)
    {
        var nb = s.Text;
        var cols = new[] { d.TextColumn };
        var texts = TextNoun(d.TextColumn);
        var rows = $"rows with a {d.TextColumn}";
        var lead = d.Top[0];
        nb.Paragraph($"One id keeps coming back: {Quote(lead.Term)} is named in {nb.Int(lead.InGroup, $"{rows} whose text contains '{lead.Term}'", cols, rows)} of the {nb.Int(d.RowsInGroup, $"number of {rows}", cols, rows)} {texts} ({nb.Pct(lead.ShareIn, $"share of {rows} whose text contains '{lead.Term}'", cols, rows)}).");
        nb.Paragraph($"How it was counted: the {texts} were split into words (lower case, letters and digits), and an id is a word that mixes letters and digits or an acronym in capitals; each is counted once per row. " +
            $"Of the {nb.Int(d.Vocabulary, $"terms, phrases and ids in at least {MinCount} rows", cols, rows)} terms, phrases and ids found in at least {nb.Int(MinCount, "least rows holding a counted term", cols, "all rows")} rows, an id in at least {nb.Pct(MinIdShare, "least share of rows naming one id", cols, rows)} of all {texts} is reported. There is no test: this is a count, not a comparison.");
        if (d.Top.Count > 1)
        {
            nb.Paragraph("The ids named most often:");
            foreach (var t in d.Top) nb.Bullet($"{Quote(t.Term)}: {nb.Int(t.InGroup, $"{rows} whose text contains '{t.Term}'", cols, rows)} {texts} ({nb.Pct(t.ShareIn, $"share of {rows} whose text contains '{t.Term}'", cols, rows)})");
            nb.EndList();
        }
        Examples(s, d, $"Examples of {texts} that name {Quote(lead.Term)}:");
        s.Charts.Add(ChartFactory.Bars($"{Cap(texts)} naming each id", "id", texts, d.Top.Select(t => t.Term).ToList(), d.Top.Select(t => (double)t.InGroup).ToList(), highlight: 1));
        // Where in the file the mentions are: a burst in one stretch of rows, or throughout.
        var text = s.Table.Find(d.TextColumn);
        var tenths = new List<string>();
        var share = new List<double>();
        var lead2 = new HashSet<int>(d.LeadRows);
        for (var i = 0; i < 10; i++)
        {
            int from = i * s.Table.RowCount / 10, to = (i + 1) * s.Table.RowCount / 10;
            var withText = Enumerable.Range(from, to - from).Count(r => text is not null && !text.IsMissing(r));
            tenths.Add($"{i + 1}");
            share.Add(withText == 0 ? 0 : 100.0 * Enumerable.Range(from, to - from).Count(lead2.Contains) / withText);
        }
        s.Charts.Add(ChartFactory.Bars($"Share of {texts} naming '{lead.Term}' in each tenth of the file (rows in file order)", "tenth of the file", $"% of {texts}", tenths, share));
        s.Subset(d.LeadRows, $"the rows whose {d.TextColumn} names '{lead.Term}'");
    }

    private static void Examples(StoryDraft s, TextTermsDetail d, string intro)
    {
        var nb = s.Text;
        var column = s.Table.Find(d.TextColumn);
        if (column is null || d.LeadRows.Count == 0) return;
        var picks = new[] { 0, d.LeadRows.Count / 2, d.LeadRows.Count - 1 }.Distinct().Select(i => d.LeadRows[i]).ToList();
        var shown = new List<(int Row, string Text)>();
        foreach (var r in picks)
        {
            var value = column switch
            {
                TextColumn t => t.Values[r],
                CategoryColumn k when k.Codes[r] >= 0 => k.Labels[k.Codes[r]],
                _ => null,
            };
            if (value is null) continue;
            var excerpt = Excerpt(value);
            if (shown.All(x => x.Text != excerpt)) shown.Add((r, excerpt));
        }
        if (shown.Count == 0) return;
        nb.Paragraph(intro);
        foreach (var (row, excerpt) in shown)
        {
            var fileRow = s.Table.SourceRows[row] + 1;
            var quoted = nb.N(fileRow, $"{d.TextColumn} of data row {fileRow.ToString(CultureInfo.InvariantCulture)} of the file, quoted", [d.TextColumn], "one row", _ => $"“{excerpt}”");
            nb.Bullet($"{quoted} (data row {nb.Int(fileRow, $"data row of the quoted {d.TextColumn}", [d.TextColumn], "one row")})");
        }
        nb.EndList();
    }
}

/// <summary>
/// The terms of a text column, counted once per row: words (lower case, simple plurals folded, near-misspellings of a
/// frequent word counted as it), two-word phrases of adjacent words, and ids (a word mixing letters and digits, or an
/// acronym in capitals). Stop words, one-letter words and bare numbers are left out.
/// </summary>
internal sealed partial class TermIndex
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing",
        "down", "during", "each", "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her",
        "here", "hers", "him", "his", "how", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most", "my", "no",
        "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "please",
        "same", "she", "should", "so", "some", "still", "such", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "via", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yours", "re", "fw", "fwd", "hi", "hello", "regards", "dear", "ll", "ve", "don", "doesn", "isn",
        "wasn", "won", "didn", "cant", "dont", "im", "ive", "etc", "per",
    };

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byDisplay = new(StringComparer.Ordinal);
    private readonly List<string[]> _words = [];
    private readonly Dictionary<int, List<string>> _variants = [];
    private readonly Dictionary<int, (int First, int Second)> _parts = [];
    private int[] _start = [];
    private int[] _terms = [];
    private bool[] _hasText = [];

    /// <summary>Each term's display form (a word in lower case, an id as first written, a phrase as two words).</summary>
    public List<string> Terms { get; } = [];

    public List<bool> IsId { get; } = [];

    public int Rows => _hasText.Length;

    public int RowsWithText { get; private set; }

    public bool HasText(int row) => _hasText[row];

    public ReadOnlySpan<int> TermsOf(int row) => _terms.AsSpan(_start[row], _start[row + 1] - _start[row]);

    public int Id(string term) => _byDisplay[term];

    /// <summary>A term's words (one for a word or id, two for a phrase), lower case.</summary>
    public IReadOnlyList<string> Words(int term) => _words[term];

    public IReadOnlyList<string> VariantsOf(int term) => _variants.TryGetValue(term, out var v) ? v : [];

    public static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>
    /// The text with each web address read as the word "link" (its pieces, "https", "t", "co", are not words; that a
    /// text carries a link is) and HTML entities ("&amp;") left out.
    /// </summary>
    private static string Words0(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal) && !text.Contains("www.", StringComparison.OrdinalIgnoreCase) && !text.Contains('&', StringComparison.Ordinal)) return text;
        return Entity().Replace(Link().Replace(text, " link "), " ");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b(?:https?://|www\.)\S+")]
    private static partial System.Text.RegularExpressions.Regex Link();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)&[a-z]+;|&#\d+;")]
    private static partial System.Text.RegularExpressions.Regex Entity();

    /// <summary>The word an id is named after, lower case ("Printer546" → "printer"), or null when it is not a word followed by digits ("INC0001234", "v2").</summary>
    public static string? ThingOf(string token)
    {
        var digits = 0;
        while (digits < token.Length && char.IsDigit(token[^(digits + 1)])) digits++;
        var letters = token[..^digits];
        if (digits == 0 || letters.Length < 3 || !letters.All(char.IsLetter) || !letters.Skip(1).All(char.IsLower)) return null;
        return letters.ToLowerInvariant();
    }

    /// <summary>Simple plural folding of a lower-case word: "printers" → "printer", "batteries" → "battery"; "status", "access" stay.</summary>
    public static string Fold(string w)
    {
        if (w.Length <= 3 || w.Any(char.IsDigit)) return w;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) return w[..^3] + "y";
        if (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)) return w[..^2];
        if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)) return w[..^1];
        return w;
    }

    /// <summary>Distinct texts whose terms are remembered while indexing (memory stays bounded on unique texts).</summary>
    private const int MaxKnownTexts = 100_000;

    public static TermIndex Build(IReadOnlyList<string?> values)
    {
        var index = new TermIndex();
        var n = values.Count;
        index._hasText = new bool[n];
        var raw = new List<int>[n];
        var phrases = new Dictionary<(int, int), int>();
        var lastSeen = new List<int>();
        var df = new List<int>();
        // Exports repeat their texts ("Password reset"): a text seen before has the same terms, so it is tokenised once.
        var known = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var r = 0; r < n; r++)
        {
            var row = raw[r] = [];
            var text = values[r];
            if (string.IsNullOrWhiteSpace(text)) continue;
            index._hasText[r] = true;
            index.RowsWithText++;
            if (known.TryGetValue(text, out var same))
            {
                row.AddRange(same);
                foreach (var t in row) df[t]++;
                continue;
            }
            var letters = text.Count(char.IsLetter);
            var shouting = letters > 0 && text.Count(char.IsUpper) > 0.6 * letters;
            var previous = -1;
            foreach (var token in Tokens(Words0(text)))
            {
                var hasDigit = token.Any(char.IsDigit);
                var hasLetter = token.Any(char.IsLetter);
                var lower = token.ToLowerInvariant();
                if (!hasLetter || token.Length < 2 || token.Length > 40 || (!hasDigit && StopWords.Contains(lower)))
                {
                    previous = -1;
                    continue;
                }
                var acronym = !hasDigit && !shouting && token.Length <= 6 && token.All(char.IsUpper);
                var isId = hasDigit || acronym;
                var key = lower;
                var id = index.Add(key, isId ? token : key, isId, [key], lastSeen, df);
                if (Seen(id, r, lastSeen)) row.Add(id);
                // An id named after a thing ("Printer546") also says the thing: the word counts too.
                if (hasDigit && ThingOf(token) is { } thing && !StopWords.Contains(thing))
                {
                    var word = index.Add(thing, thing, false, [thing], lastSeen, df);
                    if (Seen(word, r, lastSeen)) row.Add(word);
                }
                if (previous >= 0 && !isId)
                {
                    if (!phrases.TryGetValue((previous, id), out var phrase))
                    {
                        var pk = index.Terms[previous] + " " + index.Terms[id];
                        phrase = index.Add(pk, pk, false, [index._words[previous][0], index._words[id][0]], lastSeen, df);
                        phrases[(previous, id)] = phrase;
                        index._parts[phrase] = (previous, id);
                    }
                    if (Seen(phrase, r, lastSeen)) row.Add(phrase);
                }
                previous = isId ? -1 : id;
            }
            foreach (var t in row) df[t]++;
            if (known.Count < MaxKnownTexts) known[text] = row;
        }
        var canonical = index.MergeMisspellings(df);
        // The rows' terms, misspellings counted as their word, once per row.
        var start = new int[n + 1];
        var flat = new List<int>(raw.Sum(x => x.Count));
        var mark = new int[index.Terms.Count];
        Array.Fill(mark, -1);
        for (var r = 0; r < n; r++)
        {
            start[r] = flat.Count;
            foreach (var t in raw[r])
            {
                var c = canonical[t];
                if (mark[c] != r) { mark[c] = r; flat.Add(c); }
            }
        }
        start[n] = flat.Count;
        index._start = start;
        index._terms = [.. flat];
        return index;

        static bool Seen(int id, int row, List<int> lastSeen)
        {
            if (lastSeen[id] == row) return false;
            lastSeen[id] = row;
            return true;
        }
    }

    private int Add(string key, string display, bool isId, string[] words, List<int> lastSeen, List<int> df)
    {
        if (_ids.TryGetValue(key, out var id)) return id;
        id = Terms.Count;
        _ids[key] = id;
        _byDisplay.TryAdd(display, id);
        Terms.Add(display);
        IsId.Add(isId);
        _words.Add(words);
        lastSeen.Add(-1);
        df.Add(0);
        return id;
    }

    /// <summary>
    /// Maps a plural to its singular when the singular is written too ("printers" → "printer", but "Dulles" stays), and
    /// a rare word to a frequent word it misspells (one letter missing or extra, or one changed in a word of six
    /// letters or more; same first letter, at most a fifth as common); a phrase follows its words. Ids are never merged.
    /// </summary>
    private int[] MergeMisspellings(List<int> df)
    {
        var count = Terms.Count;
        var canonical = Enumerable.Range(0, count).ToArray();
        bool IsWord(int t) => !IsId[t] && _words[t].Length == 1;
        for (var t = 0; t < count; t++)
        {
            if (!IsWord(t)) continue;
            var singular = Fold(Terms[t]);
            if (singular != Terms[t] && _ids.TryGetValue(singular, out var st) && IsWord(st)) canonical[t] = st;
        }
        var rows = new int[count];
        for (var t = 0; t < count; t++) rows[canonical[t]] += df[t];
        var frequent = Enumerable.Range(0, count).Where(t => IsWord(t) && canonical[t] == t && rows[t] >= TextTermsStory.MinCount && Terms[t].Length >= 5).ToList();
        var typo = new int[count];
        Array.Fill(typo, -1);
        if (frequent.Count > 0)
        {
            var exact = frequent.ToDictionary(t => Terms[t], t => t, StringComparer.Ordinal);
            var deletions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var f in frequent.OrderByDescending(f => rows[f]).ThenBy(f => Terms[f], StringComparer.Ordinal))
            {
                foreach (var d in Deletions(Terms[f])) deletions.TryAdd(d, f);
            }
            for (var t = 0; t < count; t++)
            {
                if (!IsWord(t) || canonical[t] != t || Terms[t].Length < 4) continue;
                var w = Terms[t];
                var target = -1;
                if (deletions.TryGetValue(w, out var f1)) target = f1;
                else
                {
                    foreach (var d in Deletions(w))
                    {
                        if (exact.TryGetValue(d, out var f2)) { target = f2; break; }
                        if (w.Length >= 6 && deletions.TryGetValue(d, out var f3) && f3 != t && Terms[f3].Length == w.Length) { target = f3; break; }
                    }
                }
                if (target < 0 || target == t || Terms[target][0] != w[0] || rows[t] * 5 > rows[target]) continue;
                typo[t] = target;
            }
        }
        // Each word to the end of its chain (a plural of a misspelling, a misspelling of a misspelling).
        int Root(int t)
        {
            for (var steps = 0; steps < 8; steps++)
            {
                var next = typo[t] >= 0 ? typo[t] : canonical[t];
                if (next == t) break;
                t = next;
            }
            return t;
        }
        var root = Enumerable.Range(0, count).Select(t => IsWord(t) ? Root(t) : t).ToArray();
        for (var t = 0; t < count; t++)
        {
            if (typo[t] >= 0 && root[t] != t)
            {
                if (!_variants.TryGetValue(root[t], out var list)) _variants[root[t]] = list = [];
                list.Add(Terms[t]);
            }
        }
        foreach (var list in _variants.Values) list.Sort(StringComparer.Ordinal);
        // A phrase counts as the phrase of its words' roots when that phrase is written too.
        foreach (var (phrase, (a, b)) in _parts)
        {
            var key = Terms[root[a]] + " " + Terms[root[b]];
            if (_ids.TryGetValue(key, out var target) && target != phrase && _parts.ContainsKey(target)) root[phrase] = target;
        }
        return root;
    }

    private static IEnumerable<string> Deletions(string w)
    {
        for (var i = 0; i < w.Length; i++) yield return string.Concat(w.AsSpan(0, i), w.AsSpan(i + 1));
    }
}
