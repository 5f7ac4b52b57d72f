using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Http;

/// <summary><c>GET /api/health</c>: 200 when storage answers and new analyses may start, else 503.</summary>
public sealed class HealthHandler(BlobServiceClient blobs, TableServiceClient tables, IOptions<StorageOptions> storage, IAnalysisAvailability availability)
{
    public async Task<IResult> GetHealthAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var blobOk = await Probe(() => blobs.GetBlobContainerClient(storage.Value.UploadsContainer).ExistsAsync(timeout.Token));
        var tableOk = await Probe(async () => await tables.GetTableClient(storage.Value.SessionsTable).QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: timeout.Token)
            .AsPages().GetAsyncEnumerator(timeout.Token).MoveNextAsync());
        var accepting = availability.RejectNewWork() is null;
        var healthy = blobOk && tableOk && accepting;
        return Results.Json(new { status = healthy ? "healthy" : "degraded", storage = new { blob = blobOk, table = tableOk }, acceptingAnalyses = accepting },
            statusCode: healthy ? 200 : 503);
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
