using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataStoryBot.Core.Analyst.Charts;

/// <summary>
/// A Vega-Lite v5 spec per chart over its plotted points (inline, so the spec stands alone): the same marks and
/// encodings as the PNG, the alt text as the spec's description, tooltips on every mark, zoom on time axes.
/// </summary>
public static class VegaLiteSpec
{
    public const string Schema = "https://vega.github.io/schema/vega-lite/v5.json";

    public static byte[] Write(ChartImage chart) => JsonSerializer.SerializeToUtf8Bytes(Build(chart), new JsonSerializerOptions { WriteIndented = true });

    public static JsonObject Build(ChartImage chart)
    {
        var fields = chart.Data.Fields;
        var spec = new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = chart.Title,
            ["description"] = chart.Description,
            ["width"] = "container",
            ["height"] = 360,
            ["data"] = new JsonObject { ["values"] = Values(chart.Data) },
        };
        var tooltip = new JsonArray(fields.Select(f => (JsonNode)TooltipChannel(f)).ToArray());
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
                    ["color"] = new JsonObject { ["field"] = Field(fields[2].Name), ["type"] = "nominal", ["legend"] = null },
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
                    ["x2"] = new JsonObject { ["field"] = Field(fields[1].Name) },
                    ["y"] = Channel(fields[2]),
                    ["tooltip"] = tooltip,
                };
                break;
            case "box":
                var group = Channel(fields[0], sortNone: true);
                spec["encoding"] = new JsonObject { ["x"] = group, ["tooltip"] = tooltip };
                spec["layer"] = new JsonArray(
                    new JsonObject { ["mark"] = "rule", ["encoding"] = new JsonObject { ["y"] = Channel(fields[1], fromZero: false), ["y2"] = new JsonObject { ["field"] = Field(fields[5].Name) } } },
                    new JsonObject { ["mark"] = new JsonObject { ["type"] = "bar", ["size"] = 28 }, ["encoding"] = new JsonObject { ["y"] = Channel(fields[2]), ["y2"] = new JsonObject { ["field"] = Field(fields[4].Name) } } },
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

    /// <summary>A field name as Vega-Lite reads it: dots and brackets would mean nested access, so they are escaped.</summary>
    public static string Field(string name) => name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(".", "\\.", StringComparison.Ordinal)
        .Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static JsonObject Channel(ChartField f, bool sortNone = false, bool fromZero = true)
    {
        var channel = new JsonObject { ["field"] = Field(f.Name), ["type"] = TypeName(f.Type), ["title"] = f.Name };
        if (sortNone) channel["sort"] = null;
        if (!fromZero && f.Type == ChartFieldType.Quantitative) channel["scale"] = new JsonObject { ["zero"] = false };
        return channel;
    }

    /// <summary>A tooltip entry: numbers at six significant digits without grouping (11.3267, 2015), not 11.3266666667.</summary>
    private static JsonObject TooltipChannel(ChartField f)
    {
        var channel = Channel(f);
        if (f.Type == ChartFieldType.Quantitative) channel["format"] = ".6~r";
        return channel;
    }

    private static JsonArray Values(ChartData data)
    {
        var rows = new JsonArray();
        foreach (var row in data.Rows)
        {
            var o = new JsonObject();
            for (var i = 0; i < data.Fields.Count; i++)
            {
                var f = data.Fields[i];
                var cell = i < row.Count ? row[i] : "";
                o[f.Name] = f.Type == ChartFieldType.Quantitative
                    ? double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? JsonValue.Create(v) : null
                    : JsonValue.Create(cell);
            }
            rows.Add(o);
        }
        return rows;
    }
}
