using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Bench;

/// <summary>
/// Workflow overhead of the pipeline (issue 3): the local host over Azurite with a zero-latency engine, driven over
/// real HTTP. Measures request-to-result time per phase (p50, p95) over sequential sessions, then 20 concurrent
/// sessions each running analyze + refine. Run: dotnet run -c Release --project bench/DataStoryBot.Bench -- pipeline [sessions]
/// </summary>
public static class PipelineBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sequential = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 30;
        var port = AzuriteServer.FreePort();
        var engine = new TestAnalysisEngine();
        var app = DataStoryBot.Local.LocalHost.Build(
        [
            $"--Storage:ConnectionString={AzuriteServer.ConnectionString}", $"--LocalHost:Port={port}",
            $"--LocalHost:TaskHub=bench{Guid.NewGuid():N}"[..40], "--Logging:LogLevel:Default=Warning",
        ], b =>
        {
            b.Services.RemoveAll<IAnalysisEngine>();
            b.Services.AddSingleton<IAnalysisEngine>(engine);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var baseline = await TableRoundTripAsync(app.Services);
        await RunSessionAsync(http); // warm-up
        var analyze = new List<double>();
        var refine = new List<double>();
        for (var i = 0; i < sequential; i++)
        {
            var (a, r) = await RunSessionAsync(http);
            analyze.Add(a);
            refine.Add(r);
        }

        var wall = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await RunSessionAsync(http);
                return true;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine(e.Message);
                return false;
            }
        }));
        wall.Stop();

        Console.WriteLine($"Azurite table write+read round trip (baseline, median of 20): {baseline:0.0} ms");
        Console.WriteLine($"analyze → stories: p50 {Percentile(analyze, 50):0} ms, p95 {Percentile(analyze, 95):0} ms (n={sequential}); p50/baseline {Percentile(analyze, 50) / baseline:0}x");
        Console.WriteLine($"refine → artifacts: p50 {Percentile(refine, 50):0} ms, p95 {Percentile(refine, 95):0} ms (n={sequential}); p50/baseline {Percentile(refine, 50) / baseline:0}x");
        Console.WriteLine($"20 concurrent sessions (analyze + refine each): {results.Count(ok => ok)} succeeded, {results.Count(ok => !ok)} failed, {wall.Elapsed.TotalSeconds:0.0} s");
        await app.StopAsync();
        return results.All(ok => ok) ? 0 : 1;
    }

    static async Task<(double Analyze, double Refine)> RunSessionAsync(HttpClient http)
    {
        var csv = new StringBuilder("day,group,value\n");
        for (var i = 0; i < 50; i++)
        {
            csv.Append($"2024-01-{1 + i % 28:00},g{i % 3},{i * 1.5}\n");
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "bench.csv" } };
        var upload = await (await http.PostAsync("/api/upload", form)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = upload.GetProperty("sessionId").GetString();
        var token = upload.GetProperty("sessionToken").GetString();

        var sw = Stopwatch.StartNew();
        await StartAndWaitAsync(http, $"/api/sessions/{id}/analyze", token!, new { });
        var analyze = sw.Elapsed.TotalMilliseconds;
        var session = await Send(http, HttpMethod.Get, $"/api/sessions/{id}", token!, null);
        var title = session.GetProperty("stories")[0].GetProperty("title").GetString();
        sw.Restart();
        await StartAndWaitAsync(http, $"/api/sessions/{id}/refine", token!, new { title });
        return (analyze, sw.Elapsed.TotalMilliseconds);
    }

    static async Task StartAndWaitAsync(HttpClient http, string url, string token, object body)
    {
        var accepted = await Send(http, HttpMethod.Post, url, token, body);
        var status = accepted.GetProperty("statusUrl").GetString()!;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, status);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                var result = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (result.GetProperty("status").GetString() != "succeeded")
                {
                    throw new InvalidOperationException("job failed: " + result);
                }

                return;
            }

            await Task.Delay(25);
        }
    }

    static async Task<JsonElement> Send(HttpClient http, HttpMethod method, string url, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        return await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    }

    static async Task<double> TableRoundTripAsync(IServiceProvider services)
    {
        var table = services.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient("health");
        await table.CreateIfNotExistsAsync();
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var sw = Stopwatch.StartNew();
            await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("bench", "rt") { ["i"] = i });
            await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("bench", "rt");
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        return Percentile(times, 50);
    }

    static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
