using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Engines.OpenAI;
using DataStoryBot.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.OpenAI;

/// <summary>A fake OpenAI server plus an engine (and its breaker) pointed at it.</summary>
internal sealed class OpenAIEngineHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-test-key";

    private OpenAIEngineHarness(FakeOpenAIServer server, OpenAIEngineOptions options, DataStoryBotOptions product, TimeProvider time, AuthenticationTokenProvider? token)
    {
        Server = server;
        Options = options;
        Breaker = new ProviderCircuitBreaker(Microsoft.Extensions.Options.Options.Create(options), time, NullLogger<ProviderCircuitBreaker>.Instance);
        Engine = new OpenAIAnalysisEngine(Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Options.Options.Create(product), Breaker, time,
            NullLogger<OpenAIAnalysisEngine>.Instance, token, TrustingTransport(server));
    }

    public FakeOpenAIServer Server { get; }
    public OpenAIEngineOptions Options { get; }
    public ProviderCircuitBreaker Breaker { get; }
    public OpenAIAnalysisEngine Engine { get; }

    public static async Task<OpenAIEngineHarness> StartAsync(
        Action<OpenAIEngineOptions>? configure = null,
        Action<DataStoryBotOptions>? product = null,
        TimeProvider? breakerTime = null,
        bool azure = false,
        AuthenticationTokenProvider? token = null)
    {
        // Bearer tokens are only sent over TLS, so the Entra ID case runs the fake with https.
        var server = await FakeOpenAIServer.StartAsync(https: token is not null);
        var options = new OpenAIEngineOptions
        {
            Endpoint = azure ? server.AzureEndpoint : server.OpenAIEndpoint,
            ApiKey = ApiKey,
            Model = "gpt-4.1",
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        var productOptions = new DataStoryBotOptions { Engine = "openai", ModelCallTimeout = TimeSpan.FromSeconds(20) };
        product?.Invoke(productOptions);
        return new OpenAIEngineHarness(server, options, productOptions, breakerTime ?? TimeProvider.System, token);
    }

    /// <summary>Creates a container and uploads <paramref name="csv"/> (default: <see cref="TestCsv.Weather"/>) as data.csv.</summary>
    public async Task<(EngineContainer Container, EngineFile File)> CreateContainerWithDataAsync(string? csv = null)
    {
        var container = await Engine.CreateContainerAsync("sess-1", CancellationToken.None);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv ?? TestCsv.Weather));
        var file = await Engine.UploadFileAsync(container.Id, "data.csv", stream, CancellationToken.None);
        return (container, file);
    }

    public async Task<DiscoveryResult> DiscoverAsync(string? steering = null)
    {
        var (container, file) = await CreateContainerWithDataAsync();
        return await Engine.DiscoverAsync(new DiscoveryRequest("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), steering), CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>For an https fake: a transport that trusts exactly the fake's self-signed certificate.</summary>
    private static HttpClientPipelineTransport? TrustingTransport(FakeOpenAIServer server)
    {
        if (server.Certificate is not { } certificate)
        {
            return null;
        }

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is not null && cert.GetCertHashString() == certificate.GetCertHashString();
        return new HttpClientPipelineTransport(new HttpClient(handler));
    }
}

/// <summary>Test data: a small real-shaped weather CSV and its profile.</summary>
internal static class TestCsv
{
    public static readonly string Weather = Build();

    public static IReadOnlyList<string> Header(string csv) => csv.Split('\n')[0].Split(',');

    private static string Build()
    {
        var sb = new StringBuilder("date,temp_max,precipitation,weather\n");
        string[] kinds = ["sun", "rain", "fog", "drizzle"];
        for (var i = 0; i < 60; i++)
        {
            var day = new DateOnly(2024, 1, 1).AddDays(i);
            var temp = 5 + (i * 0.25) + (i % 7 * 0.5);
            var rain = i % 3 == 0 ? 0 : (i % 5) * 1.7;
            sb.Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(temp.ToString("0.0#", CultureInfo.InvariantCulture)).Append(',')
                .Append(rain.ToString("0.0#", CultureInfo.InvariantCulture)).Append(',')
                .Append(kinds[i % kinds.Length]).Append('\n');
        }

        return sb.ToString();
    }

    public static DatasetProfile Profile(string csv, long? rows = null)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var data = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var columns = header.Select((h, i) =>
        {
            var values = data.Select(r => r[i]).ToList();
            var numeric = values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            var date = values.All(v => DateOnly.TryParse(v, CultureInfo.InvariantCulture, out _));
            var type = numeric ? ColumnType.Decimal : date ? ColumnType.DateTime : ColumnType.Categorical;
            return new ColumnProfile(h, type, 0, values.Distinct().LongCount(), false, values.Min(), values.Max());
        }).ToList();
        return ColumnRoles.WithRoles(new DatasetProfile(Encoding.UTF8.GetByteCount(csv), "utf-8", CsvDelimiter.Comma, rows ?? data.Count, columns,
            data.Take(5).Select(r => (IReadOnlyList<string>)r).ToList(), [], 0, DecimalMark.Point, new string('0', 64)));
    }
}
