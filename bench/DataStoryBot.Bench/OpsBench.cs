using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Retention;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Bench;

/// <summary>
/// Operator figures, measured with a Stopwatch against the real local host over Azurite (not BenchmarkDotNet: each
/// iteration is seconds of durable work, and the sweep consumes its input):
/// the synthetic health check's end-to-end latency with the built-in engine (p50 over 20 runs, after 2 warm-ups), and
/// the retention sweep's time for 1,000 expired sessions (3 blobs and a row each, as an upload leaves them).
/// Run: <c>dotnet run -c Release --project bench/DataStoryBot.Bench -- ops [runs] [sessions]</c>
/// (Azurite from DSB_TEST_STORAGE, or started from node_modules).
/// </summary>
public static class OpsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var sessions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var port = AzuriteServer.FreePort();
        var app = DataStoryBot.Local.LocalHost.Build(
        [
            $"--Storage:ConnectionString={AzuriteServer.ConnectionString}",
            $"--LocalHost:Port={port}",
            $"--LocalHost:TaskHub=bench{suffix}",
            $"--Storage:SessionsTable=bs{suffix}",
            $"--Storage:IdempotencyTable=bi{suffix}",
            $"--Storage:HealthTable=bh{suffix}",
            $"--Storage:UploadsContainer=bench-up-{suffix}",
            $"--Storage:ArtifactsContainer=bench-art-{suffix}",
            "--DataStoryBot:Engine=builtin",
            "--LocalHost:Background:HealthCheck=false",
            "--LocalHost:Background:RetentionSweep=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
            await HealthCheckLatencyAsync(app, runs);
            await SweepAsync(app, sessions);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    static async Task HealthCheckLatencyAsync(WebApplication app, int runs)
    {
        var check = app.Services.GetRequiredService<SyntheticHealthCheck>();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        for (var i = 0; i < 2; i++)
        {
            var warm = await check.RunAsync(client, CancellationToken.None);
            Console.WriteLine($"warm-up: {warm.Outcome} {warm.LatencyMs} ms {warm.Detail}");
        }

        var latencies = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            var result = await check.RunAsync(client, CancellationToken.None);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Synthetic check {result.Outcome}: {result.Detail}");
            }

            latencies.Add(result.LatencyMs);
        }

        latencies.Sort();
        Console.WriteLine($"synthetic check, built-in engine, {runs} runs: p50 {Percentile(latencies, 0.50)} ms, p95 {Percentile(latencies, 0.95)} ms, " +
                          $"min {latencies[0]} ms, max {latencies[^1]} ms");
    }

    static async Task SweepAsync(WebApplication app, int count)
    {
        var store = app.Services.GetRequiredService<SessionStore>();
        var blobs = app.Services.GetRequiredService<BlobStore>();
        var old = DateTimeOffset.UtcNow - TimeSpan.FromDays(2);
        var seed = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            var id = SessionSecrets.NewSessionId();
            var original = BlobStore.UploadPath(blobs.UploadsContainer, id, "original/data.csv");
            var data = BlobStore.UploadPath(blobs.UploadsContainer, id, "data.csv");
            var profile = BlobStore.UploadPath(blobs.ArtifactsContainer, id, "profile.json");
            var csv = BinaryData.FromString("a,b\n1,2\n3,4\n");
            await blobs.UploadAsync(original, csv, "text/csv", ct);
            await blobs.UploadAsync(data, csv, "text/csv", ct);
            await blobs.UploadAsync(profile, BinaryData.FromString("{}"), "application/json", ct);
            await store.CreateAsync(new SessionRecord
            {
                SessionId = id, TokenHash = SessionSecrets.Hash(SessionSecrets.NewToken()), FileName = "data.csv", OriginalBlob = original, DataBlob = data,
                ProfileBlob = profile, SizeBytes = 12, RowCount = 2, ColumnCount = 2, Sha256 = new string('0', 64), CreatedAt = old, LastActivityAt = old,
                Status = SessionStatus.Uploaded,
            }, ct);
        });
        Console.WriteLine($"seeded {count} expired sessions in {seed.ElapsedMilliseconds} ms");

        var sweeper = app.Services.GetRequiredService<SessionSweeper>();
        var result = await sweeper.SweepAsync(app.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
        Console.WriteLine($"sweep: {result.Candidates} candidates, {result.Deleted} deleted, {result.Failed} failed in {result.Elapsed.TotalMilliseconds:0} ms " +
                          $"({result.Elapsed.TotalMilliseconds / Math.Max(1, result.Deleted):0.0} ms per session, parallelism {sweeper.Parallelism})");
        var again = await sweeper.SweepAsync(app.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
        Console.WriteLine($"second sweep (nothing left): {again.Candidates} candidates in {again.Elapsed.TotalMilliseconds:0} ms");
    }

    static long Percentile(List<long> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];
}
