using System.Text.RegularExpressions;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Analyst;

/// <summary>
/// Steering that changes a column's role: "treat dose as a group", "treat year as a measure", "treat t as time",
/// "treat code as an id". Only changes the data allows are made (a text column cannot become a measure).
/// </summary>
public static partial class RoleOverrides
{
    [GeneratedRegex(@"treat\s+(?:the\s+)?(?:column\s+)?[""'“]?(?<column>[^""'”]+?)[""'”]?\s+(?:column\s+)?as\s+(?:an?\s+|the\s+)?(?<role>groups?|categor(?:y|ies)|factors?|codes?|measures?|numbers?|quantit(?:y|ies)|values?|time(?:\s+axis)?|dates?|years?|ids?|identifiers?|keys?|labels?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TreatAs();

    /// <summary>The overrides the steering asks for that apply to the profile's columns (column name → role).</summary>
    public static IReadOnlyDictionary<string, ColumnRole> Parse(string? steering, DatasetProfile profile)
    {
        var result = new Dictionary<string, ColumnRole>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(steering)) return result;
        foreach (Match m in TreatAs().Matches(steering))
        {
            var wanted = m.Groups["column"].Value.Trim();
            var column = profile.Columns.FirstOrDefault(c => string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? profile.Columns.FirstOrDefault(c => string.Equals(Stories.Words.Human(c.Name), wanted, StringComparison.OrdinalIgnoreCase));
            if (column is null) continue;
            var role = m.Groups["role"].Value.ToLowerInvariant() switch
            {
                var r when r.StartsWith("group", StringComparison.Ordinal) || r.StartsWith("categor", StringComparison.Ordinal) || r.StartsWith("factor", StringComparison.Ordinal) || r.StartsWith("code", StringComparison.Ordinal) => ColumnRole.Category,
                var r when r.StartsWith("time", StringComparison.Ordinal) || r.StartsWith("date", StringComparison.Ordinal) || r.StartsWith("year", StringComparison.Ordinal) => ColumnRole.Time,
                var r when r.StartsWith("id", StringComparison.Ordinal) || r.StartsWith("identifier", StringComparison.Ordinal) || r.StartsWith("key", StringComparison.Ordinal) || r.StartsWith("label", StringComparison.Ordinal) => ColumnRole.Identifier,
                _ => ColumnRole.Measure,
            };
            if (Allowed(column, role)) result[column.Name] = role;
        }
        return result;
    }

    /// <summary>Parses roles as stored in a story's evidence (column → role name).</summary>
    public static IReadOnlyDictionary<string, ColumnRole> FromEvidence(IReadOnlyDictionary<string, string>? roles) =>
        roles is null ? new Dictionary<string, ColumnRole>()
            : roles.Select(kv => (kv.Key, Role: Enum.TryParse<ColumnRole>(kv.Value, ignoreCase: true, out var r) ? r : (ColumnRole?)null))
                .Where(x => x.Role is not null).ToDictionary(x => x.Key, x => x.Role!.Value, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string>? ToEvidence(IReadOnlyDictionary<string, ColumnRole> roles) =>
        roles.Count == 0 ? null : roles.ToDictionary(kv => kv.Key, kv => kv.Value.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>The profile (read by <see cref="ProfileReader"/>, so every column has a role) with the overrides applied.</summary>
    public static DatasetProfile Apply(DatasetProfile profile, IReadOnlyDictionary<string, ColumnRole> overrides)
    {
        if (overrides.Count == 0) return profile;
        return profile with
        {
            Columns = profile.Columns.Select(c => overrides.TryGetValue(c.Name, out var role) && role != c.Role
                ? c with
                {
                    Role = role,
                    RoleReason = "set by the steering",
                    TimeFormat = role != ColumnRole.Time ? null : c.Type == ColumnType.DateTime ? TimeFormat.Date : YearLike(c) ? TimeFormat.Year : TimeFormat.Index,
                }
                : c).ToArray(),
        };
    }

    private static bool Allowed(ColumnProfile c, ColumnRole role)
    {
        var numeric = c.Type is ColumnType.Integer or ColumnType.Decimal;
        return role switch
        {
            ColumnRole.Measure => numeric,
            ColumnRole.Time => numeric || c.Type == ColumnType.DateTime,
            ColumnRole.Category => c.Type != ColumnType.Text,
            _ => true,
        };
    }

    private static bool YearLike(ColumnProfile c) =>
        c.Type == ColumnType.Integer && double.TryParse(c.Min, System.Globalization.CultureInfo.InvariantCulture, out var min)
        && double.TryParse(c.Max, System.Globalization.CultureInfo.InvariantCulture, out var max) && min >= 1000 && max <= 2500;
}
