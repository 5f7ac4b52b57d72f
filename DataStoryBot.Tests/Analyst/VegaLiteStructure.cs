using System.Text.Json.Nodes;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// An offline check of a Vega-Lite v5 unit or layer spec against the structure the published v5 schema
/// (https://vega.github.io/schema/vega-lite/v5.json) gives it: the schema URL, only top-level properties the schema
/// allows, a mark or a layer, mark types and encoding channels from the schema's enumerations, field definitions with a
/// known type, and every encoded field present in the inline data (which the schema cannot check).
/// <see cref="VegaLiteSchema"/> validates against the published schema itself.
/// </summary>
public static class VegaLiteStructure
{
    static readonly HashSet<string> TopLevel = ["$schema", "title", "description", "width", "height", "data", "mark", "encoding", "layer", "params", "config", "transform", "autosize", "background", "padding", "name", "usermeta", "datasets", "projection", "resolve", "view"];
    static readonly HashSet<string> Marks = ["arc", "area", "bar", "image", "line", "point", "rect", "rule", "text", "tick", "trail", "circle", "square", "geoshape", "boxplot", "errorband", "errorbar"];
    static readonly HashSet<string> Channels = ["x", "y", "x2", "y2", "color", "fill", "stroke", "opacity", "size", "shape", "tooltip", "text", "detail", "order", "href", "description", "xOffset", "yOffset", "theta", "radius", "strokeDash"];
    static readonly HashSet<string> Types = ["quantitative", "temporal", "ordinal", "nominal", "geojson"];
    static readonly HashSet<string> FieldDefKeys = ["field", "type", "title", "sort", "scale", "axis", "legend", "bin", "timeUnit", "aggregate", "format", "stack"];

    public static void AssertValid(JsonObject spec)
    {
        Assert.Equal("https://vega.github.io/schema/vega-lite/v5.json", spec["$schema"]?.GetValue<string>());
        Assert.All(spec.Select(p => p.Key), k => Assert.Contains(k, TopLevel));
        var values = spec["data"]?["values"]?.AsArray() ?? throw new Xunit.Sdk.XunitException("data.values missing");
        var keys = values.SelectMany(v => v!.AsObject().Select(p => p.Key)).ToHashSet();
        Assert.True((spec["mark"] is null) != (spec["layer"] is null), "a unit spec has a mark, a layer spec has layers, not both");
        if (spec["layer"] is JsonArray layers)
        {
            Assert.NotEmpty(layers);
            foreach (var layer in layers)
            {
                AssertMark(layer!["mark"]);
                AssertEncoding(layer["encoding"]?.AsObject(), keys);
            }
            AssertEncoding(spec["encoding"]?.AsObject(), keys);
        }
        else
        {
            AssertMark(spec["mark"]);
            Assert.NotNull(spec["encoding"]);
            AssertEncoding(spec["encoding"]!.AsObject(), keys);
        }
        if (spec["params"] is JsonArray parameters)
        {
            Assert.All(parameters, p => Assert.False(string.IsNullOrEmpty(p!["name"]?.GetValue<string>())));
        }
    }

    static void AssertMark(JsonNode? mark)
    {
        var type = mark is JsonObject o ? o["type"]?.GetValue<string>() : mark?.GetValue<string>();
        Assert.Contains(type ?? "", Marks);
    }

    static void AssertEncoding(JsonObject? encoding, HashSet<string> dataKeys)
    {
        if (encoding is null) return;
        foreach (var (channel, def) in encoding)
        {
            Assert.Contains(channel, Channels);
            var defs = def is JsonArray array ? array.Select(d => d!.AsObject()) : [def!.AsObject()];
            foreach (var d in defs)
            {
                Assert.All(d.Select(p => p.Key), k => Assert.Contains(k, FieldDefKeys));
                var field = d["field"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"channel {channel} has no field");
                Assert.Contains(Unescape(field), dataKeys);
                if (channel is not ("x2" or "y2"))
                {
                    Assert.Contains(d["type"]?.GetValue<string>() ?? "", Types);
                }
            }
        }
    }

    static string Unescape(string field) => System.Text.RegularExpressions.Regex.Replace(field, @"\\(.)", "$1");
}
