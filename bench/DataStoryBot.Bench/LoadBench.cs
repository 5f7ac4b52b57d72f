using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Bench;

/// <summary>
/// Load (issue 12): N concurrent clients (default 50), each uploading its own CSV and running analyze to the end,
/// against the local host in process on loopback over Azurite, with the built-in analyst (real work, no fake engine).
/// Reports successes, wall time, per-session latency and the process's memory: the working set sampled every 20 ms
/// (peak and its rise over the warmed-up baseline), the kernel's high-water mark (VmHWM) and the peak GC heap.
/// The client runs in the same process, so the figures include it (a few MB of HTTP buffers).
/// Run: <c>dotnet run -c Release --project bench/DataStoryBot.Bench -- load [clients] [rows]</c>
/// </summary>
public static class LoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var root = Path.Combine(Path.GetTempPath(), "dsb-load-" + suffix);
        var port = AzuriteServer.FreePort();
        var app = DataStoryBot.Local.LocalHost.Build(
        [
            $"--Storage:ConnectionString={AzuriteServer.ConnectionString}",
            $"--LocalHost:Port={port}",
            "--LocalHost:ListenAddress=127.0.0.1",
            $"--LocalHost:TaskHub=load{suffix}",
            $"--Storage:SessionsTable=ls{suffix}",
            $"--Storage:IdempotencyTable=li{suffix}",
            $"--Storage:HealthTable=lh{suffix}",
            $"--Storage:UploadsContainer=load-up-{suffix}",
            $"--Storage:ArtifactsContainer=load-art-{suffix}",
            $"--BuiltIn:ContainerRoot={root}",
            "--DataStoryBot:Engine=builtin",
            "--LocalHost:Background:HealthCheck=false",
            "--LocalHost:Background:RetentionSweep=false",
            "--Logging:LogLevel:Default=Warning",
        ], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            var csvs = Enumerable.Range(0, clients).Select(i => Csv(rows, i)).ToList();
            Console.WriteLine($"{clients} clients, {rows} rows each ({csvs[0].Length / 1024.0:0} KB per file)");

            await SessionAsync(http, Csv(rows, -1)); // warm-up: JIT, connections, tables
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var baseline = process.WorkingSet64;
            var baselineHeap = GC.GetTotalMemory(false);

            long peak = baseline, peakHeap = baselineHeap;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    try
                    {
                        await Task.Delay(20, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });

            var wall = Stopwatch.StartNew();
            var results = await Task.WhenAll(csvs.Select(async csv =>
            {
                try
                {
                    return (Ok: true, Seconds: await SessionAsync(http, csv), Error: (string?)null);
                }
                catch (Exception e)
                {
                    return (Ok: false, Seconds: 0.0, Error: e.Message);
                }
            }));
            wall.Stop();
            stop.Cancel();
            await sampler;

            var times = results.Where(r => r.Ok).Select(r => r.Seconds).Order().ToList();
            Console.WriteLine($"succeeded {results.Count(r => r.Ok)}, failed {results.Count(r => !r.Ok)}, wall {wall.Elapsed.TotalSeconds:0.0} s");
            foreach (var error in results.Where(r => !r.Ok).Select(r => r.Error).Distinct().Take(5))
            {
                Console.WriteLine("  error: " + error);
            }

            if (times.Count > 0)
            {
                Console.WriteLine($"upload + analyze per session: p50 {times[times.Count / 2]:0.0} s, p95 {times[Math.Min(times.Count - 1, times.Count * 95 / 100)]:0.0} s, max {times[^1]:0.0} s");
            }

            Console.WriteLine($"working set: baseline {Mb(baseline)} MB, sampled peak {Mb(peak)} MB (+{Mb(peak - baseline)} MB), VmHWM {HighWaterMarkMb()} MB");
            Console.WriteLine($"GC heap: baseline {Mb(baselineHeap)} MB, sampled peak {Mb(peakHeap)} MB");
            return results.All(r => r.Ok) ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>The kernel's peak resident set of this process (Linux), or "n/a".</summary>
    static string HighWaterMarkMb()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return "n/a";
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? "n/a" : (long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0).ToString("0", CultureInfo.InvariantCulture);
    }

    /// <summary>A sales-like CSV: a date, two categories, two numbers with a trend and noise (seeded per client).</summary>
    static string Csv(int rows, int seed)
    {
        var random = new Random(seed + 1000);
        var sb = new StringBuilder("date,region,product,sales,units\n");
        string[] regions = ["north", "south", "east", "west"];
        string[] products = ["alpha", "beta", "gamma", "delta", "epsilon"];
        var start = new DateOnly(2024, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var region = random.Next(regions.Length);
            sb.Append(start.AddDays(i % 730).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(regions[region]).Append(',')
                .Append(products[random.Next(products.Length)]).Append(',')
                .Append((100 + region * 25 + i % 730 * 0.1 + random.NextDouble() * 20).ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(1, 40).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Upload, analyze, poll until done; seconds from the upload to the job's 200.</summary>
    static async Task<double> SessionAsync(HttpClient http, string csv)
    {
        var sw = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "load.csv" } };
        using var uploaded = await http.PostAsync("/api/upload", form);
        var upload = await uploaded.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = upload.GetProperty("sessionId").GetString();
        var token = upload.GetProperty("sessionToken").GetString()!;

        using var analyze = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/analyze") { Content = JsonContent.Create(new { }) };
        analyze.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var accepted = await http.SendAsync(analyze);
        var status = (await accepted.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!;
        while (true)
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, status);
            poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(poll);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                var result = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (result.GetProperty("status").GetString() != "succeeded")
                {
                    throw new InvalidOperationException("analyze failed: " + result.GetProperty("detail"));
                }

                return sw.Elapsed.TotalSeconds;
            }

            response.EnsureSuccessStatusCode();
            await Task.Delay(200);
        }
    }
}
