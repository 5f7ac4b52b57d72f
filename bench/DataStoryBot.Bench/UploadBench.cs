using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DataStoryBot.Bench;

/// <summary>
/// Issue 16: the 1M-row, 50.4 MB file uploaded end to end over HTTP to the local host (in process, over Azurite),
/// median of 3 (raw text/csv body and multipart form), against the median of 3 pandas <c>read_csv</c> of the same file in
/// the same run; then where the time goes, each part alone, median of 3: the request read (a bare Kestrel endpoint that
/// drains the body), validation (in memory, nothing stored), the blob writes (staged blocks + commit) and the table
/// write (profile blob + session row). Also the process's peak resident memory beyond the one before each upload.
/// Run: dotnet run -c Release --project bench/DataStoryBot.Bench -- upload [runs]
/// </summary>
public static class UploadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 3;
        var path = UploadBenchmarkData.EnsureFile();
        var bytes = await File.ReadAllBytesAsync(path);
        Console.WriteLine($"file: {path}, {bytes.Length:N0} bytes, load average {LoadAverage()}");

        var port = AzuriteServer.FreePort();
        var app = DataStoryBot.Local.LocalHost.Build(
        [
            $"--Storage:ConnectionString={AzuriteServer.ConnectionString}", $"--LocalHost:Port={port}",
            $"--LocalHost:TaskHub=bench{Guid.NewGuid():N}"[..40], "--Logging:LogLevel:Default=Warning",
            "--LocalHost:Background:HealthCheck=false", "--LocalHost:Background:RetentionSweep=false",
        ], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };

        await UploadAsync(http, path, multipart: false); // warm-up: JIT, pools, connections
        using var pandasReader = new PandasReader(path);
        pandasReader.Read(); // warm-up: imports, page cache
        var raw = new List<double>();
        var multipart = new List<double>();
        var pandas = new List<double>();
        var tails = new List<double>();
        var peaks = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            // One round each: raw upload, pandas, multipart upload, pandas — interleaved, so that a burst of load on this
            // shared machine hits both sides of the comparison rather than one of them.
            double tail = 0;
            var (ms, peak) = await MeasureAsync(async () => tail = await UploadAsync(http, path, multipart: false));
            raw.Add(ms);
            tails.Add(tail);
            peaks.Add(peak);
            pandas.Add(pandasReader.Read());
            (ms, peak) = await MeasureAsync(() => UploadAsync(http, path, multipart: true));
            multipart.Add(ms);
            peaks.Add(peak);
            pandas.Add(pandasReader.Read());
        }

        Console.WriteLine($"upload end to end, raw text/csv: median {Median(raw):0} ms of [{Join(raw)}]");
        Console.WriteLine($"upload end to end, multipart:    median {Median(multipart):0} ms of [{Join(multipart)}]");
        Console.WriteLine($"  of which after the client sent its last byte (raw): median {Median(tails):0} ms of [{Join(tails)}]");
        Console.WriteLine($"pandas read_csv (interleaved):   median {Median(pandas):0} ms of [{Join(pandas)}]");
        Console.WriteLine($"ratio of medians, upload (raw) / pandas: {Median(raw) / Median(pandas):0.00}; multipart / pandas: {Median(multipart) / Median(pandas):0.00}");
        var rawRatios = raw.Select((r, i) => r / pandas[2 * i]).ToList();
        var multipartRatios = multipart.Select((m, i) => m / pandas[2 * i + 1]).ToList();
        Console.WriteLine($"median of per-round ratios, raw / pandas: {Median(rawRatios):0.00} of [{string.Join(", ", rawRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}]; " +
            $"multipart / pandas: {Median(multipartRatios):0.00} of [{string.Join(", ", multipartRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}]");
        Console.WriteLine($"peak resident memory beyond the one before the upload: max {peaks.Max():0} MB of [{Join(peaks)}]");

        Console.WriteLine("where the time goes (each part alone, median of " + runs + "):");
        Console.WriteLine($"  request read (bare Kestrel, raw body drained): {Median(await RepeatAsync(runs, () => DrainAsync(path, multipart: false))):0} ms");
        Console.WriteLine($"  request read (bare Kestrel, multipart section drained): {Median(await RepeatAsync(runs, () => DrainAsync(path, multipart: true))):0} ms");
        var validator = new UploadValidator(Options.Create(new DataStoryBotOptions()));
        Console.WriteLine($"  validation (in memory, nothing stored): {Median(await RepeatAsync(runs, () => Timed(() => ValidateAsync(validator, bytes)))):0} ms");
        var blobs = app.Services.GetRequiredService<BlobStore>();
        Console.WriteLine($"  blob writes (staged 4 MiB blocks + commit): {Median(await RepeatAsync(runs, () => StageAsync(blobs, bytes))):0} ms");
        foreach (var (size, inFlight) in new[] { (1, 8), (2, 6), (4, 3), (4, 8), (8, 2), (8, 4), (16, 2) })
        {
            Console.WriteLine($"  blob writes alone, {size} MiB blocks, {inFlight} in flight: {Median(await RepeatAsync(runs, () => StageWithAsync(blobs, bytes, size * 1024 * 1024, inFlight))):0} ms");
        }

        Console.WriteLine($"  table write + profile blob: {Median(await RepeatAsync(runs, () => RowAsync(app.Services, validator))):0} ms");
        await app.StopAsync();
        return 0;
    }

    static async Task<(double Ms, double PeakMb)> MeasureAsync(Func<Task> upload)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = Status("VmRSS");
        File.WriteAllText("/proc/self/clear_refs", "5"); // resets the peak resident set (VmHWM) to the current one
        var sw = Stopwatch.StartNew();
        await upload();
        var ms = sw.Elapsed.TotalMilliseconds;
        return (ms, (Status("VmHWM") - before) / 1024.0);
    }

    /// <summary>Uploads the file; returns the milliseconds from the client's last byte read (and sent) to the answer.</summary>
    static async Task<double> UploadAsync(HttpClient http, string path, bool multipart)
    {
        await using var file = new EndMarkingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan));
        var content = new StreamContent(file, 64 * 1024);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using HttpContent body = multipart ? new MultipartFormDataContent { { content, "file", "upload-1m.csv" } } : content;
        using var response = await http.PostAsync(multipart ? "/api/upload" : "/api/upload?fileName=upload-1m.csv", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"upload answered {(int)response.StatusCode}: {text}");
        }

        var answered = Stopwatch.GetTimestamp();
        using var json = JsonDocument.Parse(text);
        if (json.RootElement.GetProperty("file").GetProperty("rowCount").GetInt64() != UploadBenchmarkData.Rows)
        {
            throw new InvalidOperationException("unexpected row count: " + text[..200]);
        }

        return Stopwatch.GetElapsedTime(file.EndTimestamp, answered).TotalMilliseconds;
    }

    /// <summary>A read-only wrapper that notes when its inner stream reached its end.</summary>
    sealed class EndMarkingStream(Stream inner) : PassThroughReadStream(inner, leaveOpen: false)
    {
        public long EndTimestamp { get; private set; }

        protected override void OnRead(ReadOnlySpan<byte> data)
        {
            if (data.IsEmpty && EndTimestamp == 0)
            {
                EndTimestamp = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>The same bytes over the same loopback into a bare Kestrel endpoint that only reads them.</summary>
    static async Task<double> DrainAsync(string path, bool multipart)
    {
        var port = AzuriteServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenLocalhost(port);
            k.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var drain = builder.Build();
        drain.MapPost("/drain", async (HttpRequest request) =>
        {
            var body = request.Body;
            if (multipart)
            {
                var boundary = HeaderUtilities.RemoveQuotes(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
                body = (await new MultipartReader(boundary, request.Body, 64 * 1024) { BodyLengthLimit = null }.ReadNextSectionAsync())!.Body;
            }

            var buffer = new byte[1024 * 1024];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            return Results.Text(total.ToString(CultureInfo.InvariantCulture));
        });
        await drain.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}") };
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var content = new StreamContent(file, 64 * 1024);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using HttpContent body = multipart ? new MultipartFormDataContent { { content, "file", "upload-1m.csv" } } : content;
        var sw = Stopwatch.StartNew();
        using var response = await http.PostAsync("/drain", body);
        response.EnsureSuccessStatusCode();
        var ms = sw.Elapsed.TotalMilliseconds;
        await drain.StopAsync();
        return ms;
    }

    static async Task ValidateAsync(UploadValidator validator, byte[] bytes)
    {
        var result = await validator.ValidateAsync(new MemoryStream(bytes, writable: false), "bench.csv", Stream.Null);
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException(result.Rejection!.Detail);
        }
    }

    static async Task<double> StageAsync(BlobStore blobs, byte[] bytes)
    {
        var sw = Stopwatch.StartNew();
        var id = "bench-" + Guid.NewGuid().ToString("N");
        await using var staged = blobs.BeginUpload($"{blobs.UploadsContainer}/{id}/original/upload.csv", $"{blobs.UploadsContainer}/{id}/data.csv");
        for (var offset = 0; offset < bytes.Length; offset += 1024 * 1024)
        {
            await staged.WriteOriginalAsync(bytes.AsMemory(offset, Math.Min(1024 * 1024, bytes.Length - offset)), CancellationToken.None);
        }

        await staged.CommitAsync(CancellationToken.None);
        var ms = sw.Elapsed.TotalMilliseconds;
        await blobs.DeleteSessionAsync(id, CancellationToken.None);
        return ms;
    }

    static async Task<double> StageWithAsync(BlobStore blobs, byte[] bytes, int blockSize, int inFlight)
    {
        var sw = Stopwatch.StartNew();
        var path = $"{blobs.UploadsContainer}/bench-{Guid.NewGuid():N}/original/upload.csv";
        await using (var writer = new StagedBlockWriter(blobs.GetBlockBlob(path), blockSize, inFlight))
        {
            for (var offset = 0; offset < bytes.Length; offset += 1024 * 1024)
            {
                await writer.AppendAsync(bytes.AsMemory(offset, Math.Min(1024 * 1024, bytes.Length - offset)), CancellationToken.None);
            }

            await writer.CommitAsync("text/csv", null, 0, CancellationToken.None);
        }

        var ms = sw.Elapsed.TotalMilliseconds;
        await blobs.GetBlob(path).DeleteAsync();
        return ms;
    }

    static DatasetProfile? profile;

    static async Task<double> RowAsync(IServiceProvider services, UploadValidator validator)
    {
        profile ??= (await validator.ValidateAsync(new FileStream(UploadBenchmarkData.FilePath, FileMode.Open, FileAccess.Read), "bench.csv", Stream.Null)).Profile!;
        var blobs = services.GetRequiredService<BlobStore>();
        var sessions = services.GetRequiredService<SessionStore>();
        var id = SessionSecrets.NewSessionId();
        var record = new SessionRecord
        {
            SessionId = id, TokenHash = SessionSecrets.Hash(SessionSecrets.NewToken()), FileName = "upload-1m.csv",
            OriginalBlob = $"uploads/{id}/original/upload-1m.csv", DataBlob = $"uploads/{id}/original/upload-1m.csv", ProfileBlob = $"artifacts/{id}/profile.json",
            SizeBytes = profile.SizeBytes, RowCount = profile.RowCount, ColumnCount = profile.Columns.Count, Sha256 = profile.Sha256,
            CreatedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow, Status = SessionStatus.Uploaded,
        };
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(
            blobs.UploadAsync(record.ProfileBlob, BinaryData.FromObjectAsJson(profile, DataStoryBot.Core.Serialization.JsonDefaults.Web), "application/json", CancellationToken.None),
            sessions.CreateAsync(record, CancellationToken.None));
        var ms = sw.Elapsed.TotalMilliseconds;
        await Task.WhenAll(blobs.DeleteSessionAsync(id, CancellationToken.None), sessions.DeleteAsync(id, CancellationToken.None));
        return ms;
    }

    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times; each run returns its own milliseconds.</summary>
    static async Task<List<double>> RepeatAsync(int runs, Func<Task<double>> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            times.Add(await action());
        }

        return times;
    }

    static async Task<double> Timed(Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>pandas read_csv of the same file, timed by Python itself, in one Python process that reads the file each
    /// time it is asked (a line on its stdin), so that its runs can be interleaved with the uploads.</summary>
    sealed class PandasReader : IDisposable
    {
        readonly Process python;

        public PandasReader(string path)
        {
            var script = "import sys, time, pandas as pd\n" +
                "for _ in sys.stdin:\n" +
                "    t = time.perf_counter(); pd.read_csv(sys.argv[1]); print((time.perf_counter() - t) * 1000, flush=True)\n";
            var start = new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { "-c", script, path }, RedirectStandardInput = true, RedirectStandardOutput = true };
            python = Process.Start(start)!;
        }

        public double Read()
        {
            python.StandardInput.WriteLine("read");
            python.StandardInput.Flush();
            var line = python.StandardOutput.ReadLine() ?? throw new InvalidOperationException("pandas ended early (is python3-pandas installed?)");
            return double.Parse(line, CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            python.StandardInput.Close();
            python.WaitForExit();
            python.Dispose();
        }
    }

    static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture); // kB

    static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    static string Join(List<double> values) => string.Join(", ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));
}
