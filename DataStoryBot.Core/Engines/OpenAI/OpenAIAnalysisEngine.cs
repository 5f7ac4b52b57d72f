using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Containers;
using OpenAI.Responses;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The production engine: the model explores the data with Python in an OpenAI (or Azure OpenAI v1) Code Interpreter
/// container and writes the charts there. Every operation (create, upload, discover, refine, download, delete) runs through
/// the circuit breaker as one unit — a failed phase counts once, whatever number of HTTP calls it made — and every HTTP call
/// has a hard time limit (<see cref="DataStoryBotOptions.ModelCallTimeout"/>) that the SDK's retries of 429/5xx stay inside.
/// Refine writes the narrative itself: the model's Markdown answer is uploaded into the container as
/// <c>narrative.md</c>, so every output of a phase is a container file the pipeline downloads the same way; its
/// <c>sandbox:/mnt/data/…</c> links are rewritten to the bare file names of the chart and dataset artifacts.
/// </summary>
public sealed partial class OpenAIAnalysisEngine : IAnalysisEngine
{
    public const string EngineName = "openai";

    /// <summary>Largest chart file accepted.</summary>
    public const long MaxChartBytes = 10L * 1024 * 1024;

    /// <summary>Largest filtered dataset accepted.</summary>
    public const long MaxDatasetBytes = 50L * 1024 * 1024;

    public const int MinCharts = 2;
    public const int MaxCharts = 4;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly OpenAIEngineOptions _options;
    private readonly DataStoryBotOptions _product;
    private readonly IProviderCircuitBreaker _breaker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OpenAIClients _clients;

    public OpenAIAnalysisEngine(
        IOptions<OpenAIEngineOptions> options,
        IOptions<DataStoryBotOptions> product,
        IProviderCircuitBreaker breaker,
        TimeProvider time,
        ILogger<OpenAIAnalysisEngine> logger)
        : this(options, product, breaker, time, logger, tokenProvider: null, transport: null)
    {
    }

    internal OpenAIAnalysisEngine(
        IOptions<OpenAIEngineOptions> options,
        IOptions<DataStoryBotOptions> product,
        IProviderCircuitBreaker breaker,
        TimeProvider time,
        ILogger<OpenAIAnalysisEngine> logger,
        AuthenticationTokenProvider? tokenProvider,
        PipelineTransport? transport)
    {
        _options = options.Value;
        _product = product.Value;
        _breaker = breaker;
        _time = time;
        _logger = logger;
        _clients = new OpenAIClients(_options, _product.ModelCallTimeout, tokenProvider, transport);
    }

    public string Name => EngineName;

    public string Version { get; } = "1.0+openai-dotnet." + typeof(ResponsesClient).Assembly.GetName().Version?.ToString(3);

    internal OpenAIAuthMode AuthMode => _clients.AuthMode;

