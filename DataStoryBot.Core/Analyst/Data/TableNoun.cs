using System.Text.RegularExpressions;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// What a row is called (issue 21, item 8): "incidents" rather than "rows", read from the row's own id — its prefix
/// (INC0000123, CHG…, PO-…) or its column's name (claim_id, order_number). "rows" when nothing says.
/// </summary>
public static partial class TableNoun
{
    public const string Default = "rows";

    private static readonly (string Prefix, string Noun)[] Prefixes =
    [
        ("SCTASK", "tasks"), ("RITM", "requested items"), ("INC", "incidents"), ("CHG", "changes"), ("PRB", "problems"),
        ("REQ", "requests"), ("TASK", "tasks"), ("TKT", "tickets"), ("CASE", "cases"), ("CS", "cases"), ("PO", "purchase orders"),
        ("PR", "purchase requests"), ("INV", "invoices"), ("EXP", "expense claims"), ("CLM", "claims"), ("ORD", "orders"),
        ("SO", "orders"), ("SHP", "shipments"), ("WO", "work orders"), ("AST", "assets"), ("CHAT", "chats"), ("GOAL", "goals"),
        ("LR", "leave requests"), ("LV", "leave requests"), ("APP", "applications"), ("TRX", "transactions"), ("TXN", "transactions"),
    ];

    private static readonly (string Stem, string Noun)[] Names =
    [
        ("incident", "incidents"), ("ticket", "tickets"), ("claim", "claims"), ("order", "orders"), ("invoice", "invoices"),
        ("request", "requests"), ("case", "cases"), ("shipment", "shipments"), ("asset", "assets"), ("change", "changes"),
        ("problem", "problems"), ("task", "tasks"), ("goal", "goals"), ("chat", "chats"), ("application", "applications"),
        ("booking", "bookings"), ("reservation", "reservations"), ("transaction", "transactions"), ("payment", "payments"),
        ("call", "calls"), ("loan", "loans"), ("flight", "flights"), ("trip", "trips"), ("visit", "visits"), ("work_order", "work orders"),
        ("tweet", "tweets"), ("post", "posts"), ("message", "messages"), ("email", "emails"), ("patient", "patients"), ("employee", "employees"),
        ("customer", "customers"), ("account", "accounts"), ("policy", "policies"), ("vehicle", "vehicles"), ("device", "devices"),
    ];

    /// <summary>The noun for the table's rows: from a column whose values are (nearly) all distinct ids.</summary>
    public static string Of(AnalysisTable table)
    {
        foreach (var column in table.Columns)
        {
            var values = column switch
            {
                TextColumn t when t.DistinctSeen >= 0.95 * table.RowCount => t.Values.Where(v => v is not null).Take(50).Select(v => v!).ToList(),
                CategoryColumn c when c.Labels.Length >= 0.95 * table.RowCount => c.Labels.Take(50).ToList(),
                // A numeric id (tweet_id 612063082186174464): only its name can say what a row is.
                NumericColumn { IsInteger: true, TimeKind: null, Duration: null } n when IdName().IsMatch(n.Name.ToLowerInvariant()) && n.Values.Distinct().Count() >= 0.95 * table.RowCount => [],
                _ => null,
            };
            if (values is null) continue;
            if (values.Count > 0 && FromPrefix(values) is { } byPrefix) return byPrefix;
            var lower = column.Name.ToLowerInvariant();
            if (IdName().IsMatch(lower) && Names.FirstOrDefault(n => lower.Contains(n.Stem, StringComparison.Ordinal)).Noun is { } byName) return byName;
        }
        return Default;
    }

    private static string? FromPrefix(List<string> values)
    {
        var prefixes = values.Select(v => IdPrefix().Match(v)).Where(m => m.Success).Select(m => m.Groups[1].Value.ToUpperInvariant()).ToList();
        if (prefixes.Count < 0.9 * values.Count) return null;
        var common = prefixes.GroupBy(p => p).OrderByDescending(g => g.Count()).First();
        if (common.Count() < 0.9 * prefixes.Count) return null;
        return Prefixes.FirstOrDefault(p => p.Prefix == common.Key).Noun;
    }

    [GeneratedRegex(@"^([A-Za-z]{2,6})[-_ ]?\d{3,}$")]
    private static partial Regex IdPrefix();

    [GeneratedRegex(@"(id|number|no|num|key|ref|code|tag)$|^(id|number|no)[_ ]")]
    private static partial Regex IdName();
}
