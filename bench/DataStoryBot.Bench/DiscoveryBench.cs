using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>
/// Warm discovery through the built-in engine, timed per call (median of N after one warm-up): the 1M-row benchmark
/// file and a generated 100,000-row, 15-column business export (incidents: ids, states, people, two timestamps, an
/// amount, a percent, a flag, a short description). Uses only the engine's public surface, so the same file builds
/// against an earlier commit for a before/after comparison in one session.
/// Usage: <c>discovery [rounds]</c>.
/// </summary>
public static class DiscoveryBench
{
    public static readonly string ExportPath = Path.Combine(Path.GetTempPath(), "datastorybot-bench-export-100k.csv");

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        AnalystBenchmarks.EnsureData(AnalystBenchmarks.DataPath);
        EnsureExport(ExportPath);
        foreach (var (name, path) in new[] { ("1M-row benchmark file", AnalystBenchmarks.DataPath), ("100k-row business export", ExportPath) })
        {
            var root = Path.Combine(Path.GetTempPath(), "datastorybot-bench-discovery-" + Environment.ProcessId);
            var store = new LocalContainerStore(Options.Create(new BuiltInEngineOptions { ContainerRoot = root, ContainerIdleTtl = TimeSpan.FromHours(2) }), TimeProvider.System);
            var engine = new BuiltInAnalysisEngine(store, Options.Create(new DataStoryBotOptions()), TimeProvider.System, NullLogger<BuiltInAnalysisEngine>.Instance);
            var container = await engine.CreateContainerAsync("bench", CancellationToken.None);
            EngineFile file;
            await using (var stream = File.OpenRead(path))
            {
                file = await engine.UploadFileAsync(container.Id, "bench.csv", stream, CancellationToken.None);
            }
            DatasetProfile profile;
            await using (var stream = File.OpenRead(path))
            {
                var validation = await new UploadValidator(Options.Create(new DataStoryBotOptions())).ValidateAsync(stream, "bench.csv", Stream.Null);
                profile = validation.Profile ?? throw new InvalidOperationException("rejected: " + validation.Rejection?.Detail);
            }
            var request = new DiscoveryRequest("bench", container.Id, file, profile, null);
            var first = await engine.DiscoverAsync(request, CancellationToken.None);
            var times = new List<double>();
            // The process's CPU time per call too (all threads: the detectors run on both cores): on a machine shared
            // with other builds the wall time mostly measures the others, the CPU time much less so.
            var cpu = new List<double>();
            using var process = Process.GetCurrentProcess();
            for (var i = 0; i < rounds; i++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await engine.DiscoverAsync(request, CancellationToken.None);
                times.Add(clock.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
            times.Sort();
            cpu.Sort();
            Console.WriteLine($"{name}: warm discovery median {times[times.Count / 2]:0} ms (min {times[0]:0}, max {times[^1]:0}, {rounds} rounds); CPU time median {cpu[cpu.Count / 2]:0} ms (min {cpu[0]:0}, max {cpu[^1]:0})");
            foreach (var c in first.Candidates) Console.WriteLine($"  [{c.Evidence.InsightType}] {c.Title}");
            await engine.DeleteContainerAsync(container.Id, CancellationToken.None);
        }
        return 0;
    }

    /// <summary>A deterministic incident export: 100,000 rows, 15 columns.</summary>
    public static void EnsureExport(string path)
    {
        if (File.Exists(path)) return;
        var random = new Random(20261206);
        string[] categories = ["hardware", "software", "network", "access", "database", "email"];
        string[] states = ["New", "In Progress", "On Hold", "Resolved", "Closed", "Cancelled"];
        string[] locations = ["Sydney", "London", "New York", "Berlin", "Tokyo", "Toronto", "Paris", "Madrid"];
        string[] words = ["printer", "jammed", "vpn", "drops", "password", "reset", "outlook", "crash", "slow", "laptop", "screen", "login", "error", "disk", "full"];
        var people = Enumerable.Range(0, 120).Select(i => $"Agent {i:000}").ToArray();
        var callers = Enumerable.Range(0, 2000).Select(i => $"User {i:0000}").ToArray();
        var start = new DateTime(2023, 1, 1, 8, 0, 0);
        var sb = new StringBuilder("number,opened_at,resolved_at,category,subcategory,priority,state,assigned_to,caller,location,cost,percent_complete,made_sla,reassignment_count,short_description\n");
        for (var i = 0; i < 100_000; i++)
        {
            var category = categories[random.Next(categories.Length)];
            var opened = start.AddMinutes(random.Next(0, 2 * 365 * 24 * 60));
            var state = states[random.Next(states.Length)];
            var hours = Math.Exp(random.NextDouble() * 1.5 + (category == "hardware" ? 3.2 : 2.3));
            var resolved = state is "Resolved" or "Closed" ? opened.AddHours(hours).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
            var agent = people[(int)Math.Min(people.Length - 1, Math.Floor(Math.Pow(random.NextDouble(), 2.5) * people.Length))];
            var caller = callers[(int)Math.Min(callers.Length - 1, Math.Floor(Math.Pow(random.NextDouble(), 3) * callers.Length))];
            var text = $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]} {words[random.Next(words.Length)]}";
            sb.Append(CultureInfo.InvariantCulture, $"INC{i + 1:0000000},{opened:yyyy-MM-dd HH:mm:ss},{resolved},{category},{category}-{random.Next(4)},{random.Next(1, 5)} - P,{state},{agent},{caller},{locations[random.Next(locations.Length)]},{Math.Round(50 + 400 * random.NextDouble(), 2)},{random.Next(0, 101)},{(hours < 24 ? "true" : "false")},{random.Next(0, 5)},{text}\n");
        }
        File.WriteAllText(path, sb.ToString());
    }
}
