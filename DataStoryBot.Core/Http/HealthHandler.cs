using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Http;

/// <summary>
/// <c>GET /api/health</c>: 200 <c>{"status":"healthy"}</c>, 200 <c>{"status":"starting"}</c> or 503 <c>{"status":"degraded"}</c>,
/// judged from the latest synthetic check of this instance's engine, the provider's circuit breaker and whether Blob and
/// Table storage answer. "starting": this instance has not seen a check of its engine end since it started, and what the
/// table holds (nothing, another engine's result, or a failed or stale one from before the start) is not held against it
/// until the start-up check ends or the grace period (two schedule periods and the check's timeout) passes. Details (reasons, the
/// check's outcome, latency and age, breaker state, storage) only for callers sending <c>HealthCheck:Key</c> as
/// <c>X-Health-Key</c>. See docs/operations.md for the rules.
/// </summary>
public sealed class HealthHandler
{
    public const string KeyHeader = "X-Health-Key";
    public const string Healthy = "healthy";
    public const string Starting = "starting";
    public const string Degraded = "degraded";

    readonly BlobServiceClient blobs;
    readonly TableServiceClient tables;
    readonly IOptions<StorageOptions> storage;
    readonly IProviderCircuitBreaker breaker;
    readonly HealthResultStore results;
    readonly HealthCheckOptions options;
    readonly TimeProvider time;
    readonly Schedule schedule;
    readonly DateTimeOffset servingSince;
    readonly string engine;

    public HealthHandler(BlobServiceClient blobs, TableServiceClient tables, IOptions<StorageOptions> storage, IProviderCircuitBreaker breaker,
        HealthResultStore results, IOptions<HealthCheckOptions> options, TimeProvider time, IAnalysisEngine engine, InstanceStart start)
    {
        this.engine = engine.Name;
        this.blobs = blobs;
        this.tables = tables;
        this.storage = storage;
        this.breaker = breaker;
        this.results = results;
        this.options = options.Value;
        this.time = time;
        schedule = Schedule.Parse(this.options.Schedule);
        servingSince = start.StartedAt;
    }

    public async Task<IResult> GetHealthAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var blobProbe = Probe(() => blobs.GetBlobContainerClient(storage.Value.UploadsContainer).ExistsAsync(timeout.Token));
        var tableProbe = Probe(async () => await tables.GetTableClient(storage.Value.SessionsTable).QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: timeout.Token)
            .AsPages().GetAsyncEnumerator(timeout.Token).MoveNextAsync());
        HealthCheckResult? latest = null;
        var latestProbe = Probe(async () => latest = await results.GetLatestAsync(timeout.Token));
        await Task.WhenAll(blobProbe, tableProbe, latestProbe);

        var report = Evaluate(latest, blobProbe.Result, tableProbe.Result, breaker.State, breaker.RetryAfter);
        var body = ShowDetails(request) ? (object)report : new { status = report.Status };
        return Results.Json(body, JsonDefaults.Web, statusCode: report.Status == Degraded ? 503 : 200);
    }

    /// <summary>The verdict and its reasons. Pure: exposed for tests.</summary>
    public HealthReport Evaluate(HealthCheckResult? latest, bool blobOk, bool tableOk, BreakerState breakerState, TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        var reasons = new List<string>();
        if (!blobOk)
        {
            reasons.Add("Blob storage does not answer.");
        }

        if (!tableOk)
        {
            reasons.Add("Table storage does not answer.");
        }

        if (breakerState == BreakerState.Open)
        {
            reasons.Add($"The model provider's circuit breaker is open; new analyses are refused for {Math.Ceiling(retryAfter.TotalSeconds)} s.");
        }

        CheckView check;
        // A result this instance may be judged by: of its own engine, and either recorded since it started or a success
        // that is still fresh (another instance's check of the same backend).
        var usable = latest is not null && latest.Engine == engine
            && (latest.CompletedAt >= servingSince || (latest.Succeeded && !IsStale(latest, now)));
        var inGrace = now <= GraceUntil(servingSince);
        var starting = false;
        if (!usable && inGrace)
        {
            // Before the first check of this engine ends: give it two schedule periods (and its timeout) to run.
            starting = true;
            check = new CheckView("pending", null, null, null, latest?.Engine, null, false);
        }
        else if (latest is null || latest.Engine != engine)
        {
            check = new CheckView("missing", latest?.CompletedAt, null, null, latest?.Engine, null, false);
            reasons.Add($"No synthetic check of the '{engine}' engine has run in two schedule periods.");
        }
        else
        {
            var age = now - latest.CompletedAt;
            var stale = IsStale(latest, now);
            check = new CheckView(latest.Outcome, latest.CompletedAt, (long)Math.Max(0, age.TotalSeconds), latest.LatencyMs, latest.Engine, latest.Detail, stale);
            if (!latest.Succeeded)
            {
                reasons.Add($"The latest synthetic check {latest.Outcome.Replace('_', ' ')}: {latest.Detail}");
            }

            if (stale)
            {
                reasons.Add($"The latest synthetic check is stale ({(long)age.TotalSeconds} s old; the schedule is '{schedule.Expression}').");
            }
        }

        var status = reasons.Count > 0 ? Degraded : starting ? Starting : Healthy;
        return new HealthReport(status, reasons, check,
            new BreakerView(breakerState switch { BreakerState.Open => "open", BreakerState.HalfOpen => "half_open", _ => "closed" }, (long)Math.Ceiling(retryAfter.TotalSeconds)),
            new StorageView(blobOk, tableOk), schedule.Expression);
    }

    /// <summary>Stale: older than two schedule periods (one missed run is tolerated, two are not).</summary>
    public bool IsStale(HealthCheckResult result, DateTimeOffset now) => now - result.CompletedAt > 2 * schedule.PeriodAfter(result.CompletedAt);

    DateTimeOffset GraceUntil(DateTimeOffset since) => since + 2 * schedule.PeriodAfter(since) + options.Timeout;

    bool ShowDetails(HttpRequest request)
    {
        var key = options.Key;
        if (string.IsNullOrEmpty(key) || !request.Headers.TryGetValue(KeyHeader, out var presented) || presented.Count != 1)
        {
            return false;
        }

        // Hash both sides so the comparison takes the same time whatever the lengths.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString()));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    static async Task<bool> Probe(Func<Task> probe)
    {
        try
        {
            await probe();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}

public sealed record HealthReport(string Status, IReadOnlyList<string> Reasons, CheckView Check, BreakerView Breaker, StorageView Storage, string Schedule);

/// <summary>The latest synthetic check as shown: outcome (<c>succeeded</c>, <c>failed</c>, <c>timed_out</c>, <c>error</c>; <c>pending</c> while starting; <c>missing</c> when no check of this engine ran in the grace period).</summary>
public sealed record CheckView(string Outcome, DateTimeOffset? CompletedAt, long? AgeSeconds, long? LatencyMs, string? Engine, string? Detail, bool Stale);

public sealed record BreakerView(string State, long RetryAfterSeconds);

public sealed record StorageView(bool Blob, bool Table);
