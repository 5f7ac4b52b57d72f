using Azure;
using Azure.Data.Tables;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Health;

public static class HealthOutcomes
{
    public const string Succeeded = "succeeded";
    /// <summary>The synthetic analysis ran and failed (engine or provider error, bad result).</summary>
    public const string Failed = "failed";
    /// <summary>The synthetic analysis did not finish within <c>HealthCheck:Timeout</c>.</summary>
    public const string TimedOut = "timed_out";
    /// <summary>The check could not set itself up (storage or the durable backend failed before any analysis ran).</summary>
    public const string Error = "error";
}

/// <summary>One synthetic check: what happened, how long it took end to end, and when.</summary>
public sealed record HealthCheckResult(
    string Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    long LatencyMs,
    string Engine,
    string? JobId,
    string? Detail)
{
    public bool Succeeded => Outcome == HealthOutcomes.Succeeded;
}

/// <summary>The latest synthetic check result, one row in the <c>health</c> table (shared by every instance).</summary>
public sealed class HealthResultStore(TableServiceClient tables, IOptions<StorageOptions> options)
{
    const string Partition = "synthetic";
    const string Latest = "latest";

    TableClient Table => tables.GetTableClient(options.Value.HealthTable);

    public async Task SaveAsync(HealthCheckResult result, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, Latest)
        {
            ["Outcome"] = result.Outcome,
            ["StartedAt"] = result.StartedAt,
            ["CompletedAt"] = result.CompletedAt,
            ["LatencyMs"] = result.LatencyMs,
            ["Engine"] = result.Engine,
            ["JobId"] = result.JobId,
            ["Detail"] = Truncate(result.Detail),
        };
        try
        {
            await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await Table.CreateIfNotExistsAsync(cancellationToken);
            await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>The latest result, or null before the first check (or when the table does not exist yet).</summary>
    public async Task<HealthCheckResult?> GetLatestAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, Latest, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var e = response.Value!;
            return new HealthCheckResult(
                e.GetString("Outcome") ?? HealthOutcomes.Error,
                e.GetDateTimeOffset("StartedAt") ?? default,
                e.GetDateTimeOffset("CompletedAt") ?? default,
                e.GetInt64("LatencyMs") ?? 0,
                e.GetString("Engine") ?? "",
                e.GetString("JobId"),
                e.GetString("Detail"));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] : text;
}
