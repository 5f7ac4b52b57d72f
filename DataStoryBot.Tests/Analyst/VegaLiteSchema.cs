using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataStoryBot.Tests.Infrastructure;
using Json.Schema;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The published Vega-Lite v5 JSON schema (draft-07) of the pinned vega-lite package
/// (node_modules/vega-lite/build/vega-lite-schema.json), evaluated with JsonSchema.Net.
/// </summary>
public static class VegaLiteSchema
{
    public static string SchemaPath { get; } = Path.Combine(RepoPaths.Root, "node_modules", "vega-lite", "build", "vega-lite-schema.json");

    static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        if (!File.Exists(SchemaPath))
        {
            throw new InvalidOperationException($"The Vega-Lite schema is not installed at {SchemaPath}. Run `npm ci --no-audit --no-fund` at the repository root (./test.sh does this).");
        }

        return JsonSchema.FromText(File.ReadAllText(SchemaPath));
    });

    /// <summary>
    /// One evaluation at a time: the test classes that validate specs run in parallel, and once in a run an extra
    /// top-level property passed as valid while another evaluation was under way (the schema object's lazily built
    /// state is shared); serialised, every evaluation sees the whole schema.
    /// </summary>
    static readonly Lock Gate = new();

    /// <summary>The schema's failures for a spec (instance location: message), empty when the spec is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode spec)
    {
        EvaluationResults result;
        lock (Gate)
        {
            result = Schema.Value.Evaluate(spec, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
        if (result.IsValid) return [];
        var errors = result.Details
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["the spec does not match the schema (no detail)"];
    }

    public static void AssertValid(JsonNode spec, string what)
    {
        var errors = Errors(spec);
        Assert.True(errors.Count == 0, $"{what} breaks the Vega-Lite v5 schema:\n{string.Join("\n", errors.Take(12))}");
    }
}

/// <summary>One spec's outcome in vega-render.mjs: compiled by vega-lite and rendered by vega with vega-interpreter.</summary>
/// <param name="TooltipKeys">The keys of the tooltip objects the rendered marks carry (what vega-tooltip is handed).</param>
public sealed record VegaRender(string Name, bool Ok, int Marks, int SvgBytes, string? Error, IReadOnlyList<string>? Warnings, IReadOnlyList<string>? TooltipKeys = null);

/// <summary>Runs Analyst/vega-render.mjs in Node with code generation from strings disallowed (as the page's CSP does).</summary>
public static class VegaLiteRenderer
{
    public static async Task<IReadOnlyList<VegaRender>> RenderAsync(IEnumerable<(string Name, JsonNode Spec)> specs)
    {
        var script = Path.Combine(RepoPaths.Root, "DataStoryBot.Tests", "Analyst", "vega-render.mjs");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add("--disallow-code-generation-from-strings");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var input = new JsonArray(specs.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["spec"] = s.Spec.DeepClone() }).ToArray());
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"vega-render.mjs exited with {process.ExitCode}: {await stderr}");
        return JsonSerializer.Deserialize<List<VegaRender>>(await stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("vega-render.mjs wrote no results");
    }

    /// <summary>Asserts every spec compiled and rendered at least one mark of the chart, without errors or warnings.</summary>
    public static async Task AssertRendersAsync(IReadOnlyList<(string Name, JsonNode Spec)> specs)
    {
        var results = await RenderAsync(specs);
        Assert.Equal(specs.Select(s => s.Name), results.Select(r => r.Name));
        Assert.All(results, r =>
        {
            Assert.True(r.Ok, $"{r.Name}: {r.Error}");
            Assert.True(r.Marks > 0, $"{r.Name}: the rendered scene has no chart marks");
            Assert.True(r.Warnings is null or { Count: 0 }, $"{r.Name}: {string.Join("; ", r.Warnings ?? [])}");
        });
    }
}
