using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>
/// The built-in analyst on a generated 1M-row, 8-column, ~50 MB CSV: discovery (target under 3 s) and refine of a
/// three-chart story (target under 1.5 s). Peak working set is printed at cleanup (target under 500 MB).
/// The pandas reference is bench/DataStoryBot.Bench/pandas_reference.py on the same file.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class AnalystBenchmarks
{
    public static readonly string DataPath = Path.Combine(Path.GetTempPath(), "datastorybot-bench-1m.csv");

    private BuiltInAnalysisEngine _engine = null!;
    private LocalContainerStore _store = null!;
    private EngineContainer _container = null!;
    private EngineFile _file = null!;
    private DatasetProfile _profile = null!;
    private StoryCandidate _story = null!;

    [GlobalSetup]
    public void Setup()
    {
        EnsureData(DataPath);
        var root = Path.Combine(Path.GetTempPath(), "datastorybot-bench-containers");
        _store = new LocalContainerStore(Options.Create(new BuiltInEngineOptions { ContainerRoot = root, ContainerIdleTtl = TimeSpan.FromHours(2) }), TimeProvider.System);
        _engine = new BuiltInAnalysisEngine(_store, Options.Create(new DataStoryBotOptions()), TimeProvider.System, NullLogger<BuiltInAnalysisEngine>.Instance);
        _container = _engine.CreateContainerAsync("bench", CancellationToken.None).GetAwaiter().GetResult();
        using (var stream = File.OpenRead(DataPath))
        {
            _file = _engine.UploadFileAsync(_container.Id, "bench.csv", stream, CancellationToken.None).GetAwaiter().GetResult();
        }
        // The profile the upload makes of the file (names, types, roles): the analyst loads through it.
        using (var stream = File.OpenRead(DataPath))
        {
            var validation = new UploadValidator(Options.Create(new DataStoryBotOptions())).ValidateAsync(stream, "bench.csv", Stream.Null).GetAwaiter().GetResult();
            _profile = validation.Profile ?? throw new InvalidOperationException("The benchmark file was rejected: " + validation.Rejection?.Detail);
        }
        var discovery = Discover();
        _story = discovery.Candidates.FirstOrDefault(c => c.ChartTypes.Count >= 3 || c.Evidence.InsightType == "correlation") ?? discovery.Candidates[0];
        foreach (var c in discovery.Candidates) Console.WriteLine($"// candidate [{c.Evidence.InsightType}] {c.Title}");
        Console.WriteLine($"// refine story: {_story.Title}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):0} MB");
        _engine.DeleteContainerAsync(_container.Id, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public DiscoveryResult Discover() =>
        _engine.DiscoverAsync(new DiscoveryRequest("bench", _container.Id, _file, _profile, null), CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public RefineResult Refine() =>
        _engine.RefineAsync(new RefineRequest("bench", _container.Id, _file, _profile, _story), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Writes the deterministic benchmark file once: date, region, product, price, quantity, revenue, temperature, score.</summary>
    public static void EnsureData(string path)
    {
        if (File.Exists(path) && new FileInfo(path).Length > 40_000_000) return;
        var rng = new Random(20261101);
        string[] regions = ["North", "South", "East", "West", "Central", "Coastal", "Mountain", "Islands"];
        var start = new DateTime(2015, 1, 1);
        var sb = new StringBuilder(64 * 1024 * 1024);
        sb.Append("date,region,product,price,quantity,revenue,temperature,score\n");
        for (var i = 0; i < 1_000_000; i++)
        {
            var date = start.AddDays(i / 500);
            var region = regions[(int)(rng.NextDouble() * rng.NextDouble() * regions.Length)];
            var product = "P" + rng.Next(1, 61).ToString("000", CultureInfo.InvariantCulture);
            var price = Math.Round(5 + 95 * rng.NextDouble(), 2);
            var quantity = rng.Next(1, 20);
            var revenue = Math.Round(price * quantity * (0.9 + 0.2 * rng.NextDouble()) + i / 20000.0, 2);
            var temperature = Math.Round(12 + 10 * Math.Sin(2 * Math.PI * (date.DayOfYear - 100) / 365.25) + 3 * (rng.NextDouble() - 0.5), 1);
            var score = Math.Round(50 + 10 * (rng.NextDouble() + rng.NextDouble() - 1), 3);
            sb.Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(region).Append(',').Append(product).Append(',')
              .Append(price.ToString(CultureInfo.InvariantCulture)).Append(',').Append(quantity.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(revenue.ToString(CultureInfo.InvariantCulture)).Append(',').Append(temperature.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(score.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }
}
