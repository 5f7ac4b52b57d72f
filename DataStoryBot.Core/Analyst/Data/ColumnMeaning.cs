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

    [GeneratedRegex(@"(?i)(descr|comment|summary|subject|note|message|text|body|title|remark|details?$)")]
    private static partial Regex TextName();

    [GeneratedRegex(@"(?i)(state|status|stage|phase|priority|severity|urgency|impact|flag|active|made_sla|^is_|^has_)")]
    private static partial Regex WorkflowName();

    [GeneratedRegex(@"(?i)(state|status|stage|phase|step|outcome|result|resolution)")]
    private static partial Regex StateName();

    [GeneratedRegex(@"(?i)^(true|false|yes|no|y|n|0|1|t|f)$")]
    private static partial Regex FlagLabel();
}
