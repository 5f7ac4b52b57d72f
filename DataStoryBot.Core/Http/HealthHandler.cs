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
/// <c>GET /api/health</c>: 200 <c>{"status":"healthy"}</c> or 503 <c>{"status":"degraded"}</c>, judged from the latest
/// synthetic check, the provider's circuit breaker and whether Blob and Table storage answer. Details (reasons, the
/// check's outcome, latency and age, breaker state, storage) only for callers sending <c>HealthCheck:Key</c> as
/// <c>X-Health-Key</c>. See docs/operations.md for the rules.
/// </summary>
public sealed class HealthHandler
{
    public const string KeyHeader = "X-Health-Key";

    readonly BlobServiceClient blobs;
    readonly TableServiceClient tables;
    readonly IOptions<StorageOptions> storage;
    readonly IProviderCircuitBreaker breaker;
    readonly HealthResultStore results;
    readonly HealthCheckOptions options;
    readonly TimeProvider time;
    readonly Schedule schedule;
    readonly DateTimeOffset servingSince;

    public HealthHandler(BlobServiceClient blobs, TableServiceClient tables, IOptions<StorageOptions> storage, IProviderCircuitBreaker breaker,
        HealthResultStore results, IOptions<HealthCheckOptions> options, TimeProvider time)
    {
        this.blobs = blobs;
        this.tables = tables;
        this.storage = storage;
        this.breaker = breaker;
        this.results = results;
        this.options = options.Value;
        this.time = time;
        schedule = Schedule.Parse(this.options.Schedule);
        servingSince = time.GetUtcNow();
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
        return Results.Json(body, JsonDefaults.Web, statusCode: report.Status == "healthy" ? 200 : 503);
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
        if (latest is null)
        {
            // Before the first check: give a fresh deployment two schedule periods to run one, then call it degraded.
            var grace = GraceUntil(servingSince);
            var pending = now <= grace;
            check = new CheckView(pending ? "pending" : "missing", null, null, null, null, null, false);
            if (!pending)
            {
                reasons.Add("No synthetic check has run in two schedule periods.");
            }
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

        var status = reasons.Count == 0 ? "healthy" : "degraded";
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

/// <summary>The latest synthetic check as shown: outcome (<c>succeeded</c>, <c>failed</c>, <c>timed_out</c>, <c>error</c>, or <c>pending</c>/<c>missing</c> before the first).</summary>
public sealed record CheckView(string Outcome, DateTimeOffset? CompletedAt, long? AgeSeconds, long? LatencyMs, string? Engine, string? Detail, bool Stale);

public sealed record BreakerView(string State, long RetryAfterSeconds);

public sealed record StorageView(bool Blob, bool Table);