    public Task<EngineContainer> CreateContainerAsync(string sessionId, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(t => CreateContainerCoreAsync(sessionId, t), cancellationToken);

    private async Task<EngineContainer> CreateContainerCoreAsync(string sessionId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var idle = TimeSpan.FromMinutes(_options.ContainerIdleMinutes);
        var creation = new ContainerCreationOptions(ContainerName(sessionId))
        {
            ExpirationPolicy = new ContainerExpirationPolicy { Anchor = ContainerExpirationPolicyAnchor.LastActiveAt, Duration = idle },
            MemoryLimit = new ContainerMemoryLimit(_options.ContainerMemoryLimit),
        };
        var container = await CallAsync("containers.create", null,
            async t => (await _clients.Containers.CreateContainerAsync(creation, t).ConfigureAwait(false)).Value,
            cancellationToken).ConfigureAwait(false);
        var ttl = container.ExpirationPolicy?.Duration is { } d && d > TimeSpan.Zero ? d : idle;
        OpenAIEngineLog.ContainerCreated(_logger, container.Id, sessionId, ttl.TotalMinutes, _options.ContainerMemoryLimit, ElapsedMs(started));
        return new EngineContainer(container.Id, container.CreatedAt, ttl);
    }

    public Task<EngineFile> UploadFileAsync(string containerId, string fileName, Stream content, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(t => UploadFileCoreAsync(containerId, fileName, content, t), cancellationToken);

    private async Task<EngineFile> UploadFileCoreAsync(string containerId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var file = await UploadAsync(containerId, fileName, ContentTypeFor(fileName), content, cancellationToken).ConfigureAwait(false);
        return new EngineFile(file.Id, fileName, file.Bytes);
    }

    public Task<DiscoveryResult> DiscoverAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _breaker.ExecuteAsync(t => DiscoverCoreAsync(request, t), cancellationToken);
    }

    private async Task<DiscoveryResult> DiscoverCoreAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var dataPath = await ResolveDataPathAsync(request.ContainerId, request.DataFile, cancellationToken).ConfigureAwait(false);
        var sampling = OpenAIPrompts.PlanSampling(request.Profile.RowCount, _product.SampleRowThreshold);
        var (instructions, input) = OpenAIPrompts.Discovery(request.Profile, dataPath, request.Steering, sampling);
        var options = NewResponseOptions(request.ContainerId, instructions, input);
        options.TextOptions = new ResponseTextOptions
        {
            TextFormat = ResponseTextFormat.CreateJsonSchemaFormat(
                DiscoveryAnswer.FormatName, DiscoveryAnswer.Schema, "Exactly three story candidates with their evidence.", jsonSchemaIsStrict: true),
        };

        var response = await RunModelAsync("discovery", request.SessionId, request.ContainerId, options, cancellationToken).ConfigureAwait(false);
        var candidates = DiscoveryAnswer.Parse(LastMessageText(response), request.Profile);
        return new DiscoveryResult(candidates, Provenance(response, sampling, started));
    }

    public Task<RefineResult> RefineAsync(RefineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _breaker.ExecuteAsync(t => RefineCoreAsync(request, t), cancellationToken);
    }

    private async Task<RefineResult> RefineCoreAsync(RefineRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var containerId = request.ContainerId;
        var dataPath = await ResolveDataPathAsync(containerId, request.DataFile, cancellationToken).ConfigureAwait(false);
        var sampling = OpenAIPrompts.PlanSampling(request.Profile.RowCount, _product.SampleRowThreshold);
        var prefix = "r" + Guid.NewGuid().ToString("N")[..8] + "_";
        var (instructions, input) = OpenAIPrompts.Refine(request.Profile, dataPath, request.Story, prefix, sampling);
        var response = await RunModelAsync("refine", request.SessionId, containerId, NewResponseOptions(containerId, instructions, input), cancellationToken)
            .ConfigureAwait(false);

        var text = AllMessageText(response);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new EngineException(EngineFailureKind.InvalidResult, "The model's refine answer has no narrative text.");
        }

