using System.Collections.Concurrent;
using System.Text;
using DataStoryBot.Core.Engines;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>
/// A deterministic, zero-latency engine for pipeline tests. Its containers really expire: after an idle TTL, or on
/// demand (<see cref="Expire"/>), every operation on them throws <see cref="ContainerExpiredException"/>. Hooks let a
/// test fail or expire a container in the middle of a phase. Stories name the file's real columns; charts are real PNGs.
/// </summary>
public sealed class TestAnalysisEngine(TimeProvider? time = null) : IAnalysisEngine
{
    readonly TimeProvider clock = time ?? TimeProvider.System;
    readonly ConcurrentDictionary<string, Container> containers = new();
    int sequence;

    /// <summary>"test" unless a test poses as another engine (e.g. the built-in one, which calls no provider).</summary>
    public string Name { get; set; } = "test";
    public string Version => "1";
    public TimeSpan IdleTtl { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Runs inside discovery / refine after the container check; may throw, expire containers, or delay.</summary>
    public Func<DiscoveryRequest, Task>? OnDiscover { get; set; }
    public Func<RefineRequest, Task>? OnRefine { get; set; }

    /// <summary>Runs when a file is downloaded (after it was read from the live container), with the file's name: a download in flight.</summary>
    public Func<string, Task>? OnDownload { get; set; }

    /// <summary>Runs when a container is being created for a session, before it exists.</summary>
    public Func<string, Task>? OnCreateContainer { get; set; }

    /// <summary>Runs when a container is deleted, before it is (e.g. to hold a DELETE in flight after its mark); gets the caller's token.</summary>
    public Func<string, CancellationToken, Task>? OnDeleteContainer { get; set; }

    /// <summary>The containers created for <paramref name="sessionId"/>.</summary>
    public IReadOnlyList<string> ContainersOf(string sessionId) => containers.Where(c => c.Value.SessionId == sessionId).Select(c => c.Key).ToList();

    /// <summary>The dataset a refine writes, in place of the default (already neutralised) one.</summary>
    public byte[]? Dataset { get; set; }

    public int ContainersCreated => containers.Count;
    public int DiscoverCalls;
    public int RefineCalls;
    public int Uploads;

    public IReadOnlyCollection<string> ContainerIds => containers.Keys.ToList();

    public IReadOnlyDictionary<string, byte[]> FilesOf(string containerId) => containers[containerId].Files.ToDictionary(f => f.Key, f => f.Value.Bytes);

    public void Expire(string containerId) => containers[containerId].Expired = true;

    public void ExpireAll()
    {
        foreach (var c in containers.Values)
        {
            c.Expired = true;
        }
    }

    public bool IsLive(string containerId) => containers.TryGetValue(containerId, out var c) && !c.Expired && !c.Deleted;

    public async Task<EngineContainer> CreateContainerAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (OnCreateContainer is { } hook)
        {
            await hook(sessionId);
        }

        var id = $"tcntr_{Interlocked.Increment(ref sequence):D6}";
        containers[id] = new Container(sessionId) { LastActive = clock.GetUtcNow() };
        return new EngineContainer(id, clock.GetUtcNow(), IdleTtl);
    }

    public async Task<EngineFile> UploadFileAsync(string containerId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var container = Live(containerId);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        Interlocked.Increment(ref Uploads);
        var file = new EngineFile($"tfile_{Interlocked.Increment(ref sequence):D6}", fileName, buffer.Length);
        container.Files[file.Id] = (fileName, buffer.ToArray());
        container.DataFileId = file.Id;
        return file;
    }

