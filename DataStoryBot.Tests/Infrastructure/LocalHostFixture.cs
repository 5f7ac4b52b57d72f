using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>
/// The local host, in process, on a real loopback port, over the shared Azurite, with its own task hub and the
/// <see cref="TestAnalysisEngine"/>. One per test collection.
/// </summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    RunningLocalHost? running;

    public TestAnalysisEngine Engine { get; } = new();
    public HttpClient Http { get; private set; } = null!;
    public string TaskHub { get; } = "t" + Guid.NewGuid().ToString("N")[..20];
    public BlobServiceClient Blobs { get; } = new(AzuriteServer.ConnectionString);
    public TableServiceClient Tables { get; } = new(AzuriteServer.ConnectionString);
    public IServiceProvider Services => running!.App.Services;

    /// <summary>Extra settings, e.g. a short phase deadline; applied on top of the defaults.</summary>
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

    public async Task InitializeAsync()
    {
        running = await RunningLocalHost.StartWithEngineAsync(Engine, TaskHub, [],
            builder => builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("DurableTask", LogLevel.Warning));
        Http = running.Http;
    }

    public async Task DisposeAsync()
    {
        if (running is not null)
        {
            await running.DisposeAsync();
        }
    }
}

/// <summary>A local host started in process on a free loopback port over the shared Azurite, with an HTTP client for it.</summary>
public sealed class RunningLocalHost : IAsyncDisposable
{
    RunningLocalHost(WebApplication app, HttpClient http)
    {
        App = app;
        Http = http;
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }

    public static async Task<RunningLocalHost> StartAsync(string taskHub, string[] extraArgs, Action<WebApplicationBuilder>? configure = null)
    {
        var port = AzuriteServer.FreePort();
        var app = DataStoryBot.Local.LocalHost.Build([.. LocalHostFixture.Args(AzuriteServer.ConnectionString, port, taskHub), .. extraArgs], configure);
        await app.StartAsync();
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        return new RunningLocalHost(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>The same, with <paramref name="engine"/> in place of the configured analysis engine.</summary>
    public static Task<RunningLocalHost> StartWithEngineAsync(IAnalysisEngine engine, string taskHub, string[] extraArgs, Action<WebApplicationBuilder>? configure = null) =>
        StartAsync(taskHub, extraArgs, builder =>
        {
            builder.Services.RemoveAll<IAnalysisEngine>();
            builder.Services.AddSingleton(engine);
            configure?.Invoke(builder);
        });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}

/// <summary>HTTP helpers for the API as a client uses it.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Uploaded(string SessionId, string Token, JsonElement Body);

    public static async Task<Uploaded> UploadAsync(this HttpClient http, string csv, string fileName = "data.csv")
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        using var response = await http.PostAsync("/api/upload", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"upload answered {(int)response.StatusCode}: {body}");
        return new Uploaded(body.GetProperty("sessionId").GetString()!, body.GetProperty("sessionToken").GetString()!, body);
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? token, object? json = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendJsonAsync(this HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
        return (response, body);
    }

    public static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Polls a job URL until it answers 200 (done), honouring nothing but a short fixed interval.</summary>
    public static async Task<JsonElement> WaitForJobAsync(this HttpClient http, string statusUrl, string token, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var (response, body) = await http.SendJsonAsync(Request(HttpMethod.Get, statusUrl, token));
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                return body;
            }

            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(response.Headers.RetryAfter is not null, "a running job answers with Retry-After");
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {statusUrl} still running: {body}");
            }

            await Task.Delay(100);
        }
    }
}
