using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>What a <see cref="TestHost"/> differs in from the default one; every property has a default.</summary>
public sealed record TestHostOptions
{
    /// <summary>The engine in place of the configured one; a new <see cref="TestAnalysisEngine"/> unless <see cref="ConfiguredEngine"/>.</summary>
    public TestAnalysisEngine? Engine { get; init; }

    /// <summary>Run the engine the configuration selects (the built-in analyst, or <c>--DataStoryBot:Engine=openai</c>).</summary>
    public bool ConfiguredEngine { get; init; }

    /// <summary>The Durable Task hub; a new one per host unless given (two hosts given the same one share their work).</summary>
    public string? TaskHub { get; init; }

    /// <summary>Tables and blob containers of the host's own, so it never sees another test's sessions, keys or health results.</summary>
    public bool OwnStorage { get; init; }

    /// <summary>Settings on top of <see cref="TestHost.Args"/>, e.g. a short phase deadline.</summary>
    public string[] Args { get; init; } = [];

    /// <summary>Records the host's log lines.</summary>
    public RecordingLoggerProvider? Logs { get; init; }

    /// <summary>Last changes to the builder (services, Kestrel).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    /// <summary>
    /// The operations tests' host: storage of its own, a health key (<see cref="TestHost.HealthKey"/>), a 30 s check
    /// timeout and a provider breaker that opens after two failures.
    /// </summary>
    public static TestHostOptions Ops(params string[] args) => new()
    {
        OwnStorage = true,
        Args = [$"--HealthCheck:Key={TestHost.HealthKey}", "--HealthCheck:Timeout=00:00:30", "--OpenAI:BreakerFailureThreshold=2", .. args],
    };
}

/// <summary>
/// The local host, in process, on a real loopback port, over the shared Azurite, with the <see cref="TestAnalysisEngine"/>
/// unless told otherwise (<see cref="TestHostOptions"/>). Start one for a test with <see cref="StartAsync"/>, or use it as
/// an xunit fixture: a subclass overrides <see cref="OptionsAsync"/> only.
/// </summary>
public class TestHost : IAsyncLifetime, IAsyncDisposable
{
    public const string HealthKey = "test-health-key";

    readonly TestHostOptions? given;
    TestHostOptions options = new();
    TestAnalysisEngine? engine;
    WebApplication? app;

    /// <summary>For xunit, which creates fixtures; the options come from <see cref="OptionsAsync"/>.</summary>
    public TestHost()
    {
    }

    TestHost(TestHostOptions options) => given = options;

    public static async Task<TestHost> StartAsync(TestHostOptions? options = null)
    {
        var host = new TestHost(options ?? new TestHostOptions());
        await host.InitializeAsync();
        return host;
    }

    /// <summary>The settings every test host starts with.</summary>
    public static string[] Args(string connectionString, int port, string taskHub) =>
    [
        $"--Storage:ConnectionString={connectionString}",
        $"--LocalHost:Port={port}",
        $"--LocalHost:TaskHub={taskHub}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:DataStoryBot=Information",
        "--LocalHost:Background:HealthCheck=false",
        "--LocalHost:Background:RetentionSweep=false",
    ];

    /// <summary>A fixture's options; a host from <see cref="StartAsync"/> has those it was given.</summary>
    protected virtual Task<TestHostOptions> OptionsAsync() => Task.FromResult(given ?? new TestHostOptions());

    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..12];
    public string TaskHub { get; private set; } = "";
    public string ContainerRoot => Path.Combine(Path.GetTempPath(), "dsb-test-" + Suffix);
    public TestAnalysisEngine Engine => engine ?? throw new InvalidOperationException("This host runs the engine its configuration selects.");
    public HttpClient Http { get; private set; } = null!;
    public int Port => Http.BaseAddress!.Port;
    public WebApplication App => app ?? throw new InvalidOperationException("The host has not started.");
    public IServiceProvider Services => App.Services;
    public DurableTaskClient Client => Get<DurableTaskClient>();
    public RecordingLoggerProvider Logs => options.Logs ?? throw new InvalidOperationException("This host records no logs.");
    public StorageOptions Storage => Get<IOptions<StorageOptions>>().Value;
    public BlobServiceClient Blobs { get; } = new(AzuriteServer.ConnectionString);
    public TableServiceClient Tables { get; } = new(AzuriteServer.ConnectionString);
    public TableClient Sessions => Tables.GetTableClient(Storage.SessionsTable);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        options = await OptionsAsync();
        engine = options.ConfiguredEngine ? null : options.Engine ?? new TestAnalysisEngine();
        TaskHub = options.TaskHub ?? "t" + Guid.NewGuid().ToString("N")[..20];
        // A free port can be taken by another process between asking for it and binding it: try another one.
        for (var attempt = 1; ; attempt++)
        {
            var port = AzuriteServer.FreePort();
            try
            {
                await StartAtAsync(port);
                return;
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 3)
            {
                // Stop what started before the bind failed (the durable worker) so it does not poll the task hub beside the next try.
                await app!.StopAsync();
                await app.DisposeAsync();
                app = null;
            }
        }
    }

    private async Task StartAtAsync(int port)
    {
        string[] own = options.OwnStorage
            ?
            [
                $"--Storage:SessionsTable=s{Suffix}", $"--Storage:IdempotencyTable=i{Suffix}", $"--Storage:HealthTable=h{Suffix}",
                $"--Storage:UploadsContainer=up-{Suffix}", $"--Storage:ArtifactsContainer=ar-{Suffix}",
            ]
            : [];
        app = DataStoryBot.Local.LocalHost.Build([.. Args(AzuriteServer.ConnectionString, port, TaskHub), $"--BuiltIn:ContainerRoot={ContainerRoot}", .. own, .. options.Args],
            builder =>
            {
                if (engine is not null)
                {
                    builder.Services.RemoveAll<IAnalysisEngine>();
                    builder.Services.AddSingleton<IAnalysisEngine>(engine);
                }

                builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("DurableTask", LogLevel.Warning);
                if (options.Logs is not null)
                {
                    builder.Logging.AddProvider(options.Logs);
                }

                options.Configure?.Invoke(builder);
            });
        await app.StartAsync();
        await Get<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public virtual async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }

        if (Directory.Exists(ContainerRoot))
        {
            Directory.Delete(ContainerRoot, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The host most integration tests share: the test engine, the default tables and containers.</summary>
public sealed class LocalHostFixture : TestHost;

[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