    public async Task<DiscoveryResult> DiscoverAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref DiscoverCalls);
        var container = Live(request.ContainerId);
        if (!container.Files.ContainsKey(request.DataFile.Id))
        {
            throw new InvalidOperationException($"File {request.DataFile.Id} is not in container {request.ContainerId}.");
        }

        var started = clock.GetUtcNow();
        if (OnDiscover is { } hook)
        {
            await hook(request).WaitAsync(cancellationToken);
        }

        Live(request.ContainerId);
        var columns = request.Profile.Columns.Select(c => c.Name).ToList();
        var candidates = Enumerable.Range(0, 3).Select(i =>
        {
            var column = columns[i % columns.Count];
            var about = string.IsNullOrWhiteSpace(request.Steering) ? "" : $", for {request.Steering}";
            return new StoryCandidate($"How {column} varies across the file (angle {i + 1}{about})",
                $"The column {column} has {request.Profile.RowCount} rows. This angle looks at it from view {i + 1}.",
                ["bar", "line"], new StoryEvidence("test", i, null, null, request.Profile.RowCount, [column], "test"));
        }).ToList();
        return new DiscoveryResult(candidates, new EngineProvenance(Name, Version, null, [], SamplingInfo.None(request.Profile.RowCount), started, clock.GetUtcNow()));
    }

    public async Task<RefineResult> RefineAsync(RefineRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref RefineCalls);
        var started = clock.GetUtcNow();
        Live(request.ContainerId);
        if (OnRefine is { } hook)
        {
            await hook(request).WaitAsync(cancellationToken);
        }

        var container = Live(request.ContainerId);
        var column = request.Story.Evidence.Columns[0];
        var narrative = Add(container, "narrative.md", Encoding.UTF8.GetBytes($"# {request.Story.Title}\n\nThe file has {request.Profile.RowCount} rows; this story is about {column}.\n"));
        var charts = new[] { 1, 2 }.Select(n => Add(container, $"chart{n}.png", Png(n, column))).ToList();
        var dataset = Add(container, "subset.csv", Dataset ?? Encoding.UTF8.GetBytes($"{column}\n'=1+1\nplain\n"));
        return new RefineResult(
            new EngineArtifact(narrative, "narrative.md", "text/markdown"),
            charts.Select((id, i) => new EngineArtifact(id, $"chart{i + 1}.png", "image/png", $"Chart {i + 1} of {column}")).ToList(),
            new EngineArtifact(dataset, "subset.csv", "text/csv"),
            [new NarrativeFact($"{request.Profile.RowCount} rows", request.Profile.RowCount, "row count", [], "all")],
            new EngineProvenance(Name, Version, null, [], SamplingInfo.None(request.Profile.RowCount), started, clock.GetUtcNow()));
    }

    public async Task<Stream> DownloadFileAsync(string containerId, string fileId, CancellationToken cancellationToken)
    {
        var container = Live(containerId);
        var file = container.Files.TryGetValue(fileId, out var found) ? found : throw new FileNotFoundException($"No file {fileId} in {containerId}.");
        if (OnDownload is { } hook)
        {
            await hook(file.Name);
        }

        return new MemoryStream(file.Bytes, writable: false);
    }

    public async Task DeleteContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        if (OnDeleteContainer is { } hook)
        {
            await hook(containerId, cancellationToken);
        }

        if (containers.TryGetValue(containerId, out var c))
        {
            c.Deleted = true;
            c.Files.Clear();
        }
    }

    Container Live(string containerId)
    {
        if (!containers.TryGetValue(containerId, out var c) || c.Deleted)
        {
            throw new ContainerExpiredException(containerId, $"Container {containerId} not found.");
        }

        var now = clock.GetUtcNow();
        if (c.Expired || now - c.LastActive > IdleTtl)
        {
            c.Expired = true;
            c.Files.Clear();
            throw new ContainerExpiredException(containerId);
        }

        c.LastActive = now;
        return c;
    }

    string Add(Container container, string name, byte[] bytes)
    {
        var id = $"tfile_{Interlocked.Increment(ref sequence):D6}";
        container.Files[id] = (name, bytes);
        return id;
    }

    /// <summary>A real PNG, deterministic for the same inputs.</summary>
    public static byte[] Png(int n, string label)
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Bars([n, n + 1, n + 2]);
        plot.Title(label);
        return plot.GetImageBytes(400, 300, ScottPlot.ImageFormat.Png);
    }

    sealed class Container(string sessionId)
    {
        public string SessionId { get; } = sessionId;
        public ConcurrentDictionary<string, (string Name, byte[] Bytes)> Files { get; } = new();
        public DateTimeOffset LastActive { get; set; }
        public volatile bool Expired;
        public volatile bool Deleted;
        public string? DataFileId { get; set; }
    }
}
