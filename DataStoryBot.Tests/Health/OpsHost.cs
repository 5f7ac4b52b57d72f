using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Tests.Health;

/// <summary>
/// A local host over the shared Azurite with the <see cref="TestAnalysisEngine"/>, like <see cref="LocalHostFixture"/>,
/// but with its own tables and blob containers (so health results and retention sweeps never see another test's data),
/// a health key, a low breaker threshold, and optionally a log recorder.
/// </summary>
public sealed class OpsHost : IAsyncDisposable
{
    public const string HealthKey = "test-health-key";

    WebApplication app = null!;

    public TestAnalysisEngine Engine { get; } = new();
    public HttpClient Http { get; private set; } = null!;
    public IServiceProvider Services => app.Services;
    public DurableTaskClient Client => app.Services.GetRequiredService<DurableTaskClient>();
    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..12];
    public string SessionsTable => "opss" + Suffix;
    public string ContainerRoot => Path.Combine(Path.GetTempPath(), "dsb-ops-" + Suffix);
    public string UploadsContainer => "ops-up-" + Suffix;
    public string ArtifactsContainer => "ops-art-" + Suffix;
    public TableClient Sessions => new TableServiceClient(AzuriteServer.ConnectionString).GetTableClient(SessionsTable);
    public BlobServiceClient Blobs { get; } = new(AzuriteServer.ConnectionString);

    public static Task<OpsHost> StartAsync(ILoggerProvider? logs = null, params string[] extraArgs) => StartAsync(logs, testEngine: true, extraArgs);

    /// <summary>The same, with the test engine arranged before the host (and its background work) starts.</summary>
    public static Task<OpsHost> StartAsync(Action<TestAnalysisEngine> arrange, params string[] extraArgs) => StartAsync(null, testEngine: true, extraArgs, arrange: arrange);

    /// <summary>The same host with the engine its configuration selects (built-in by default, or DataStoryBot:Engine=openai).</summary>
    public static Task<OpsHost> StartWithConfiguredEngineAsync(params string[] extraArgs) => StartAsync(null, testEngine: false, extraArgs);

    /// <summary>The same, with the provider circuit breaker on <paramref name="breakerClock"/> (see <see cref="BreakerClock"/>).</summary>
    public static Task<OpsHost> StartWithConfiguredEngineAsync(TimeProvider breakerClock, params string[] extraArgs) =>
        StartAsync(null, testEngine: false, extraArgs, breakerClock);

    static async Task<OpsHost> StartAsync(ILoggerProvider? logs, bool testEngine, string[] extraArgs, TimeProvider? breakerClock = null, Action<TestAnalysisEngine>? arrange = null)
    {
        var host = new OpsHost();
        arrange?.Invoke(host.Engine);
        var port = AzuriteServer.FreePort();
        string[] args =
        [
            .. LocalHostFixture.Args(AzuriteServer.ConnectionString, port, "ops" + host.Suffix),
            $"--Storage:SessionsTable={host.SessionsTable}",
            $"--Storage:IdempotencyTable=opsi{host.Suffix}",
            $"--Storage:HealthTable=opsh{host.Suffix}",
            $"--Storage:UploadsContainer={host.UploadsContainer}",
            $"--Storage:ArtifactsContainer={host.ArtifactsContainer}",
            $"--BuiltIn:ContainerRoot={host.ContainerRoot}",
            $"--HealthCheck:Key={HealthKey}",
            "--HealthCheck:Timeout=00:00:30",
            "--OpenAI:BreakerFailureThreshold=2",
            .. extraArgs,
        ];
        host.app = DataStoryBot.Local.LocalHost.Build(args, builder =>
        {
            if (testEngine)
            {
                builder.Services.RemoveAll<IAnalysisEngine>();
                builder.Services.AddSingleton<IAnalysisEngine>(host.Engine);
            }

            if (breakerClock is not null)
            {
                builder.Services.UseBreakerClock(breakerClock);
            }

            builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("DurableTask", LogLevel.Warning);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });
        await host.app.StartAsync();
        await host.app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        host.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        return host;
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Polls the health table until a result matching <paramref name="match"/> is recorded.</summary>
    public async Task<HealthCheckResult> WaitForLatestAsync(Func<HealthCheckResult, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await Get<HealthResultStore>().GetLatestAsync(CancellationToken.None) is { } latest && match(latest))
            {
                return latest;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching health check result within {timeout}.");
            }

            await Task.Delay(100);
        }
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetHealthAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        if (key is not null)
        {
            request.Headers.Add("X-Health-Key", key);
        }

        using var response = await Http.SendAsync(request);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (Directory.Exists(ContainerRoot))
        {
            Directory.Delete(ContainerRoot, recursive: true);
        }
    }
}

/// <summary>An <see cref="OpsHost"/> per test class.</summary>
public sealed class OpsHostFixture : IAsyncLifetime
{
    public OpsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await OpsHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Records every log line with its merged scopes, for assertions on correlation ids.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> State, IReadOnlyDictionary<string, object?> Scopes)
    {
        public string? Value(string key) =>
            Scopes.TryGetValue(key, out var s) && s is not null ? s.ToString()
            : State.TryGetValue(char.ToUpperInvariant(key[0]) + key[1..], out var v) && v is not null ? v.ToString()
            : null;
    }

    sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner.scopes.ForEachScope((scope, acc) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (k, v) in pairs)
                    {
                        acc[k] = v;
                    }
                }
                else if (scope is IEnumerable<KeyValuePair<string, object>> objects)
                {
                    foreach (var (k, v) in objects)
                    {
                        acc[k] = v;
                    }
                }
            }, merged);
            var values = state is IEnumerable<KeyValuePair<string, object?>> s ? s.ToDictionary(p => p.Key, p => p.Value) : new Dictionary<string, object?>();
            owner.Lines.Enqueue(new LogLine(category, logLevel, eventId, formatter(state, exception), values, merged));
        }
    }
}
