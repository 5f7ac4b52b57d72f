using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>
/// A Vega-Lite v5 spec per chart over its plotted points (inline, so the spec stands alone): the same marks and
/// encodings as the PNG, the alt text as the spec's description, tooltips on every mark, zoom on time axes.
/// The keys of the data and of the tooltip are chosen here, never taken from the file: each plotted column is stored
/// under a fixed key by its role (<c>x</c>, <c>y</c>, <c>series</c>, …) and its name appears only as an axis, legend or
/// tooltip title. A tooltip title becomes a key of the tooltip's object, and vega-tooltip renders the keys
/// <c>title</c> (as a heading) and <c>image</c> (as an <c>&lt;img src&gt;</c>) specially, so a name that could be read
/// as such a key is shown with " (column)" after it.
/// </summary>
public static class VegaLiteSpec
{
    public const string Schema = "https://vega.github.io/schema/vega-lite/v5.json";

    public static byte[] Write(ChartImage chart) => JsonSerializer.SerializeToUtf8Bytes(Build(chart), new JsonSerializerOptions { WriteIndented = true });

    public static JsonObject Build(ChartImage chart)
    {
        var data = chart.Data;
        var keys = Keys(chart.Kind, data.Fields.Count);
        var fields = data.Fields.Select((f, i) => new Plotted(keys[i], f.Name, f.Type)).ToList();
        var spec = new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = chart.Title,
            ["description"] = chart.Description,
            ["width"] = "container",
            ["height"] = 360,
            ["data"] = new JsonObject { ["values"] = Values(data, keys) },
        };
        var tooltipTitles = TooltipTitles(fields);
        var tooltip = new JsonArray(fields.Select((f, i) => (JsonNode)TooltipChannel(f, tooltipTitles[i])).ToArray());
        switch (chart.Kind)
        {
            case "line":
                spec["mark"] = new JsonObject { ["type"] = "line", ["point"] = chart.Data.Rows.Count <= 120, ["tooltip"] = true };
                var line = new JsonObject { ["x"] = Channel(fields[0], fromZero: false), ["y"] = Channel(fields[^1], fromZero: false), ["tooltip"] = tooltip };
                if (fields.Count == 3) line["color"] = Channel(fields[1]);
                spec["encoding"] = line;
                // Zoom and pan on the time axis.
                spec["params"] = new JsonArray(new JsonObject { ["name"] = "zoom", ["select"] = new JsonObject { ["type"] = "interval", ["encodings"] = new JsonArray("x") }, ["bind"] = "scales" });
                break;
            case "bar":
                spec["mark"] = new JsonObject { ["type"] = "bar", ["tooltip"] = true };
                spec["encoding"] = new JsonObject
                {
                    ["x"] = Channel(fields[0], sortNone: true),
                    ["y"] = Channel(fields[1]),
                    ["color"] = new JsonObject { ["field"] = fields[2].Key, ["type"] = "nominal", ["legend"] = null },
                    ["tooltip"] = tooltip,
                };
                break;
            case "pareto":
                spec["encoding"] = new JsonObject { ["x"] = Channel(fields[0], sortNone: true), ["tooltip"] = tooltip };
                spec["layer"] = new JsonArray(
                    new JsonObject { ["mark"] = "bar", ["encoding"] = new JsonObject { ["y"] = Channel(fields[1]) } },
                    new JsonObject { ["mark"] = new JsonObject { ["type"] = "line", ["point"] = true }, ["encoding"] = new JsonObject { ["y"] = Channel(fields[2]) } });
                break;
            case "histogram":
                spec["mark"] = new JsonObject { ["type"] = "bar", ["tooltip"] = true };
                spec["encoding"] = new JsonObject
                {
                    ["x"] = Channel(fields[0]),
                    ["x2"] = new JsonObject { ["field"] = fields[1].Key },
                    ["y"] = Channel(fields[2]),
                    ["tooltip"] = tooltip,
                };
                break;
            case "box":
                var group = Channel(fields[0], sortNone: true);
                spec["encoding"] = new JsonObject { ["x"] = group, ["tooltip"] = tooltip };
                spec["layer"] = new JsonArray(
                    new JsonObject { ["mark"] = "rule", ["encoding"] = new JsonObject { ["y"] = Channel(fields[1], fromZero: false), ["y2"] = new JsonObject { ["field"] = fields[5].Key } } },
                    new JsonObject { ["mark"] = new JsonObject { ["type"] = "bar", ["size"] = 28 }, ["encoding"] = new JsonObject { ["y"] = Channel(fields[2]), ["y2"] = new JsonObject { ["field"] = fields[4].Key } } },
                    new JsonObject { ["mark"] = new JsonObject { ["type"] = "tick", ["color"] = "black", ["size"] = 28 }, ["encoding"] = new JsonObject { ["y"] = Channel(fields[3]) } });
                break;
            default:
                spec["mark"] = new JsonObject { ["type"] = "point", ["tooltip"] = true };
                var point = new JsonObject { ["x"] = Channel(fields[0], fromZero: false), ["y"] = Channel(fields[1], fromZero: false), ["tooltip"] = tooltip };
                if (fields.Count == 3) point["color"] = Channel(fields[2]);
                spec["encoding"] = point;
                spec["params"] = new JsonArray(new JsonObject { ["name"] = "zoom", ["select"] = "interval", ["bind"] = "scales" });
                break;
        }
        return spec;
    }

    /// <summary>The Vega-Lite type name of a field type.</summary>
    public static string TypeName(ChartFieldType type) => type switch
    {
        ChartFieldType.Quantitative => "quantitative",
        ChartFieldType.Temporal => "temporal",
        ChartFieldType.Ordinal => "ordinal",
        _ => "nominal",
    };

    /// <summary>Tooltip keys vega-tooltip renders as markup rather than as a row (compared ignoring case, so a later version that folds case is covered too).</summary>
    public static readonly IReadOnlySet<string> ReservedTooltipKeys = new HashSet<string>(["title", "image", "description", "href"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A plotted column: the key it has in the spec's data (chosen here), its name as the reader knows it, its type.</summary>
    private sealed record Plotted(string Key, string Name, ChartFieldType Type);

    /// <summary>The data key of each plotted column, by the column's role in a chart of this kind; never a name from the file.</summary>
    internal static IReadOnlyList<string> Keys(string kind, int count)
    {
        string[] roles = kind switch
        {
            "line" => count == 3 ? ["x", "series", "y"] : ["x", "y"],
            "bar" => ["x", "y", "highlight"],
            "pareto" => ["x", "y", "cumulative"],
            "histogram" => ["x", "x2", "y"],
            "box" => ["x", "low", "q1", "median", "q3", "high", "rows"],
            _ => ["x", "y", "series"],
        };
        return Enumerable.Range(0, count).Select(i => i < roles.Length ? roles[i] : $"c{i + 1}").ToList();
    }

    /// <summary>The tooltip titles (= the keys of the tooltip's object): the columns' names, a reserved one with " (column)" after it, all distinct.</summary>
    private static List<string> TooltipTitles(IReadOnlyList<Plotted> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var titles = new List<string>(fields.Count);
        foreach (var f in fields)
        {
            var title = ReservedTooltipKeys.Contains(f.Name.Trim()) ? f.Name + " (column)" : f.Name;
            for (var k = 2; !seen.Add(title); k++) title = $"{f.Name} ({k})";
            titles.Add(title);
        }
        return titles;
    }

    private static JsonObject Channel(Plotted f, bool sortNone = false, bool fromZero = true)
    {
        var channel = new JsonObject { ["field"] = f.Key, ["type"] = TypeName(f.Type), ["title"] = f.Name };
        if (sortNone) channel["sort"] = null;
        if (!fromZero && f.Type == ChartFieldType.Quantitative) channel["scale"] = new JsonObject { ["zero"] = false };
        return channel;
    }

    /// <summary>A tooltip entry: numbers at six significant digits without grouping (11.3267, 2015), not 11.3266666667.</summary>
    private static JsonObject TooltipChannel(Plotted f, string title)
    {
        var channel = Channel(f);
        channel["title"] = title;
        if (f.Type == ChartFieldType.Quantitative) channel["format"] = ".6~r";
        return channel;
    }

    private static JsonArray Values(ChartData data, IReadOnlyList<string> keys)
    {
        var rows = new JsonArray();
        foreach (var row in data.Rows)
        {
            var o = new JsonObject();
            for (var i = 0; i < data.Fields.Count; i++)
            {
                var f = data.Fields[i];
                var cell = i < row.Count ? row[i] : "";
                o[keys[i]] = f.Type == ChartFieldType.Quantitative
                    ? double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? JsonValue.Create(v) : null
                    : JsonValue.Create(cell);
            }
            rows.Add(o);
        }
        return rows;
    }
}
