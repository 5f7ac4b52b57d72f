using System.Text;
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
    private readonly StringBuilder _text = new();
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

    public void Heading(string text) => _text.Append("# ").Append(MarkdownText.Escape(text.Trim())).Append("\n\n");

    public void Subheading(string text) => _text.Append("## ").Append(MarkdownText.Escape(text.Trim())).Append("\n\n");

    public void Paragraph(string text) => _text.Append(MarkdownText.Escape(text.Trim())).Append("\n\n");

    public void Bullet(string text) => _text.Append("- ").Append(MarkdownText.Escape(text.Trim())).Append('\n');

    public void EndList() => _text.Append('\n');

    public string Build() => _text.ToString().TrimEnd() + "\n";
}
