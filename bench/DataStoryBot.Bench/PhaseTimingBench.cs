using System.Diagnostics;
using System.Globalization;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>
/// Where one warm discovery's wall time goes, as discovery runs it (unlike <see cref="KindTimingBench"/>, which times
/// each kind alone): load, prepare, the detectors run in parallel (each kind's own time inside that run), the whole
/// <see cref="StoryDiscovery.Discover"/> on the loaded table, and the fallbacks (facets of the top three, descriptions)
/// alone. Medians over the rounds. Usage: <c>discovery-phases [rounds]</c> (same two files as <see cref="DiscoveryBench"/>).
/// </summary>
public static class PhaseTimingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        AnalystBenchmarks.EnsureData(AnalystBenchmarks.DataPath);
        DiscoveryBench.EnsureExport(DiscoveryBench.ExportPath);
        foreach (var path in new[] { AnalystBenchmarks.DataPath, DiscoveryBench.ExportPath })
        {
            var Load = await BenchTables.LoaderAsync(path);
            var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            void Add(string key, double ms)
            {
                if (!times.TryGetValue(key, out var list)) times[key] = list = [];
                list.Add(ms);
            }
            var kinds = StoryDiscovery.Detectors.Where(k => !k.OnlyWhenAsked).ToList();
            List<Insight> picked = [];
            for (var round = 0; round <= rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                var table = Load();
                var load = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var prepared = StoryDiscovery.Prepare(table);
                var prepare = clock.Elapsed.TotalMilliseconds;
                var each = new double[kinds.Count];
                clock.Restart();
                Parallel.For(0, kinds.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                {
                    var own = Stopwatch.StartNew();
                    _ = kinds[i].Detect(prepared).ToList();
                    each[i] = own.Elapsed.TotalMilliseconds;
                });
                var detect = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                picked = StoryDiscovery.Discover(table, null);
                var discover = clock.Elapsed.TotalMilliseconds;
                var leads = StoryDiscovery.Ranked(prepared, null).Take(3).ToList();
                clock.Restart();
                _ = FacetStory.Of(prepared, leads).ToList();
                var facets = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                _ = DescriptiveStory.Build(prepared).ToList();
                var descriptions = clock.Elapsed.TotalMilliseconds;
                if (round == 0) continue;
                Add("load", load);
                Add("prepare", prepare);
                Add("detectors in parallel", detect);
                Add("discover (prepare + detect + rank + fill)", discover);
                Add("facets of the top three alone", facets);
                Add("descriptions alone", descriptions);
                for (var i = 0; i < kinds.Count; i++) Add("  kind " + kinds[i].Name, each[i]);
            }
            Console.WriteLine($"{Path.GetFileName(path)} (medians of {rounds} warm rounds)");
            foreach (var (key, list) in times)
            {
                list.Sort();
                Console.WriteLine($"  {key}: {list[list.Count / 2]:0} ms");
            }
            foreach (var p in picked) Console.WriteLine($"  picked [{p.Kind.Name}] {p.Title}");
        }
        return 0;
    }
}
