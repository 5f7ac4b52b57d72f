using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Analyst.Containers;

/// <summary>
/// Local containers with OpenAI's contract: an id (<c>lcntr_</c> + 48 hex), a file area on local disk, a persisted
/// <c>last_active_at</c> and an idle TTL. Every operation on a live container refreshes it; past the TTL, or for an
/// unknown id, every operation throws <see cref="ContainerExpiredException"/>. <see cref="Sweep"/> deletes expired containers.
/// </summary>
public sealed partial class LocalContainerStore(IOptions<BuiltInEngineOptions> options, TimeProvider time)
{
    private const string MetadataFile = "container.json";
    private const string FilesFolder = "files";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _gate = new();

    public string Root { get; } = Path.GetFullPath(Path.IsPathRooted(options.Value.ContainerRoot)
        ? options.Value.ContainerRoot
        : Path.Combine(Path.GetTempPath(), options.Value.ContainerRoot));

    public TimeSpan IdleTtl { get; } = options.Value.ContainerIdleTtl;

    [GeneratedRegex("^lcntr_[0-9a-f]{48}$")]
    private static partial Regex ContainerIdRegex();

    [GeneratedRegex("^cfile_[0-9a-f]{32}$")]
    private static partial Regex FileIdRegex();

    /// <summary>True for ids this store could have issued (safe as a folder name).</summary>
    public static bool IsValidId(string? id) => id is not null && ContainerIdRegex().IsMatch(id);

    public EngineContainer Create(string sessionId)
    {
        var id = "lcntr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = time.GetUtcNow();
        var meta = new ContainerMetadata { Id = id, SessionId = sessionId, CreatedAt = now, LastActiveAt = now };
        lock (_gate)
        {
            Directory.CreateDirectory(Path.Combine(Root, id, FilesFolder));
            Save(meta);
        }
        return new EngineContainer(id, now, IdleTtl);
    }

    /// <summary>Checks the container is live and refreshes its last activity.</summary>
    public EngineContainer Touch(string containerId)
    {
        lock (_gate)
        {
            var meta = LoadLive(containerId);
            meta.LastActiveAt = time.GetUtcNow();
            Save(meta);
            return new EngineContainer(meta.Id, meta.CreatedAt, IdleTtl);
        }
    }

    public DateTimeOffset LastActiveAt(string containerId)
    {
        lock (_gate)
        {
            return LoadLive(containerId).LastActiveAt;
        }
    }

    /// <summary>Writes a file into the container (replacing one of the same name). The file id is derived from container and name.</summary>
    public EngineFile WriteFile(string containerId, string fileName, ReadOnlySpan<byte> content)
    {
        var safeName = SafeFileName(fileName);
        lock (_gate)
        {
            var meta = LoadLive(containerId);
            var fileId = FileId(containerId, safeName);
            File.WriteAllBytes(FilePath(containerId, fileId), content);
            meta.Files.RemoveAll(f => f.Id == fileId);
            meta.Files.Add(new ContainerFileMetadata { Id = fileId, Name = safeName, Bytes = content.Length });
            meta.LastActiveAt = time.GetUtcNow();
            Save(meta);
            return new EngineFile(fileId, safeName, content.Length);
        }
    }

    /// <summary>Streams a file into the container (no whole-file buffer in memory), then registers it.</summary>
    public async Task<EngineFile> WriteFileAsync(string containerId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var safeName = SafeFileName(fileName);
        lock (_gate)
        {
            LoadLive(containerId);
        }
        var temp = Path.Combine(Root, containerId, FilesFolder, "upload-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp");
        long bytes;
        await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await content.CopyToAsync(target, cancellationToken);
            bytes = target.Length;
        }
        lock (_gate)
        {
            var meta = LoadLive(containerId);
            var fileId = FileId(containerId, safeName);
            File.Move(temp, FilePath(containerId, fileId), overwrite: true);
            meta.Files.RemoveAll(f => f.Id == fileId);
            meta.Files.Add(new ContainerFileMetadata { Id = fileId, Name = safeName, Bytes = bytes });
            meta.LastActiveAt = time.GetUtcNow();
            Save(meta);
            return new EngineFile(fileId, safeName, bytes);
        }
    }

    private static string FileId(string containerId, string safeName) =>
        "cfile_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(containerId + "/" + safeName)))[..32];

    /// <summary>The path of a container file on disk after refreshing the container; throws when the file is unknown.</summary>
    public string GetFilePath(string containerId, string fileId)
    {
        lock (_gate)
        {
            var meta = LoadLive(containerId);
            if (!FileIdRegex().IsMatch(fileId) || meta.Files.All(f => f.Id != fileId))
            {
                throw new FileNotFoundException($"Container {containerId} has no file {fileId}.");
            }
            meta.LastActiveAt = time.GetUtcNow();
            Save(meta);
            return FilePath(containerId, fileId);
        }
    }

    public Stream OpenFile(string containerId, string fileId) =>
        new FileStream(GetFilePath(containerId, fileId), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public IReadOnlyList<EngineFile> ListFiles(string containerId)
    {
        lock (_gate)
        {
            return LoadLive(containerId).Files.Select(f => new EngineFile(f.Id, f.Name, f.Bytes)).ToList();
        }
    }

    /// <summary>Deletes a container; a missing, expired or malformed id is not an error.</summary>
    public void Delete(string containerId)
    {
        if (!IsValidId(containerId)) return;
        lock (_gate)
        {
            var dir = Path.Combine(Root, containerId);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Deletes the files of every container idle past the TTL (and of unreadable ones). Returns how many were removed.</summary>
    public int Sweep()
    {
        if (!Directory.Exists(Root)) return 0;
        var removed = 0;
        lock (_gate)
        {
            foreach (var dir in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
            {
                var id = Path.GetFileName(dir);
                if (!IsValidId(id)) continue;
                var meta = TryLoad(id);
                if (meta is null || IsExpired(meta))
                {
                    Directory.Delete(dir, recursive: true);
                    removed++;
                }
            }
        }
        return removed;
    }

    private bool IsExpired(ContainerMetadata meta) => time.GetUtcNow() - meta.LastActiveAt > IdleTtl;

    private ContainerMetadata LoadLive(string containerId)
    {
        if (!IsValidId(containerId)) throw new ContainerExpiredException(containerId ?? "", $"Container {containerId} is unknown.");
        var meta = TryLoad(containerId) ?? throw new ContainerExpiredException(containerId, $"Container {containerId} is unknown or was deleted.");
        if (IsExpired(meta))
        {
            Directory.Delete(Path.Combine(Root, containerId), recursive: true);
            throw new ContainerExpiredException(containerId);
        }
        return meta;
    }

    private ContainerMetadata? TryLoad(string containerId)
    {
        var path = Path.Combine(Root, containerId, MetadataFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ContainerMetadata>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Save(ContainerMetadata meta)
    {
        var path = Path.Combine(Root, meta.Id, MetadataFile);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(meta, Json));
        File.Move(temp, path, overwrite: true);
    }

    private string FilePath(string containerId, string fileId) => Path.Combine(Root, containerId, FilesFolder, fileId);

    private static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var cleaned = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return cleaned.Length == 0 ? "file" : cleaned[..Math.Min(cleaned.Length, 120)];
    }

    private sealed class ContainerMetadata
    {
        public string Id { get; set; } = "";
        public string SessionId { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("last_active_at")]
        public DateTimeOffset LastActiveAt { get; set; }
        public List<ContainerFileMetadata> Files { get; set; } = [];
    }

    private sealed class ContainerFileMetadata
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public long Bytes { get; set; }
    }
}
