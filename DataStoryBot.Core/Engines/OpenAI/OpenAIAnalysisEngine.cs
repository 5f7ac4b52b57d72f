using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Responses;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The production engine: the model explores the data with Python in an OpenAI (or Azure OpenAI v1) Code Interpreter
/// container and writes the charts there. Every operation (create, upload, discover, refine, download, delete) runs through
/// the circuit breaker as one unit — a failed phase counts once, whatever number of HTTP calls it made — and every HTTP call
/// has a hard time limit (<see cref="DataStoryBotOptions.ModelCallTimeout"/>) that the SDK's retries of 429/5xx stay inside.
/// Refine writes the narrative itself: the model's Markdown answer, cleaned of sandbox links, is uploaded into the
/// container as <c>narrative.md</c>, so every output of a phase is a container file the pipeline downloads the same way.
/// The parts: <see cref="OpenAIContainerApi"/> (container calls), <see cref="OpenAIModelCall"/> (the Responses call),
/// <see cref="RefineOutputCollector"/> (charts and dataset), <see cref="FactsReader"/> and <see cref="NarrativeCleaner"/>.
/// </summary>
public sealed class OpenAIAnalysisEngine : IAnalysisEngine
{
    public const string EngineName = "openai";

    private readonly OpenAIEngineOptions _options;
    private readonly DataStoryBotOptions _product;
    private readonly IProviderCircuitBreaker _breaker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OpenAIClients _clients;
    private readonly OpenAIContainerApi _containers;
    private readonly OpenAIModelCall _model;
    private readonly RefineOutputCollector _outputs;
    private readonly FactsReader _facts;

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
        var call = new ProviderCall(_product.ModelCallTimeout, logger);
        _containers = new OpenAIContainerApi(_clients.Containers, call, _options, logger);
        _model = new OpenAIModelCall(_clients.Responses, call, _options, logger);
        _outputs = new RefineOutputCollector(_containers, logger);
        _facts = new FactsReader(_containers, logger);
    }

    public string Name => EngineName;

    public string Version { get; } = "1.0+openai-dotnet." + typeof(ResponsesClient).Assembly.GetName().Version?.ToString(3);

    internal OpenAIAuthMode AuthMode => _clients.AuthMode;

    public Task<EngineContainer> CreateContainerAsync(string sessionId, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(t => _containers.CreateAsync(sessionId, t), cancellationToken);

    public Task<EngineFile> UploadFileAsync(string containerId, string fileName, Stream content, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(async t =>
        {
            var file = await _containers.UploadAsync(containerId, fileName, OpenAIContainerApi.ContentTypeFor(fileName), content, t).ConfigureAwait(false);
            return new EngineFile(file.Id, fileName, file.Bytes);
        }, cancellationToken);

    public Task<DiscoveryResult> DiscoverAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _breaker.ExecuteAsync(t => DiscoverCoreAsync(request, t), cancellationToken);
    }

    public Task<RefineResult> RefineAsync(RefineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _breaker.ExecuteAsync(t => RefineCoreAsync(request, t), cancellationToken);
    }

    public Task<Stream> DownloadFileAsync(string containerId, string fileId, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(t => _containers.OpenFileAsync(containerId, fileId, t), cancellationToken);

    public Task DeleteContainerAsync(string containerId, CancellationToken cancellationToken) =>
        _breaker.ExecuteAsync(async t =>
        {
            await _containers.DeleteAsync(containerId, t).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<DiscoveryResult> DiscoverCoreAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var dataPath = await _containers.ResolveDataPathAsync(request.ContainerId, request.DataFile, cancellationToken).ConfigureAwait(false);
        var sampling = OpenAIPrompts.PlanSampling(request.Profile.RowCount, _product.SampleRowThreshold);
        var (instructions, input) = OpenAIPrompts.Discovery(request.Profile, dataPath, request.Steering, sampling);
        var options = _model.NewOptions(request.ContainerId, instructions, input);
        options.TextOptions = new ResponseTextOptions
        {
            TextFormat = ResponseTextFormat.CreateJsonSchemaFormat(
                DiscoveryAnswer.FormatName, DiscoveryAnswer.Schema, "Exactly three story candidates with their evidence.", jsonSchemaIsStrict: true),
        };

        var response = await _model.RunAsync("discovery", request.SessionId, request.ContainerId, options, cancellationToken).ConfigureAwait(false);
        var candidates = DiscoveryAnswer.Parse(OpenAIModelCall.LastMessageText(response), request.Profile);
        return new DiscoveryResult(candidates, Provenance(response, sampling, started));
    }

    private async Task<RefineResult> RefineCoreAsync(RefineRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var containerId = request.ContainerId;
        var dataPath = await _containers.ResolveDataPathAsync(containerId, request.DataFile, cancellationToken).ConfigureAwait(false);
        var sampling = OpenAIPrompts.PlanSampling(request.Profile.RowCount, _product.SampleRowThreshold);
        var prefix = "r" + Guid.NewGuid().ToString("N")[..8] + "_";
        var (instructions, input) = OpenAIPrompts.Refine(request.Profile, dataPath, request.Story, prefix, sampling);
        var response = await _model.RunAsync("refine", request.SessionId, containerId, _model.NewOptions(containerId, instructions, input), cancellationToken)
            .ConfigureAwait(false);

        var text = OpenAIModelCall.AllMessageText(response);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new EngineException(EngineFailureKind.InvalidResult, "The model's refine answer has no narrative text.");
        }

        var outputs = await _outputs.CollectAsync(response, containerId, prefix, started, text, request.Profile.Columns.Select(c => c.Name), cancellationToken).ConfigureAwait(false);
        var narrativeText = NarrativeCleaner.Clean(text);
        var facts = await _facts.ReadAsync(containerId, prefix, narrativeText, cancellationToken).ConfigureAwait(false);
        using var narrativeStream = new MemoryStream(Encoding.UTF8.GetBytes(narrativeText));
        var narrative = await _containers.UploadAsync(containerId, prefix + "narrative.md", "text/markdown", narrativeStream, cancellationToken).ConfigureAwait(false);
        OpenAIEngineLog.RefineFiles(_logger, request.SessionId, containerId, outputs.Charts.Count, outputs.FromCitations, outputs.Dataset is not null, narrative.Id);
        return new RefineResult(
            new EngineArtifact(narrative.Id, "narrative.md", "text/markdown", request.Story.Title),
            outputs.Charts,
            outputs.Dataset,
            facts,
            Provenance(response, sampling, started));
    }

    private EngineProvenance Provenance(ResponseResult response, SamplingInfo sampling, DateTimeOffset started) =>
        new(EngineName, Version, string.IsNullOrEmpty(response.Model) ? _options.Model : response.Model, [response.Id], sampling, started, _time.GetUtcNow());
}
