using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>Wording the story kinds' writers share: names as a reader reads them, which rows a figure covers.</summary>
public static partial class StoryText
{
    public static string Cap(string s) => Words.Cap(s);

    /// <summary>A column's name as words, with its unit in brackets when the name ends in one ("resolution time (hours)").</summary>
    public static string H(string column) => ColumnWords.Human(column);

    public static string AllRows(AnalysisTable t) => t.Sampling.Sampled ? $"the evenly spaced sample of {t.RowCount:N0} rows" : "all rows";

    /// <summary>
    /// The series' subject as the narrative states it: the number of groups an aggregate spans, or a numeric group
    /// label ("age 40"), goes in as a fact like every other number.
    /// </summary>
    public static string Subject(NarrativeBuilder nb, TimeSeries s)
    {
        var text = s.Subject;
        var cols = SeriesColumns(s);
        if (s.Across is not null && Regex.Match(s.Across, @"^\d+") is { Success: true } count)
        {
            var stated = nb.Int(double.Parse(count.Value, System.Globalization.CultureInfo.InvariantCulture), "number of groups the series adds up or averages", cols, "all rows");
            return text.Replace(s.Across, stated + s.Across[count.Length..], StringComparison.Ordinal);
        }
        if (s.SubsetValue is not null && double.TryParse(s.SubsetValue, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            nb.N(code, $"the {s.SubsetColumn} value of the rows in the series (a group label)", cols, "all rows", _ => s.SubsetValue);
        }
        return text;
    }

    /// <summary>A group label in the narrative; a numeric label (a code such as an age band) is recorded as a fact.</summary>
    public static string Label(NarrativeBuilder nb, string column, string label)
    {
        if (double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            nb.N(v, $"a value of {column} (a group label)", [column], "all rows", _ => label);
        }
        else
        {
            // A label that carries numbers ("age up to 57", "1970-74") states them: each is recorded as read from the label.
            foreach (Match m in LabelNumber().Matches(label))
            {
                if (double.TryParse(m.Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    nb.N(n, $"a number in the {column} group label '{label}'", [column], "all rows", _ => m.Value);
                }
            }
        }
        return Words.Label(column, label);
    }

    public static string SeriesRows(TimeSeries s) =>
        s.SubsetValue is not null ? $"rows where {s.SubsetColumn} = {s.SubsetValue}, aggregated per time point"
        : s.Across is not null ? $"all rows, {(s.Aggregation == "sum" ? "added up" : "averaged")} per time point across {s.Across}"
        : "all rows, aggregated per time point";

    public static List<string> SeriesColumns(TimeSeries s)
    {
        var cols = new List<string> { s.TimeColumn, s.Measure };
        if (s.SubsetColumn is not null) cols.Add(s.SubsetColumn);
        return cols;
    }

    [GeneratedRegex(@"\d+(?:,\d{3})*(?:\.\d+)?")]
    private static partial Regex LabelNumber();
}
