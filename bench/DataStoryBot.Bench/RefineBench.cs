using System.Diagnostics;
using System.Globalization;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>
/// Warm refine through the built-in engine, timed per call: discovery once, then each of its three candidates refined
/// (narrative, charts, facts) once as a warm-up and <c>rounds</c> times timed; the median of a round's three refines
/// summed. Same files as <see cref="DiscoveryBench"/> (the 1M-row benchmark file and the 100,000-row export). Uses only
/// the engine's public surface, so the same file builds against an earlier commit for a before/after comparison.
/// Usage: <c>refine [rounds]</c>.
/// </summary>
public static class RefineBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        AnalystBenchmarks.EnsureData(AnalystBenchmarks.DataPath);
        DiscoveryBench.EnsureExport(DiscoveryBench.ExportPath);
        foreach (var (name, path) in new[] { ("1M-row benchmark file", AnalystBenchmarks.DataPath), ("100k-row business export", DiscoveryBench.ExportPath) })
        {
            var root = Path.Combine(Path.GetTempPath(), "datastorybot-bench-refine-" + Environment.ProcessId);
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
            var discovery = await engine.DiscoverAsync(new DiscoveryRequest("bench", container.Id, file, profile, null), CancellationToken.None);
            var requests = discovery.Candidates.Select(c => new RefineRequest("bench", container.Id, file, profile, c)).ToList();
            foreach (var r in requests) await engine.RefineAsync(r, CancellationToken.None);
            var perStory = requests.Select(_ => new List<double>()).ToList();
            var totals = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                double total = 0;
                for (var k = 0; k < requests.Count; k++)
                {
                    var clock = Stopwatch.StartNew();
                    await engine.RefineAsync(requests[k], CancellationToken.None);
                    perStory[k].Add(clock.Elapsed.TotalMilliseconds);
                    total += clock.Elapsed.TotalMilliseconds;
                }
                totals.Add(total);
            }
            totals.Sort();
            Console.WriteLine($"{name}: warm refine of the {requests.Count} candidates, median {totals[totals.Count / 2]:0} ms per round (min {totals[0]:0}, max {totals[^1]:0}, {rounds} rounds)");
            for (var k = 0; k < requests.Count; k++)
            {
                var t = perStory[k].Order().ToList();
                Console.WriteLine($"  {t[t.Count / 2],6:0} ms  [{requests[k].Story.Evidence.InsightType}] {requests[k].Story.Title}");
            }
            await engine.DeleteContainerAsync(container.Id, CancellationToken.None);
        }
        return 0;
    }
}
