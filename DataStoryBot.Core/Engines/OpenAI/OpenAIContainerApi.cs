using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using OpenAI.Containers;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The Code Interpreter container API as the engine needs it: create, upload, look up, list, open and delete files,
/// each one <see cref="ProviderCall"/> (time limit, typed failures). No breaker here: the engine wraps whole operations.
/// </summary>
internal sealed class OpenAIContainerApi(ContainerClient client, ProviderCall call, OpenAIEngineOptions options, ILogger logger)
{
    public async Task<EngineContainer> CreateAsync(string sessionId, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var idle = TimeSpan.FromMinutes(options.ContainerIdleMinutes);
        var creation = new ContainerCreationOptions(ContainerName(sessionId))
        {
            ExpirationPolicy = new ContainerExpirationPolicy { Anchor = ContainerExpirationPolicyAnchor.LastActiveAt, Duration = idle },
            MemoryLimit = new ContainerMemoryLimit(options.ContainerMemoryLimit),
        };
        var container = await call.RunAsync("containers.create", null,
            async t => (await client.CreateContainerAsync(creation, t).ConfigureAwait(false)).Value,
            ct).ConfigureAwait(false);
        var ttl = container.ExpirationPolicy?.Duration is { } d && d > TimeSpan.Zero ? d : idle;
        OpenAIEngineLog.ContainerCreated(logger, container.Id, sessionId, ttl.TotalMinutes, options.ContainerMemoryLimit, ProviderCall.ElapsedMs(started));
        return new EngineContainer(container.Id, container.CreatedAt, ttl);
    }

    public async Task<(string Id, long Bytes)> UploadAsync(string containerId, string fileName, string contentType, Stream content, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var body = await MultipartFileContent.CreateAsync(content, fileName, contentType, ct).ConfigureAwait(false);
        var file = await call.RunAsync("containers.files.upload", containerId, async t =>
        {
            var result = await client.UploadContainerFileAsync(containerId, body, body.ContentType, new RequestOptions { CancellationToken = t })
                .ConfigureAwait(false);
            using var doc = JsonDocument.Parse(result.GetRawResponse().Content.ToMemory());
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetString() ?? throw new JsonException("The uploaded file has no id.");
            var bytes = root.TryGetProperty("bytes", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt64() : -1;
            return (id, bytes);
        }, ct).ConfigureAwait(false);
        if (file.bytes < 0)
        {
            file.bytes = body.TryComputeLength(out var total) ? total : 0;
        }

        OpenAIEngineLog.FileUploaded(logger, fileName, file.bytes, containerId, file.id, ProviderCall.ElapsedMs(started));
        return (file.id, file.bytes);
    }

    public Task<ContainerResource> GetAsync(string containerId, CancellationToken ct) =>
        call.RunAsync("containers.get", containerId,
            async t => (await client.GetContainerAsync(containerId, t).ConfigureAwait(false)).Value, ct);

    public Task<ContainerFileResource> GetFileAsync(string containerId, string fileId, CancellationToken ct) =>
        call.RunAsync("containers.files.get", containerId,
            async t => (await client.GetContainerFileAsync(containerId, fileId, t).ConfigureAwait(false)).Value, ct);

    /// <summary>True unless the container reports itself expired or is gone.</summary>
    public async Task<bool> IsActiveAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var container = await GetAsync(containerId, ct).ConfigureAwait(false);
            return !IsExpired(container);
        }
        catch (ContainerExpiredException)
        {
            return false;
        }
    }

    /// <summary>Checks the container is alive (it refreshes its idle TTL too) and finds the data file's path in it.</summary>
    public async Task<string> ResolveDataPathAsync(string containerId, EngineFile dataFile, CancellationToken ct)
    {
        var container = await GetAsync(containerId, ct).ConfigureAwait(false);
        if (IsExpired(container))
        {
            OpenAIEngineLog.ContainerExpired(logger, containerId, "containers.get", "status expired");
            throw new ContainerExpiredException(containerId, $"Container {containerId} has expired.");
        }

        var file = await GetFileAsync(containerId, dataFile.Id, ct).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(file.Path) ? "/mnt/data/" + dataFile.FileName : file.Path;
    }

    /// <summary>Every file of the container (all pages).</summary>
    public Task<List<ContainerFileResource>> ListFilesAsync(string containerId, CancellationToken ct) =>
        call.RunAsync("containers.files.list", containerId, async t =>
        {
            var list = new List<ContainerFileResource>();
            await foreach (var f in client.GetContainerFilesAsync(new ContainerFileCollectionOptions(containerId), t).ConfigureAwait(false))
            {
                list.Add(f);
            }

            return list;
        }, ct);

    public Task<Stream> OpenFileAsync(string containerId, string fileId, CancellationToken ct) =>
        call.RunAsync("containers.files.content", containerId, async t =>
        {
            var result = await client.DownloadContainerFileAsync(
                containerId, fileId, new RequestOptions { CancellationToken = t, BufferResponse = false }).ConfigureAwait(false);
            var response = result.GetRawResponse();
            return response.ContentStream ?? new MemoryStream(response.Content.ToArray());
        }, ct);

    /// <summary>Deletes the container; one that is unknown or already gone counts as deleted.</summary>
    public async Task DeleteAsync(string containerId, CancellationToken ct)
    {
        try
        {
            await call.RunAsync("containers.delete", containerId,
                async t => (await client.DeleteContainerAsync(containerId, t).ConfigureAwait(false)).Value,
                ct).ConfigureAwait(false);
            OpenAIEngineLog.ContainerDeleted(logger, containerId, true);
        }
        catch (ContainerExpiredException)
        {
            OpenAIEngineLog.ContainerDeleted(logger, containerId, false);
        }
    }

    public static string ContentTypeFor(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => "text/csv",
            ".md" => "text/markdown",
            ".png" => "image/png",
            ".json" => "application/json",
            _ => "application/octet-stream",
        };

    private static bool IsExpired(ContainerResource container) => string.Equals(container.Status, "expired", StringComparison.OrdinalIgnoreCase);

    private static string ContainerName(string sessionId)
    {
        var name = "datastorybot-" + sessionId;
        return name.Length <= 64 ? name : name[..64];
    }
}
