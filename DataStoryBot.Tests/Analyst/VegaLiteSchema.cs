using System.Diagnostics;
using System.Text;
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

    /// <summary>
    /// One set of options for every evaluation: JsonSchema.Net builds the schema's evaluation tree per options object,
    /// so new options per spec rebuilt it for the whole Vega-Lite schema each time (330–415 ms a spec against 67 ms
    /// reused, measured under load; docs/benchmarks.md "Test run time"). Used under <see cref="Gate"/> only.
    /// </summary>
    static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    /// <summary>The schema's failures for a spec (instance location: message), empty when the spec is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode spec)
    {
        EvaluationResults result;
        lock (Gate)
        {
            result = Schema.Value.Evaluate(spec, Options);
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

/// <summary>
/// Runs Analyst/vega-render.mjs in Node with code generation from strings disallowed (as the page's CSP does). One Node
/// process (<c>--serve</c>) answers every batch of the test run, one batch at a time: starting Node and loading vega
/// once per dataset cost the story-quality theory about a second each.
/// </summary>
public static class VegaLiteRenderer
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(2);
    static Process? server;
    static StringBuilder serverErrors = new();

    public static async Task<IReadOnlyList<VegaRender>> RenderAsync(IEnumerable<(string Name, JsonNode Spec)> specs)
    {
        var input = new JsonArray(specs.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["spec"] = s.Spec.DeepClone() }).ToArray());
        await Gate.WaitAsync();
        try
        {
            var process = server is { HasExited: false } ? server : server = Start();
            // One line per batch: the JSON is written without indentation, and line breaks inside strings are escaped.
            await process.StandardInput.WriteLineAsync(input.ToJsonString());
            await process.StandardInput.FlushAsync();
            string? line;
            using (var timeout = new CancellationTokenSource(BatchTimeout))
            {
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Stop();
                    throw new TimeoutException($"vega-render.mjs gave no answer within {BatchTimeout.TotalMinutes:0} minutes: {Errors()}");
                }
            }

            if (line is null)
            {
                await process.WaitForExitAsync();
                var exit = process.ExitCode;
                Stop();
                Assert.Fail($"vega-render.mjs exited with {exit}: {Errors()}");
            }

            return JsonSerializer.Deserialize<List<VegaRender>>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException("vega-render.mjs wrote no results");
        }
        finally
        {
            Gate.Release();
        }
    }

    static Process Start()
    {
        var script = Path.Combine(RepoPaths.Root, "DataStoryBot.Tests", "Analyst", "vega-render.mjs");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add("--disallow-code-generation-from-strings");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--serve");
        var errors = serverErrors = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        // Node also ends by itself when the test host exits and its stdin closes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(process);
        return process;
    }

    static string Errors()
    {
        lock (serverErrors)
        {
            return serverErrors.ToString();
        }
    }

    static void Stop()
    {
        if (server is not null)
        {
            Kill(server);
            server.Dispose();
            server = null;
        }
    }

    static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
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