        var outputs = await CollectOutputsAsync(response, containerId, prefix, started, text, cancellationToken).ConfigureAwait(false);
        var narrativeText = CleanNarrative(text);
        var facts = await ReadFactsAsync(containerId, prefix, narrativeText, cancellationToken).ConfigureAwait(false);
        using var narrativeStream = new MemoryStream(Encoding.UTF8.GetBytes(narrativeText));
        var narrative = await UploadAsync(containerId, prefix + "narrative.md", "text/markdown", narrativeStream, cancellationToken).ConfigureAwait(false);
        OpenAIEngineLog.RefineFiles(_logger, request.SessionId, containerId, outputs.Charts.Count, outputs.FromCitations, outputs.Dataset is not null, narrative.Id);
        return new RefineResult(
            new EngineArtifact(narrative.Id, "narrative.md", "text/markdown", request.Story.Title),
            outputs.Charts,
            outputs.Dataset,
            facts,
            Provenance(response, sampling, started));
    }

    private async Task<bool> ContainerIsActiveAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var container = await CallAsync("containers.get", containerId,
                async t => (await _clients.Containers.GetContainerAsync(containerId, t).ConfigureAwait(false)).Value, ct).ConfigureAwait(false);
            return !string.Equals(container.Status, "expired", StringComparison.OrdinalIgnoreCase);
        }
        catch (ContainerExpiredException)
        {
            return false;
        }
    }

    /// <summary>Every file of the container (all pages).</summary>
    private Task<List<ContainerFileResource>> ListFilesAsync(string containerId, CancellationToken ct) =>
        CallAsync("containers.files.list", containerId, async t =>
        {
            var list = new List<ContainerFileResource>();
            await foreach (var f in _clients.Containers.GetContainerFilesAsync(new ContainerFileCollectionOptions(containerId), t).ConfigureAwait(false))
            {
                list.Add(f);
            }

            return list;
        }, ct);

    /// <summary>Largest facts file read.</summary>
    public const long MaxFactsBytes = 1024 * 1024;

    /// <summary>
    /// The numbers the model computed for the narrative, from the <c>facts.json</c> the instructions ask it to save:
    /// each with its computation, columns and rows. Only facts whose text the narrative really states are kept. A
    /// missing or unreadable file leaves the list empty (logged); it never fails the story.
    /// </summary>
    private async Task<IReadOnlyList<NarrativeFact>> ReadFactsAsync(string containerId, string prefix, string narrative, CancellationToken ct)
    {
        var files = await ListFilesAsync(containerId, ct).ConfigureAwait(false);
        var file = files.FirstOrDefault(f => Path.GetFileName(f.Path ?? "") == prefix + "facts.json");
        if (file is null || file.SizeInBytes is > MaxFactsBytes or 0)
        {
            OpenAIEngineLog.FileSkipped(_logger, file?.Id ?? "-", prefix + "facts.json", containerId, file is null ? "no facts file" : $"facts file of {file.SizeInBytes} bytes");
            return [];
        }

        await using var stream = await OpenFileAsync(containerId, file.Id, ct).ConfigureAwait(false);
        try
        {
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var facts = new List<NarrativeFact>();
            foreach (var item in json.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } stated
                    && item.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble())
                    && narrative.Contains(stated, StringComparison.Ordinal))
                {
                    facts.Add(new NarrativeFact(stated, value.GetDouble(),
                        item.TryGetProperty("computation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "",
                        item.TryGetProperty("columns", out var cols) && cols.ValueKind == JsonValueKind.Array
                            ? cols.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                            : [],
                        item.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.String ? rows.GetString()! : ""));
                }
            }

            return facts;
        }
        catch (JsonException e)
        {
            OpenAIEngineLog.FileSkipped(_logger, file.Id, file.Path ?? "", containerId, "facts file is not JSON: " + e.Message);
            return [];
        }
    }

    public Task<Stream> DownloadFileAsync(string containerId, string fileId, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(t => OpenFileAsync(containerId, fileId, t), cancellationToken);

    private Task<Stream> OpenFileAsync(string containerId, string fileId, CancellationToken cancellationToken) =>
        CallAsync("containers.files.content", containerId, async t =>
        {
            var result = await _clients.Containers.DownloadContainerFileAsync(
                containerId, fileId, new RequestOptions { CancellationToken = t, BufferResponse = false }).ConfigureAwait(false);
            var response = result.GetRawResponse();
            return response.ContentStream ?? new MemoryStream(response.Content.ToArray());
        }, cancellationToken);

    public Task DeleteContainerAsync(string containerId, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(async t =>
        {
            await DeleteContainerCoreAsync(containerId, t).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task DeleteContainerCoreAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("containers.delete", containerId,
                async t => (await _clients.Containers.DeleteContainerAsync(containerId, t).ConfigureAwait(false)).Value,
                cancellationToken).ConfigureAwait(false);
            OpenAIEngineLog.ContainerDeleted(_logger, containerId, true);
        }
        catch (ContainerExpiredException)
        {
            // Unknown or already gone: deleting it is a success.
            OpenAIEngineLog.ContainerDeleted(_logger, containerId, false);
        }
    }

    private async Task<(string Id, long Bytes)> UploadAsync(string containerId, string fileName, string contentType, Stream content, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var body = await MultipartFileContent.CreateAsync(content, fileName, contentType, ct).ConfigureAwait(false);
        var file = await CallAsync("containers.files.upload", containerId, async t =>
        {
            var result = await _clients.Containers.UploadContainerFileAsync(containerId, body, body.ContentType, new RequestOptions { CancellationToken = t })
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

        OpenAIEngineLog.FileUploaded(_logger, fileName, file.bytes, containerId, file.id, ElapsedMs(started));
        return (file.id, file.bytes);
    }

    /// <summary>Checks the container is alive (it refreshes its idle TTL too) and finds the data file's path in it.</summary>
    private async Task<string> ResolveDataPathAsync(string containerId, EngineFile dataFile, CancellationToken ct)
    {
        var container = await CallAsync("containers.get", containerId,
            async t => (await _clients.Containers.GetContainerAsync(containerId, t).ConfigureAwait(false)).Value, ct).ConfigureAwait(false);
        if (string.Equals(container.Status, "expired", StringComparison.OrdinalIgnoreCase))
        {
            OpenAIEngineLog.ContainerExpired(_logger, containerId, "containers.get", "status expired");
            throw new ContainerExpiredException(containerId, $"Container {containerId} has expired.");
        }

        var file = await CallAsync("containers.files.get", containerId,
            async t => (await _clients.Containers.GetContainerFileAsync(containerId, dataFile.Id, t).ConfigureAwait(false)).Value, ct)
            .ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(file.Path) ? "/mnt/data/" + dataFile.FileName : file.Path;
    }

    private CreateResponseOptions NewResponseOptions(string containerId, string instructions, string input)
    {
        var options = new CreateResponseOptions(_options.Model, [ResponseItem.CreateUserMessageItem(input)])
        {
            Instructions = instructions,
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };
        options.Tools.Add(ResponseTool.CreateCodeInterpreterTool(new CodeInterpreterToolContainer(containerId)));
        options.IncludedProperties.Add(IncludedResponseProperty.CodeInterpreterCallOutputs);
        return options;
    }

    /// <summary>One model call. <c>status: failed</c> is a provider failure (counted by the breaker); incomplete is an unusable answer.</summary>
    private Task<ResponseResult> RunModelAsync(string phase, string sessionId, string containerId, CreateResponseOptions options, CancellationToken ct) =>
        CallAsync("responses." + phase, containerId, async t =>
        {
            var started = Stopwatch.GetTimestamp();
            var response = (await _clients.Responses.CreateResponseAsync(options, t).ConfigureAwait(false)).Value;
            var status = response.Status?.ToString() ?? "unknown";
            OpenAIEngineLog.ModelCall(_logger, phase, sessionId, response.Id, containerId, response.Model, status,
                response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, ElapsedMs(started));
            return response.Status switch
            {
                ResponseStatus.Completed => response,
                ResponseStatus.Failed => throw new EngineException(EngineFailureKind.Transient,
                    $"The model run {response.Id} failed ({response.Error?.Code.ToString() ?? "no code"}: {response.Error?.Message ?? "no message"})."),
                ResponseStatus.Cancelled => throw new EngineException(EngineFailureKind.Transient, $"The model run {response.Id} was cancelled by the provider."),
                ResponseStatus.Incomplete => throw new EngineException(EngineFailureKind.InvalidResult,
                    $"The model's {phase} answer was cut off ({response.IncompleteStatusDetails?.Reason?.ToString() ?? "no reason given"}), so it cannot be used; a larger OpenAI:MaxOutputTokens may help."),
                _ => throw new EngineException(EngineFailureKind.InvalidResult, $"The model run {response.Id} ended with status '{status}'."),
            };
        }, ct);

    /// <summary>
    /// Runs one provider call through the breaker with the model-call time limit, and turns provider errors into the
    /// engine's typed failures: expiry, Transient (429/5xx after the pipeline's retries, network), Timeout, InvalidResult.
    /// </summary>
    private async Task<T> CallAsync<T>(string operation, string? containerId, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(_product.ModelCallTimeout);
            try
            {
                return await call(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new EngineException(EngineFailureKind.Timeout,
                    $"The model provider did not complete {operation} within {_product.ModelCallTimeout.TotalSeconds:0.#} s.", e);
            }
            catch (ClientResultException e)
            {
                throw Map(e, operation, containerId);
            }
            catch (HttpRequestException e)
            {
                throw new EngineException(EngineFailureKind.Transient, $"The model provider could not be reached ({operation}): {e.Message}", e);
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentOutOfRangeException or KeyNotFoundException)
            {
                throw new EngineException(EngineFailureKind.InvalidResult, $"The model provider's answer to {operation} could not be read: {e.Message}", e);
            }
        }
        catch (EngineException e)
        {
            OpenAIEngineLog.CallFailed(_logger, operation, containerId, ElapsedMs(started), $"{e.Kind}: {e.Message}");
            throw;
        }
    }

    private Exception Map(ClientResultException e, string operation, string? containerId)
    {
        var error = ProviderError.From(e);
        var containerOperation = operation.StartsWith("containers.", StringComparison.Ordinal) && operation != "containers.create";
        if (containerId is not null && (error.MeansContainerExpired(containerOperation) || (containerOperation && error.MeansFileNotFound)))
        {
            // A missing file is reported as expiry too (the caller checks the container before believing it); logged only when it is not.
            if (!error.MeansFileNotFound)
            {
                OpenAIEngineLog.ContainerExpired(_logger, containerId, operation, error.Describe());
            }

            return new ContainerExpiredException(containerId, $"Container {containerId} has expired or no longer exists ({error.Describe()}).", e);
        }

        var message = error.Status switch
        {
            0 => $"The model provider could not be reached ({operation}): {error.Message}",
            429 => $"The model provider is rate-limiting requests and still refused {operation} after retries ({error.Describe()}).",
            >= 500 => $"The model provider failed {operation} after retries ({error.Describe()}).",
            401 or 403 => $"The model provider rejected the credentials ({error.Describe()}); check OpenAI:ApiKey or OpenAI:UseEntraId.",
            _ => $"The model provider rejected {operation} ({error.Describe()}).",
        };
        return new EngineException(EngineFailureKind.Transient, message, e);
    }

    private sealed record Outputs(IReadOnlyList<EngineArtifact> Charts, EngineArtifact? Dataset, int FromCitations);

    /// <summary>
    /// Charts and dataset: the files cited by <c>container_file_citation</c> annotations, then — when fewer than
    /// <see cref="MinCharts"/> valid charts or no dataset were cited — the container's assistant-created files of this run.
    /// Every chart is checked (PNG signature, size cap); files that fail are skipped.
    /// </summary>
    private async Task<Outputs> CollectOutputsAsync(ResponseResult response, string containerId, string prefix, DateTimeOffset started, string text, CancellationToken ct)
    {
        var titles = ChartTitles(text);
        var charts = new List<EngineArtifact>();
        EngineArtifact? dataset = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var citations = response.OutputItems.OfType<MessageResponseItem>()
            .SelectMany(m => m.Content)
            .SelectMany(p => p.OutputTextAnnotations ?? [])
            .OfType<ContainerFileCitationMessageAnnotation>()
            .Where(a => !string.IsNullOrEmpty(a.FileId) && (string.IsNullOrEmpty(a.ContainerId) || a.ContainerId == containerId));
        foreach (var citation in citations)
        {
            if (!seen.Add(citation.FileId))
            {
                continue;
            }

            try
            {
                var name = citation.Filename;
                if (string.IsNullOrEmpty(name) || name.StartsWith(citation.FileId, StringComparison.Ordinal))
                {
                    // The API may name a cited file by its id (and cite offset 0..0): the file's path says what it is.
                    var info = await CallAsync("containers.files.get", containerId,
                        async t => (await _clients.Containers.GetContainerFileAsync(containerId, citation.FileId, t).ConfigureAwait(false)).Value, ct).ConfigureAwait(false);
                    name = string.IsNullOrEmpty(info.Path) ? name ?? citation.FileId : info.Path;
                }

                (dataset, var chart) = await ConsiderAsync(containerId, citation.FileId, name, null, prefix, titles, dataset, charts.Count, ct)
                    .ConfigureAwait(false);
                if (chart is not null)
                {
                    charts.Add(chart);
                }
            }
            catch (ContainerExpiredException e) when (e.InnerException is ClientResultException r && ProviderError.From(r).MeansFileNotFound)
            {
                // The model cited a file the container does not have. Only if the container itself is gone is this expiry.
                if (!await ContainerIsActiveAsync(containerId, ct).ConfigureAwait(false))
                {
                    throw;
                }

                OpenAIEngineLog.FileSkipped(_logger, citation.FileId, citation.Filename ?? citation.FileId, containerId, "cited file is not in the container");
            }
        }

        var fromCitations = charts.Count;
        if (charts.Count < MinCharts || dataset is null)
        {
            var since = DateTimeOffset.FromUnixTimeSeconds(started.ToUnixTimeSeconds());
            var files = await ListFilesAsync(containerId, ct).ConfigureAwait(false);
            foreach (var f in files.Where(f => string.Equals(f.Source, "assistant", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(f.Path ?? f.Id);
                if (!seen.Add(f.Id) || !(name.StartsWith(prefix, StringComparison.Ordinal) || f.CreatedAt >= since))
                {
                    continue;
                }

                var wantChart = charts.Count < MinCharts && name.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
                if (!wantChart && !(dataset is null && IsCsv(name)))
                {
                    continue;
                }

                (dataset, var chart) = await ConsiderAsync(containerId, f.Id, name, f.SizeInBytes, prefix, titles, dataset, charts.Count, ct).ConfigureAwait(false);
                if (chart is not null)
                {
                    charts.Add(chart);
                }
            }
        }

        if (charts.Count < MinCharts)
        {
            throw new EngineException(EngineFailureKind.InvalidResult,
                $"The model produced {charts.Count} valid PNG chart(s); a story needs at least {MinCharts}.");
        }

        return new Outputs(charts, dataset, fromCitations);
    }

    private async Task<(EngineArtifact? Dataset, EngineArtifact? Chart)> ConsiderAsync(
        string containerId, string fileId, string name, long? knownBytes, string prefix, Dictionary<string, string> titles,
        EngineArtifact? dataset, int chartCount, CancellationToken ct)
    {
        var displayName = StripPrefix(Path.GetFileName(name), prefix);
        if (IsCsv(name))
        {
            if (dataset is not null)
            {
                return (dataset, null);
            }

            var bytes = knownBytes ?? (await CallAsync("containers.files.get", containerId,
                async t => (await _clients.Containers.GetContainerFileAsync(containerId, fileId, t).ConfigureAwait(false)).Value, ct)
                .ConfigureAwait(false)).SizeInBytes;
            if (bytes is > MaxDatasetBytes or 0)
            {
                OpenAIEngineLog.FileSkipped(_logger, fileId, name, containerId, $"dataset of {bytes} bytes (empty or above {MaxDatasetBytes})");
                return (null, null);
            }

            return (new EngineArtifact(fileId, displayName, "text/csv"), null);
        }

        if (chartCount >= MaxCharts)
        {
            OpenAIEngineLog.FileSkipped(_logger, fileId, name, containerId, $"more than {MaxCharts} charts");
            return (dataset, null);
        }

        var problem = await CheckPngAsync(containerId, fileId, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            OpenAIEngineLog.FileSkipped(_logger, fileId, name, containerId, problem);
            return (dataset, null);
        }

        titles.TryGetValue(Path.GetFileName(name), out var title);
        return (dataset, new EngineArtifact(fileId, displayName, "image/png", title));
    }

    /// <summary>Null when the file is a PNG within the size cap; otherwise why not.</summary>
    private async Task<string?> CheckPngAsync(string containerId, string fileId, CancellationToken ct)
    {
        await using var stream = await OpenFileAsync(containerId, fileId, ct).ConfigureAwait(false);
        var buffer = new byte[81920];
        long total = 0;
        var head = new byte[PngSignature.Length];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (total < head.Length)
            {
                var n = (int)Math.Min(head.Length - total, read);
                Array.Copy(buffer, 0, head, total, n);
            }

            total += read;
            if (total > MaxChartBytes)
            {
                return $"larger than {MaxChartBytes} bytes";
            }
        }

        return total >= head.Length && head.AsSpan().SequenceEqual(PngSignature) ? null : "not a PNG file";
    }

    private EngineProvenance Provenance(ResponseResult response, SamplingInfo sampling, DateTimeOffset started) =>
        new(EngineName, Version, string.IsNullOrEmpty(response.Model) ? _options.Model : response.Model, [response.Id], sampling, started, _time.GetUtcNow());

    private static string? LastMessageText(ResponseResult response)
    {
        var message = response.OutputItems.OfType<MessageResponseItem>().LastOrDefault(m => m.Role == MessageRole.Assistant);
        return message is null ? null : string.Concat(message.Content.Where(p => p.Kind == ResponseContentPartKind.OutputText).Select(p => p.Text));
    }

    private static string AllMessageText(ResponseResult response) =>
        string.Join("\n\n", response.OutputItems.OfType<MessageResponseItem>()
            .Where(m => m.Role == MessageRole.Assistant)
            .Select(m => string.Concat(m.Content.Where(p => p.Kind == ResponseContentPartKind.OutputText).Select(p => p.Text)))
            .Where(s => !string.IsNullOrWhiteSpace(s)));

    [GeneratedRegex(@"!\[(?<alt>[^\]]*)\]\(sandbox:/mnt/data/(?<file>[^)\s]+)\)")]
    private static partial Regex ImageLink();

    private static Dictionary<string, string> ChartTitles(string text)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in ImageLink().Matches(text))
        {
            var alt = m.Groups["alt"].Value.Trim();
            if (alt.Length > 0)
            {
                titles.TryAdd(Path.GetFileName(m.Groups["file"].Value), alt);
            }
        }

        return titles;
    }

    /// <summary>
    /// The narrative as the user reads it: the model links charts and files into its sandbox (that is how they are
    /// cited), but the page shows the charts and offers the dataset itself, and sandbox paths mean nothing outside
    /// the container. A chart image on its own line goes, one inside a sentence leaves its title, a link to a file keeps only its text.
    /// </summary>
    internal static string CleanNarrative(string text)
    {
        var withoutImages = ImageLine().Replace(text, "");
        withoutImages = ImageLink().Replace(withoutImages, m => m.Groups["alt"].Value);
        var withoutLinks = FileLink().Replace(withoutImages, m => m.Groups["text"].Value);
        return ExtraBlankLines().Replace(withoutLinks, "\n\n").Trim() + "\n";
    }

    [GeneratedRegex(@"^[ \t]*!\[[^\]]*\]\(sandbox:/mnt/data/[^)\s]+\)[ \t]*\r?\n?", RegexOptions.Multiline)]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"(?<!!)\[(?<text>[^\]]*)\]\(sandbox:/mnt/data/[^)\s]+\)")]
    private static partial Regex FileLink();

    [GeneratedRegex(@"(\r?\n){3,}")]
    private static partial Regex ExtraBlankLines();

    private static string StripPrefix(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length ? name[prefix.Length..] : name;

    private static bool IsCsv(string name) => name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    private static string ContentTypeFor(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => "text/csv",
            ".md" => "text/markdown",
            ".png" => "image/png",
            ".json" => "application/json",
            _ => "application/octet-stream",
        };

    private static string ContainerName(string sessionId)
    {
        var name = "datastorybot-" + sessionId;
        return name.Length <= 64 ? name : name[..64];
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
