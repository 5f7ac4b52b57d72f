using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Engines.OpenAI;
using DataStoryBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>
/// The OpenAI engine's own overhead per phase, against the fake OpenAI server answering at once (pre-rendered charts, no
/// model time): everything the engine does around the model — HTTP calls over loopback, JSON, schema validation, PNG checks,
/// narrative upload — plus the fake's own handling. Also: a plain loopback round trip (the floor of one HTTP call) and the
/// time to reject a call while the circuit breaker is open.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class OpenAIEngineBenchmarks
{
    private const string Csv = "date,temp_max,precipitation,weather\n2024-01-01,5.5,0,sun\n2024-01-02,6.1,1.7,rain\n2024-01-03,6.8,3.4,fog\n2024-01-04,7.0,0,drizzle\n";

    private FakeOpenAIServer _server = null!;
    private OpenAIAnalysisEngine _engine = null!;
    private OpenAIAnalysisEngine _openBreakerEngine = null!;
    private HttpClient _http = null!;
    private DiscoveryRequest _discovery = null!;
    private RefineRequest _refine = null!;
    private string _containerPath = null!;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(20).WithToolchain(InProcessEmitToolchain.Instance).WithId("InProcess"));
    }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        var table = FakeCsv.Read(new FakeFile("x", "x", "/mnt/data/x", "x.csv", Encoding.UTF8.GetBytes(Csv), "user", 0));
        var charts = Enumerable.Range(1, 3).Select(i => FakeCharts.Render(table, i).Png).ToArray();
        _server.DefaultBehaviour = ctx => ctx.WantsJsonSchema ? FakeModel.Discovery()(ctx) : InstantRefine(ctx, charts);

        var options = Options.Create(new OpenAIEngineOptions { Endpoint = _server.OpenAIEndpoint, ApiKey = "sk-bench", Model = "gpt-4.1" });
        var product = Options.Create(new DataStoryBotOptions { Engine = "openai" });
        var breaker = new ProviderCircuitBreaker(options, TimeProvider.System, NullLogger<ProviderCircuitBreaker>.Instance);
        _engine = new OpenAIAnalysisEngine(options, product, breaker, TimeProvider.System, NullLogger<OpenAIAnalysisEngine>.Instance);

        var longBreak = Options.Create(new OpenAIEngineOptions { BreakerBreakDuration = TimeSpan.FromHours(1) });
        var openBreaker = new ProviderCircuitBreaker(longBreak, TimeProvider.System, NullLogger<ProviderCircuitBreaker>.Instance);
        for (var i = 0; i < options.Value.BreakerFailureThreshold; i++)
        {
            openBreaker.RecordFailure();
        }

        _openBreakerEngine = new OpenAIAnalysisEngine(options, product, openBreaker, TimeProvider.System, NullLogger<OpenAIAnalysisEngine>.Instance);

        var container = await _engine.CreateContainerAsync("bench", CancellationToken.None);
        var file = await _engine.UploadFileAsync(container.Id, "data.csv", new MemoryStream(Encoding.UTF8.GetBytes(Csv)), CancellationToken.None);
        var profile = ColumnRoles.WithRoles(new DatasetProfile(Csv.Length, "utf-8", CsvDelimiter.Comma, 4,
            [new("date", ColumnType.DateTime, 0, 4, false, null, null), new("temp_max", ColumnType.Decimal, 0, 4, false, "5.5", "7.0"),
             new("precipitation", ColumnType.Decimal, 0, 3, false, "0", "3.4"), new("weather", ColumnType.Categorical, 0, 4, false, null, null)],
            [], [], 0, DecimalMark.Point, new string('0', 64)));
        _discovery = new DiscoveryRequest("bench", container.Id, file, profile, null);
        var story = (await _engine.DiscoverAsync(_discovery, CancellationToken.None)).Candidates[0];
        _refine = new RefineRequest("bench", container.Id, file, profile, story);
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", "sk-bench");
        _containerPath = $"v1/containers/{container.Id}";
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>One plain HTTP GET to the fake over loopback: the floor of every provider call.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> LoopbackRoundTrip()
    {
        using var response = await _http.GetAsync(_containerPath);
        return (int)response.StatusCode;
    }

    /// <summary>Discovery: container check, file lookup, one model call, schema validation (3 HTTP calls).</summary>
    [Benchmark]
    public Task<DiscoveryResult> Discovery() => _engine.DiscoverAsync(_discovery, CancellationToken.None);

    /// <summary>Refine: container check, file lookup, one model call, 3 chart downloads + PNG checks, 1 dataset lookup, narrative upload.</summary>
    [Benchmark]
    public Task<RefineResult> Refine() => _engine.RefineAsync(_refine, CancellationToken.None);

    /// <summary>A discovery rejected by the open circuit breaker (no HTTP call).</summary>
    [Benchmark]
    public async Task<EngineFailureKind> BreakerOpenRejection()
    {
        try
        {
            await _openBreakerEngine.DiscoverAsync(_discovery, CancellationToken.None);
            throw new InvalidOperationException("The breaker should have rejected the call.");
        }
        catch (EngineException e) when (e.Kind == EngineFailureKind.Unavailable)
        {
            return e.Kind;
        }
    }

    /// <summary>A refine answer with pre-rendered charts and a CSV, cited: the fake spends no "model time".</summary>
    private static Task<FakeReply> InstantRefine(FakeModelContext ctx, byte[][] charts)
    {
        var annotations = new JsonArray();
        var text = new StringBuilder("# Story\n\n");
        var files = charts.Select((png, i) => ctx.AddAssistantFile($"{ctx.FilePrefix}chart_{i + 1}.png", png)).ToList();
        files.Add(ctx.AddAssistantFile($"{ctx.FilePrefix}data.csv", Encoding.UTF8.GetBytes(Csv)));
        foreach (var f in files)
        {
            var link = $"![{f.Name}](sandbox:{f.Path})";
            annotations.Add(new JsonObject
            {
                ["type"] = "container_file_citation", ["container_id"] = ctx.Container.Id, ["file_id"] = f.Id,
                ["filename"] = f.Name, ["start_index"] = text.Length, ["end_index"] = text.Length + link.Length,
            });
            text.Append(link).Append("\n\n");
        }

        return Task.FromResult(FakeModel.Completed(ctx, text.ToString(), annotations, "print(1)"));
    }
}
