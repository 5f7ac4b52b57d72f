using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using DataStoryBot.Core.Storage;
using DataStoryBot.Core.Workbooks;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Bench;

/// <summary>
/// Issue 14: a workbook uploaded end to end over HTTP to the local host (in process, over Azurite), as the CSV upload
/// bench does it (<see cref="UploadBench"/>): median of <c>runs</c> as a multipart form (what the page sends) and as a
/// raw body with the spreadsheet content type, with the process's peak resident memory beyond the one before each
/// upload, and pandas <c>read_excel</c> (openpyxl) of the same file, median of <c>runs</c>, in the same run.
/// Run: dotnet run -c Release --project bench/DataStoryBot.Bench -- upload-workbook [rows] [columns] [runs]
/// </summary>
public static class WorkbookHttpBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int columns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        string path = Path.Combine(Path.GetTempPath(), $"datastorybot-bench-{rows}x{columns}.xlsx");
        if (!File.Exists(path))
        {
            WorkbookBench.Generate(path, rows, columns);
        }

        Console.WriteLine($"workbook: {path}, {rows:N0} rows x {columns} columns, {new FileInfo(path).Length:N0} bytes; load average {LoadAverage()}");

        var port = AzuriteServer.FreePort();
        var app = DataStoryBot.Local.LocalHost.Build(
        [
            $"--Storage:ConnectionString={AzuriteServer.ConnectionString}", $"--LocalHost:Port={port}",
            $"--LocalHost:TaskHub=bench{Guid.NewGuid():N}"[..40], "--Logging:LogLevel:Default=Warning",
            "--LocalHost:Background:HealthCheck=false", "--LocalHost:Background:RetentionSweep=false",
        ], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine($"host process resident memory before any upload: {Status("VmRSS") / 1024.0:0} MB");
        var (warmStatus, warmDetail) = await UploadAsync(http, path, multipart: true);
        Console.WriteLine($"warm-up upload: {warmStatus} {warmDetail}; resident memory after it: {Status("VmRSS") / 1024.0:0} MB");

        var multipart = new List<double>();
        var raw = new List<double>();
        var peaks = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            foreach (bool form in new[] { true, false })
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                long before = Status("VmRSS");
                File.WriteAllText("/proc/self/clear_refs", "5"); // resets the peak resident set (VmHWM) to the current one
                var sw = Stopwatch.StartNew();
                var (status, detail) = await UploadAsync(http, path, form);
                double ms = sw.Elapsed.TotalMilliseconds;
                double peak = (Status("VmHWM") - before) / 1024.0;
                (form ? multipart : raw).Add(ms);
                peaks.Add(peak);
                Console.WriteLine($"  run {i + 1} {(form ? "multipart" : "raw body")}: {ms:0} ms, {status} {detail}, baseline {before / 1024.0:0} MB, peak +{peak:0} MB");
            }
        }

        var pandas = Pandas(path, runs);
        Console.WriteLine($"upload end to end, multipart: median {Median(multipart):0} ms of [{Join(multipart)}]");
        Console.WriteLine($"upload end to end, raw body:  median {Median(raw):0} ms of [{Join(raw)}]");
        Console.WriteLine($"pandas read_excel (openpyxl): median {Median(pandas):0} ms of [{Join(pandas)}]");
        Console.WriteLine($"ratio multipart / pandas: {Median(multipart) / Median(pandas):0.00}; raw / pandas: {Median(raw) / Median(pandas):0.00}");
        Console.WriteLine($"peak resident memory beyond the one before the upload: max {peaks.Max():0} MB of [{Join(peaks)}]");
        await app.StopAsync();
        return 0;
    }

    /// <summary>Uploads the workbook; returns the status and, for a 201, the rows and columns read (else the problem's type).</summary>
    static async Task<(int Status, string Detail)> UploadAsync(HttpClient http, string path, bool multipart)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var content = new StreamContent(file, 64 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue(WorkbookUpload.SpreadsheetContentType);
        using HttpContent body = multipart ? new MultipartFormDataContent { { content, "file", "bench.xlsx" } } : content;
        using var response = await http.PostAsync(multipart ? "/api/upload" : "/api/upload?fileName=bench.xlsx", body);
        string text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        string detail = response.StatusCode == System.Net.HttpStatusCode.Created
            ? $"{json.RootElement.GetProperty("file").GetProperty("rowCount").GetInt64():N0} rows, {json.RootElement.GetProperty("file").GetProperty("columns").GetArrayLength()} columns"
            : json.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? "" : text[..Math.Min(200, text.Length)];
        return ((int)response.StatusCode, detail);
    }

    /// <summary>pandas read_excel (openpyxl) of the same file, timed by Python itself, one process for all runs.</summary>
    static List<double> Pandas(string path, int runs)
    {
        var script = "import sys, time, pandas as pd\n" +
            "for _ in range(int(sys.argv[2])):\n" +
            "    t = time.perf_counter(); pd.read_excel(sys.argv[1], engine='openpyxl'); print((time.perf_counter() - t) * 1000, flush=True)\n";
        var start = new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { "-c", script, path, runs.ToString(CultureInfo.InvariantCulture) }, RedirectStandardOutput = true };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];
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
