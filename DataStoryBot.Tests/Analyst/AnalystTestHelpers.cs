using Xunit;
using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Test helpers: a minimal profile, tables from CSV text, the vega-datasets folder, an engine over a temp folder.</summary>
internal static class AnalystTestHelpers
{
    /// <summary>
    /// A change log of 2024 (the prepared table): 120 changes a month across Network, Server, Database and Security, each
    /// on a random day of its month, closed with the code <paramref name="code"/> draws for its category and month.
    /// </summary>
    public static AnalysisTable ChangeLog(Func<string, int, Random, string> code, int seed)
    {
        var rng = new Random(seed);
        string[] categories = ["Network", "Server", "Database", "Security"];
        var rows = new List<(DateTime Start, string Category, string Code)>();
        for (var m = 0; m < 12; m++)
        {
            var start = new DateTime(2024, 1, 1).AddMonths(m);
            for (var i = 0; i < 120; i++)
            {
                var c = categories[i % 4];
                var day = start.AddDays(rng.Next(DateTime.DaysInMonth(start.Year, start.Month)));
                rows.Add((day, c, code(c, m, rng)));
            }
        }
        rows = rows.OrderBy(r => r.Start).ToList();
        return StoryDiscovery.Prepare(Table(CsvText(
            ("number", Box(rows.Select((_, i) => $"CHG{i:00000}"))),
            ("planned_start", Box(rows.Select(r => r.Start))),
            ("category", Box(rows.Select(r => r.Category))),
            ("close_code", Box(rows.Select(r => r.Code))))));
    }

    /// <summary>The profile the real upload validator makes of a file: names, types, roles, delimiter, decimal convention.</summary>
    public static DatasetProfile ProfileOf(byte[] csv)
    {
        var validator = new UploadValidator(Options.Create(new DataStoryBotOptions()));
        var result = validator.ValidateAsync(new MemoryStream(csv), "data.csv", Stream.Null).GetAwaiter().GetResult();
        return result.Profile ?? throw new InvalidOperationException($"The upload validator rejected the test file: {result.Rejection?.Detail}");
    }

    public static DatasetProfile ProfileOf(string csv) => ProfileOf(Encoding.UTF8.GetBytes(csv));

    /// <summary>A table loaded the way the engine loads it: through the upload's profile of the same text.</summary>
    public static AnalysisTable Table(string csv, int threshold = 500_000)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        using var stream = new MemoryStream(bytes);
        return CsvTableLoader.Load(stream, CsvLoadOptions.FromProfile(ProfileOf(bytes), threshold));
    }

    /// <summary>Builds CSV text from named columns of values.</summary>
    public static string CsvText(params (string Name, IReadOnlyList<object?> Values)[] columns)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(c => c.Name)).Append('\n');
        var n = columns.Max(c => c.Values.Count);
        for (var i = 0; i < n; i++)
        {
            sb.AppendJoin(',', columns.Select(c => i < c.Values.Count ? Format(c.Values[i]) : "")).Append('\n');
        }
        return sb.ToString();
    }

    private static string Format(object? v) => v switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Normal variates from a seeded generator (Box-Muller).</summary>
    public static double[] Noise(int n, int seed, double sd = 1)
    {
        var rng = new Random(seed);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            result[i] = sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return result;
    }

    public static IReadOnlyList<object?> Box(IEnumerable<double> values) => values.Cast<object?>().ToList();

    public static IReadOnlyList<object?> Box(IEnumerable<string> values) => values.Cast<object?>().ToList();

    public static IReadOnlyList<object?> Box(IEnumerable<DateTime> values) => values.Cast<object?>().ToList();

    /// <summary>The repository root: the first folder above the test binaries holding package.json.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "package.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"No package.json above {AppContext.BaseDirectory}.");
    }

    public static string VegaDataset(string fileName)
    {
        var folder = Path.Combine(RepoRoot(), "node_modules", "vega-datasets", "data");
        if (!Directory.Exists(folder))
        {
            Assert.Fail($"vega-datasets is not installed at {folder}. Run `npm ci --no-audit --no-fund` at the repository root (./test.sh does this).");
        }
        var path = Path.Combine(folder, fileName);
        Assert.True(File.Exists(path), $"Missing dataset {path}.");
        return path;
    }
}

/// <summary>An engine over a fresh temp folder with a fake clock; disposes the folder.</summary>
internal sealed class EngineFixture : IDisposable
{
    public EngineFixture(TimeSpan? ttl = null, int sampleThreshold = 500_000)
    {
        Root = Path.Combine(Path.GetTempPath(), "dsb-analyst-tests-" + Guid.NewGuid().ToString("N"));
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        Store = new LocalContainerStore(Options.Create(new BuiltInEngineOptions { ContainerRoot = Root, ContainerIdleTtl = ttl ?? TimeSpan.FromMinutes(20) }), Clock);
        Engine = new BuiltInAnalysisEngine(Store, Options.Create(new DataStoryBotOptions { SampleRowThreshold = sampleThreshold }), Clock, NullLogger<BuiltInAnalysisEngine>.Instance);
    }

    public string Root { get; }
    public FakeTimeProvider Clock { get; }
    public LocalContainerStore Store { get; }
    public BuiltInAnalysisEngine Engine { get; }

    public async Task<(EngineContainer Container, EngineFile File)> UploadAsync(string path)
    {
        var container = await Engine.CreateContainerAsync("session-1", CancellationToken.None);
        await using var stream = File.OpenRead(path);
        var file = await Engine.UploadFileAsync(container.Id, Path.GetFileName(path), stream, CancellationToken.None);
        return (container, file);
    }

    public async Task<(EngineContainer Container, EngineFile File)> UploadTextAsync(string csv, string name = "data.csv")
    {
        var container = await Engine.CreateContainerAsync("session-1", CancellationToken.None);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var file = await Engine.UploadFileAsync(container.Id, name, stream, CancellationToken.None);
        return (container, file);
    }

    public Task<DiscoveryResult> DiscoverAsync(EngineContainer container, EngineFile file, string? steering = null, DatasetProfile? profile = null) =>
        Engine.DiscoverAsync(new DiscoveryRequest("session-1", container.Id, file, profile ?? ProfileOf(container, file), steering), CancellationToken.None);

    public Task<RefineResult> RefineAsync(EngineContainer container, EngineFile file, StoryCandidate story, DatasetProfile? profile = null, IReadOnlyList<StoryCandidate>? siblings = null) =>
        Engine.RefineAsync(new RefineRequest("session-1", container.Id, file, profile ?? ProfileOf(container, file), story, siblings), CancellationToken.None);

    /// <summary>The upload validator's profile of a file in a container (what the session would hold).</summary>
    public DatasetProfile ProfileOf(EngineContainer container, EngineFile file)
    {
        using var stream = Store.OpenFile(container.Id, file.Id);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return AnalystTestHelpers.ProfileOf(memory.ToArray());
    }

    public async Task<byte[]> DownloadAsync(EngineContainer container, string fileId)
    {
        await using var stream = await Engine.DownloadFileAsync(container.Id, fileId, CancellationToken.None);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
