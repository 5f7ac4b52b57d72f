using System.Text;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Output;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Builds the markdown narrative; its text is escaped (<see cref="MarkdownText"/>), so values from the data cannot become markup. Every number goes in through <see cref="N"/> (or <see cref="T"/> for time points),
/// which formats the computed value and records it as a fact with its computation, columns and rows.
/// </summary>
public sealed class NarrativeBuilder
{
    private readonly List<NarrativeFact> _facts = [];
    private readonly HashSet<(string, string)> _seen = [];

    public IReadOnlyList<NarrativeFact> Facts => _facts;

    public string N(double value, string computation, IReadOnlyList<string> columns, string rows, Func<double, string>? format = null)
    {
        var text = (format ?? Fmt.Num)(value);
        if (_seen.Add((text, computation))) _facts.Add(new NarrativeFact(text, value, computation, columns, rows));
        return text;
    }

    public string Int(double value, string computation, IReadOnlyList<string> columns, string rows) => N(value, computation, columns, rows, Fmt.Int);

    public string Pct(double share, string computation, IReadOnlyList<string> columns, string rows) => N(share, computation, columns, rows, Fmt.Pct);

    public string Coef(double value, string computation, IReadOnlyList<string> columns, string rows) => N(value, computation, columns, rows, Fmt.Coef);

    public string P(double? p, string computation, IReadOnlyList<string> columns, string rows) =>
        p is null || double.IsNaN(p.Value) ? "p not available" : p < 0.001 ? "p < " + N(0.001, computation + " (upper bound of the p-value)", columns, rows, _ => "0.001") : "p = " + N(p.Value, computation, columns, rows, v => v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A time point (a year or a date) stated in the text; its value is the year or the day number.</summary>
    public string T(TimeSeries s, int index, string computation) =>
        N(s.T[index], computation, [s.TimeColumn], "time points of the aggregated series", _ => s.Describe(index));

    // Every text below is plain text that carries values from the data (categories, column names, labels), so it is
    // written through MarkdownText.Escape: whatever a value holds (a link, an image, HTML, a heading marker) stays
    // literal text in any Markdown viewer. The builder adds the only markup: headings, paragraphs and bullets.
    //
    // The order of a narrative is the builder's, whatever order a writer calls it in: the heading; the lead (the news in
    // plain words: who, what, when, how much); the supporting facts (the story's own, then facts from the story's own rows that
    // bear on it); one evidence paragraph ("How we know": the method
    // and its numbers); one caveat section with only what applies to this story.

    /// <summary>The section heading of the evidence paragraph.</summary>
    public const string EvidenceHeading = "How we know";

    /// <summary>The section heading of the caveats.</summary>
    public const string CaveatsHeading = "Caveats";

    /// <summary>The section heading of the supporting facts computed from the story's own rows (<see cref="Supporting"/>).</summary>
    public const string SupportingHeading = "What goes with it";

    /// <summary>What a writer's paragraph may start with to be evidence rather than story (the older writers' convention).</summary>
    private static readonly string[] EvidencePrefixes = ["The evidence: ", "How it was counted: "];

    private string? _heading;
    private string? _lead;
    /// <summary>The body's blocks as written (plain text) with their markup: escaped and worded in <see cref="Build"/>, in reading order.</summary>
    private readonly List<(string Prefix, string Text, string Suffix)> _body = [];

    /// <summary>
    /// What a row of the table is ("incidents", "expense claims"): when set, the narrative says it where a writer wrote
    /// "rows" (issue 21, item 8). Null or <see cref="TableNoun.Default"/> leaves "rows".
    /// </summary>
    public string? Noun { get; set; }
    private readonly List<string> _supporting = [];
    private readonly List<string> _evidence = [];
    private readonly List<string> _caveats = [];

    public void Heading(string text) => _heading = text.Trim();

    /// <summary>The lead: the news in plain words, with names, units and sizes; no test, statistic or p-value.</summary>
    public void Lead(string text)
    {
        if (_lead is not null) throw new InvalidOperationException("A narrative has one lead.");
        _lead = text.Trim();
    }

    public void Subheading(string text) => _body.Add(("## ", text.Trim(), "\n\n"));

    /// <summary>
    /// A paragraph of the story: the first one is the lead (unless <see cref="Lead"/> was called), later ones support it.
    /// A paragraph that starts "The evidence: " goes into the evidence paragraph instead.
    /// </summary>
    public void Paragraph(string text)
    {
        var trimmed = text.Trim();
        foreach (var prefix in EvidencePrefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
            {
                Evidence(Words.Cap(trimmed[prefix.Length..]));
                return;
            }
        }
        if (_lead is null && _body.Count == 0)
        {
            _lead = trimmed;
            return;
        }
        _body.Add(("", trimmed, "\n\n"));
    }

    /// <summary>The lead as written (plain text, not yet escaped), or null before there is one.</summary>
    public string? LeadText => _lead;

    /// <summary>
    /// A supporting fact: another finding of the same table that bears on the story, told in one plain sentence after the
    /// story's own paragraphs and before the evidence, with the facts that sentence states (recorded here like every other
    /// number).
    /// </summary>
    public void Supporting(string text, IEnumerable<NarrativeFact> facts)
    {
        var t = text.Trim();
        if (t.Length == 0 || _supporting.Contains(t, StringComparer.Ordinal)) return;
        _supporting.Add(t);
        // The same figure and computation over other columns (the rows of a group, counted for another outcome) is
        // another fact: it is recorded with its own columns.
        foreach (var f in facts)
        {
            _seen.Add((f.Text, f.Computation));
            if (!_facts.Any(x => x.Text == f.Text && x.Computation == f.Computation && x.Columns.SequenceEqual(f.Columns, StringComparer.Ordinal))) _facts.Add(f);
        }
    }

    /// <summary>Method and numbers (the test, its statistic and p-value, how a figure was computed): all of a story's go into one paragraph after the story.</summary>
    public void Evidence(string text) => _evidence.Add(text.Trim());

    /// <summary>A caveat that applies to this story; each is said once.</summary>
    public void Caveat(string text)
    {
        var t = text.Trim();
        if (t.Length > 0 && !_caveats.Contains(t, StringComparer.Ordinal)) _caveats.Add(t);
    }

    public void Bullet(string text) => _body.Add(("- ", text.Trim(), "\n"));

    public void EndList() => _body.Add(("", "", "\n"));

    public string Build()
    {
        var text = new StringBuilder();
        var say = new NarrativeWording(Noun);
        string Said(string plain) => MarkdownText.Escape(say.Say(plain));
        if (_heading is not null) text.Append("# ").Append(Said(_heading)).Append("\n\n");
        if (_lead is not null) text.Append(Said(_lead)).Append("\n\n");
        foreach (var (prefix, body, suffix) in _body) text.Append(prefix).Append(Said(body)).Append(suffix);
        if (_supporting.Count > 0)
        {
            text.Append("## ").Append(SupportingHeading).Append("\n\n");
            foreach (var p in _supporting) text.Append(Said(p)).Append("\n\n");
        }
        if (_evidence.Count > 0)
        {
            text.Append("## ").Append(EvidenceHeading).Append("\n\n").Append(Said(string.Join(" ", _evidence))).Append("\n\n");
        }
        if (_caveats.Count > 0)
        {
            text.Append("## ").Append(CaveatsHeading).Append("\n\n");
            foreach (var c in _caveats) text.Append("- ").Append(Said(c)).Append('\n');
        }
        return text.ToString().TrimEnd() + "\n";
    }
}
