using System.Diagnostics;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>Where discovery's time goes: load, prepare, and each story kind's Detect alone (median of 3, warm).
/// Usage: <c>discovery-kinds</c> (same two files as <see cref="DiscoveryBench"/>).</summary>
public static class KindTimingBench
{
    public static async Task<int> RunAsync()
    {
        AnalystBenchmarks.EnsureData(AnalystBenchmarks.DataPath);
        DiscoveryBench.EnsureExport(DiscoveryBench.ExportPath);
        foreach (var path in new[] { AnalystBenchmarks.DataPath, DiscoveryBench.ExportPath })
        {
            var Load = await BenchTables.LoaderAsync(path);
            Console.WriteLine(Path.GetFileName(path));
            Console.WriteLine($"  load {Median(() => Load()):0} ms");
            var table = Load();
            Console.WriteLine($"  prepare {Median(() => StoryDiscovery.Prepare(table)):0} ms");
            var prepared = StoryDiscovery.Prepare(table);
            foreach (var kind in StoryKinds.All)
            {
                Console.WriteLine($"  {kind.Name} {Median(() => kind.Detect(StoryDiscovery.Prepare(table)).ToList()) - Median(() => StoryDiscovery.Prepare(table)):0} ms");
            }
        }
        return 0;
    }

    private static double Median(Func<object> work)
    {
        work();
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[1];
    }
}
