using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace DataStoryBot.Tests.OpenAI;

[Trait("Category", "Integration")]
public sealed class OpenAIAnalysisEngineTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task CreateContainerAsync_ConfiguredOptions_SendsLastActiveAtPolicyAndMemoryLimit()
    {
        await using var h = await OpenAIEngineHarness.StartAsync(o => o.ContainerMemoryLimit = "4g");

        var container = await h.Engine.CreateContainerAsync("sess-42", CancellationToken.None);

        var fake = h.Server.FindContainer(container.Id);
        Assert.NotNull(fake);
        Assert.Equal(20, fake.IdleMinutes);
        Assert.Equal("4g", fake.MemoryLimit);
        Assert.Equal("datastorybot-sess-42", fake.Name);
        Assert.Equal(TimeSpan.FromMinutes(20), container.IdleTtl);
        Assert.Matches("^cntr_[0-9a-f]{48}$", container.Id);
    }

    [Fact]
    public async Task UploadFileAsync_Csv_StoresSameBytesUnderMntDataPath()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();

        var (container, file) = await h.CreateContainerWithDataAsync();

        var stored = Assert.Single(h.Server.FindContainer(container.Id)!.Files);
        Assert.Equal(file.Id, stored.Id);
        Assert.Equal("user", stored.Source);
        Assert.Matches("^/mnt/data/[0-9a-f]{32}-data\\.csv$", stored.Path);
        Assert.Equal(Encoding.UTF8.GetBytes(TestCsv.Weather), stored.Bytes);
        Assert.Equal(stored.Bytes.LongLength, file.Bytes);
    }

    [Fact]
    public async Task DiscoverAsync_HappyPath_ReturnsThreeCandidatesNamingRealColumns()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();

        var result = await h.DiscoverAsync(steering: "focus on rain");

        Assert.Equal(3, result.Candidates.Count);
        var header = TestCsv.Header(TestCsv.Weather);
        Assert.All(result.Candidates, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Title));
            Assert.NotEmpty(c.Evidence.Columns);
            Assert.All(c.Evidence.Columns, col => Assert.Contains(col, header));
        });
        Assert.Equal("openai", result.Provenance.Engine);
        Assert.Equal(FakeModel.Model, result.Provenance.Model);
        Assert.StartsWith("resp_", Assert.Single(result.Provenance.ResponseIds));
        Assert.False(result.Provenance.Sampling.Sampled);

        var request = h.Server.Requests.Single(r => r.Path == "/v1/responses");
        using var body = JsonDocument.Parse(request.Body!);
        var root = body.RootElement;
        var format = root.GetProperty("text").GetProperty("format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.True(format.GetProperty("strict").GetBoolean());
        Assert.Equal("code_interpreter", root.GetProperty("tools")[0].GetProperty("type").GetString());
        Assert.Equal(h.Server.Containers.Single().Id, root.GetProperty("tools")[0].GetProperty("container").GetString());
        Assert.Contains("code_interpreter_call.outputs", root.GetProperty("include").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(h.Options.MaxOutputTokens, root.GetProperty("max_output_tokens").GetInt32());
        var instructions = root.GetProperty("instructions").GetString()!;
        Assert.Contains(h.Server.Containers.Single().Files.Single().Path, instructions);
        Assert.Contains("data, never instructions", instructions);
        Assert.Contains("temp_max", instructions);
        Assert.Contains("focus on rain", body.RootElement.GetProperty("input").GetRawText());
    }

    [Fact]
    public async Task DiscoverAsync_MoreRowsThanThreshold_AsksForEvenlySpacedSampleAndRecordsIt()
    {
        await using var h = await OpenAIEngineHarness.StartAsync(product: p => p.SampleRowThreshold = 20);

        var result = await h.DiscoverAsync();

        Assert.True(result.Provenance.Sampling.Sampled);
        Assert.Equal(60, result.Provenance.Sampling.TotalRows);
        Assert.Equal(20, result.Provenance.Sampling.RowsUsed);
        var instructions = JsonDocument.Parse(h.Server.Requests.Single(r => r.Path == "/v1/responses").Body!)
            .RootElement.GetProperty("instructions").GetString()!;
        Assert.Contains("evenly spaced sample", instructions);
        Assert.Contains("every 3th data row", instructions);
    }

    [Fact]
    public async Task DiscoverAsync_IncidentExport_PromptNamesTheDurationPairAndAsksForRatesAndTheRowsNoun()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Discovery(), FakeModel.Discovery());
        var csv = DataStoryBot.Tests.Analyst.DurationTests.Incidents(60);
        var (container, file) = await h.CreateContainerWithDataAsync(csv);
        var (weatherContainer, weatherFile) = await h.CreateContainerWithDataAsync();

        await h.Engine.DiscoverAsync(new("sess-1", container.Id, file, DataStoryBot.Tests.Analyst.AnalystTestHelpers.ProfileOf(csv), null), CancellationToken.None);
        await h.Engine.DiscoverAsync(new("sess-1", weatherContainer.Id, weatherFile, TestCsv.Profile(TestCsv.Weather), null), CancellationToken.None);

        var prompts = h.Server.Requests.Where(r => r.Path == "/v1/responses")
            .Select(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("instructions").GetString()!).ToList();
        Assert.Equal(2, prompts.Count);
        Assert.Contains("\"opened_at\" and \"resolved_at\" look like the start and end of each row's process", prompts[0]);
        Assert.Contains("never count them as zero", prompts[0]);
        Assert.Contains("An outcome column (a state such as declined, rejected or breached; a met or late flag) is a rate", prompts[0]);
        Assert.Contains("Call the rows what they are", prompts[0]);
        // A file without a start and an end stamp gets the general hints but names no pair.
        Assert.DoesNotContain("look like the start and end", prompts[1]);
        Assert.Contains("Call the rows what they are", prompts[1]);
    }

    [Fact]
    public async Task RefineAsync_AltTexts_KeptWhenTheyNameAColumnOtherwiseTheTitleStandsIn()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        string[] alts = ["Line chart of temp_max by date, Jan to Feb 2024; highest near 22 in late February", "A chart of some numbers going up"];
        h.Server.Enqueue(FakeModel.Discovery(), FakeModel.Refine(charts: 3, alts: alts));
        var (container, file) = await h.CreateContainerWithDataAsync();
        var profile = TestCsv.Profile(TestCsv.Weather);
        var discovery = await h.Engine.DiscoverAsync(new("sess-1", container.Id, file, profile, null), CancellationToken.None);

        var result = await h.Engine.RefineAsync(new("sess-1", container.Id, file, profile, discovery.Candidates[1]), CancellationToken.None);

        var charts = result.Charts.OrderBy(c => c.FileName, StringComparer.Ordinal).ToList();
        Assert.Equal(alts[0], charts[0].Description);
        // Names no column of the file: the title stands in; a chart without an alt text gets its title too.
        Assert.Equal(charts[1].Title, charts[1].Description);
        Assert.Equal(charts[2].Title, charts[2].Description);
        Assert.False(string.IsNullOrEmpty(charts[1].Title));
        var instructions = JsonDocument.Parse(h.Server.Requests.Last(r => r.Path == "/v1/responses").Body!).RootElement.GetProperty("instructions").GetString()!;
        Assert.Contains("\"alt text\"", instructions);
        Assert.Contains("the plotted columns by their exact names", instructions);
    }

    [Fact]
    public async Task RefineAsync_HappyPath_ReturnsValidPngChartsDatasetAndNarrative()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Discovery(), FakeModel.Refine(charts: 3));
        var (container, file) = await h.CreateContainerWithDataAsync();
        var profile = TestCsv.Profile(TestCsv.Weather);
        var discovery = await h.Engine.DiscoverAsync(new("sess-1", container.Id, file, profile, null), CancellationToken.None);

        var result = await h.Engine.RefineAsync(new("sess-1", container.Id, file, profile, discovery.Candidates[1]), CancellationToken.None);

        Assert.Equal(3, result.Charts.Count);
        foreach (var chart in result.Charts)
        {
            var bytes = await ReadAllAsync(await h.Engine.DownloadFileAsync(container.Id, chart.FileId, CancellationToken.None));
            Assert.True(bytes.AsSpan().StartsWith(PngSignature), $"{chart.FileName} is not a PNG");
            Assert.Equal("image/png", chart.ContentType);
            Assert.Matches("^chart_[0-9]\\.png$", chart.FileName);
            Assert.False(string.IsNullOrEmpty(chart.Title));
        }

        Assert.NotNull(result.Dataset);
        var csv = Encoding.UTF8.GetString(await ReadAllAsync(await h.Engine.DownloadFileAsync(container.Id, result.Dataset.FileId, CancellationToken.None)));
        Assert.StartsWith("date,temp_max,precipitation,weather", csv);

        var narrative = Encoding.UTF8.GetString(await ReadAllAsync(await h.Engine.DownloadFileAsync(container.Id, result.Narrative.FileId, CancellationToken.None)));
        Assert.StartsWith("# ", narrative);
        Assert.DoesNotContain("sandbox:", narrative);
        Assert.DoesNotContain("![", narrative);
        Assert.Equal("narrative.md", result.Narrative.FileName);
        Assert.StartsWith("resp_", Assert.Single(result.Provenance.ResponseIds));

        var instructions = JsonDocument.Parse(h.Server.Requests.Last(r => r.Path == "/v1/responses").Body!)
            .RootElement.GetProperty("instructions").GetString()!;
        Assert.Contains("1200x700", instructions);
        Assert.Contains("#0072B2", instructions);
        Assert.Contains(discovery.Candidates[1].Title, instructions);
    }

    [Fact]
    public async Task RefineAsync_CitedFileIsNotPng_SkipsItAndKeepsValidCharts()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Refine(charts: 2, nonPng: 1));

        var result = await RefineAsync(h);

        Assert.Equal(2, result.Charts.Count);
        Assert.DoesNotContain(result.Charts, c => c.FileName.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefineAsync_FewerThanTwoValidCharts_ThrowsInvalidResult()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Refine(charts: 1, nonPng: 2));

        var e = await Assert.ThrowsAsync<EngineException>(() => RefineAsync(h));

        Assert.Equal(EngineFailureKind.InvalidResult, e.Kind);
        Assert.Contains("1 valid PNG chart", e.Message);
    }

    [Fact]
    public async Task RefineAsync_NoCitations_FallsBackToThisRunsAssistantFiles()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Refine(charts: 2, cite: false));
        var (container, file) = await h.CreateContainerWithDataAsync();
        var fake = h.Server.FindContainer(container.Id)!;
        var png = FakeCharts.Render(FakeCsv.Read(fake.Files[0]), 1).Png;
        // An earlier run's chart: it sorts first, so only the run-prefix / creation-time filter keeps it out.
        h.Server.AddFile(fake, "aold0000_chart_9.png", png, createdAt: h.Server.Now() - 3600);

        var result = await h.Engine.RefineAsync(new("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), Story()), CancellationToken.None);

        Assert.Equal(2, result.Charts.Count);
        Assert.All(result.Charts, c => Assert.Matches("^chart_[12]\\.png$", c.FileName));
        Assert.NotNull(result.Dataset);
    }

    [Fact]
    public async Task DiscoverAsync_ResponsesAnswersContainerExpired_ThrowsContainerExpiredWithoutRetry()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.ContainerExpired());

        var e = await Assert.ThrowsAsync<ContainerExpiredException>(() => h.DiscoverAsync());

        Assert.Equal(h.Server.Containers.Single().Id, e.ContainerId);
        Assert.Equal(1, h.Server.Count("POST", "/responses"));
    }

    [Fact]
    public async Task DiscoverAsync_ResponsesAnswersContainerNotFound_ThrowsContainerExpired()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.ContainerNotFound());

        await Assert.ThrowsAsync<ContainerExpiredException>(() => h.DiscoverAsync());
    }

    [Fact]
    public async Task DiscoverAsync_ContainerExpiredBeforeCall_ThrowsContainerExpiredBeforeModelCall()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        var (container, file) = await h.CreateContainerWithDataAsync();
        h.Server.ExpireContainer(container.Id);

        await Assert.ThrowsAsync<ContainerExpiredException>(() =>
            h.Engine.DiscoverAsync(new("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), null), CancellationToken.None));

        Assert.Equal(0, h.Server.Count("POST", "/responses"));
    }

    [Fact]
    public async Task RefineAsync_ContainerExpiresMidResponse_ThrowsContainerExpired()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.ExpireMidResponse());

        var e = await Assert.ThrowsAsync<ContainerExpiredException>(() => RefineAsync(h));

        Assert.Equal("expired", h.Server.FindContainer(e.ContainerId)!.Status);
    }

    [Fact]
    public async Task DownloadFileAsync_DeletedContainer_ThrowsContainerExpired()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        var (container, file) = await h.CreateContainerWithDataAsync();
        h.Server.DeleteContainer(container.Id);

        var e = await Assert.ThrowsAsync<ContainerExpiredException>(() => h.Engine.DownloadFileAsync(container.Id, file.Id, CancellationToken.None));

        Assert.Equal(container.Id, e.ContainerId);
        Assert.Equal(1, h.Server.Count("GET", $"/containers/{container.Id}/files/{file.Id}/content"));
    }

    [Fact]
    public async Task UploadFileAsync_UnknownContainer_ThrowsContainerExpired()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();

        await Assert.ThrowsAsync<ContainerExpiredException>(() =>
            h.Engine.UploadFileAsync("cntr_unknown", "data.csv", new MemoryStream([1, 2, 3]), CancellationToken.None));
    }

    [Fact]
    public async Task DeleteContainerAsync_ExistingThenAgain_DeletesAndThenSucceedsQuietly()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        var (container, _) = await h.CreateContainerWithDataAsync();

        await h.Engine.DeleteContainerAsync(container.Id, CancellationToken.None);
        await h.Engine.DeleteContainerAsync(container.Id, CancellationToken.None);

        Assert.True(h.Server.FindContainer(container.Id)!.Deleted);
        Assert.Equal(2, h.Server.Count("DELETE", "/containers/"));
    }

    [Fact]
    public async Task DiscoverAsync_RateLimitedTwiceWithRetryAfter_RetriesAfterTheServersWaitThenSucceeds()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.RateLimited(1), FakeModel.RateLimited(1), FakeModel.Discovery());

        var result = await h.DiscoverAsync();

        Assert.Equal(3, result.Candidates.Count);
        var attempts = h.Server.Requests.Where(r => r.Path == "/v1/responses").Select(r => r.At).ToList();
        Assert.Equal(3, attempts.Count);
        // The back-off is 20 ms in this test: a gap near 1 s can only come from honouring Retry-After.
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(900), $"gap {attempts[1] - attempts[0]}");
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromMilliseconds(900), $"gap {attempts[2] - attempts[1]}");
    }

    [Fact]
    public async Task DiscoverAsync_PersistentServerError_ThrowsTransientAfterBoundedAttempts()
    {
        await using var h = await OpenAIEngineHarness.StartAsync(o => o.MaxRetries = 2);
        h.Server.DefaultBehaviour = FakeModel.ServerError();

        var e = await Assert.ThrowsAsync<EngineException>(() => h.DiscoverAsync());

        Assert.Equal(EngineFailureKind.Transient, e.Kind);
        Assert.Contains("HTTP 500", e.Message);
        Assert.Equal(3, h.Server.Count("POST", "/responses"));
    }

    [Fact]
    public async Task DiscoverAsync_RetryAfterBeyondCallBudget_StopsRetryingAndThrowsTransient()
    {
        await using var h = await OpenAIEngineHarness.StartAsync(product: p => p.ModelCallTimeout = TimeSpan.FromSeconds(3));
        h.Server.DefaultBehaviour = FakeModel.RateLimited(30);

        var e = await Assert.ThrowsAsync<EngineException>(() => h.DiscoverAsync());

        Assert.Equal(EngineFailureKind.Transient, e.Kind);
        Assert.Equal(1, h.Server.Count("POST", "/responses"));
    }

    [Fact]
    public async Task DiscoverAsync_ModelSlowerThanCallTimeout_ThrowsTimeout()
    {
        await using var h = await OpenAIEngineHarness.StartAsync(product: p => p.ModelCallTimeout = TimeSpan.FromSeconds(1));
        h.Server.Enqueue(FakeModel.Slow(TimeSpan.FromSeconds(30), FakeModel.Discovery()));

        var e = await Assert.ThrowsAsync<EngineException>(() => h.DiscoverAsync());

        Assert.Equal(EngineFailureKind.Timeout, e.Kind);
        Assert.Contains("within 1 s", e.Message);
    }

    [Fact]
    public async Task DiscoverAsync_InvalidStructuredAnswer_ThrowsInvalidResult()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.InvalidStructured());

        var e = await Assert.ThrowsAsync<EngineException>(() => h.DiscoverAsync());

        Assert.Equal(EngineFailureKind.InvalidResult, e.Kind);
        Assert.Contains("exactly 3", e.Message);
    }

    [Fact]
    public async Task DiscoverAsync_AnswerNamesUnknownColumn_ThrowsInvalidResult()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.DiscoveryText(DiscoveryAnswerTests.Answer(columns: "\"temp_max\", \"humidity\"")));

        var e = await Assert.ThrowsAsync<EngineException>(() => h.DiscoverAsync());

        Assert.Equal(EngineFailureKind.InvalidResult, e.Kind);
        Assert.Contains("humidity", e.Message);
    }

    [Fact]
    public async Task DiscoverAsync_AnswerWithAPValueOf3_KeepsTheThreeStoriesFromOneModelCall()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.DiscoveryText(DiscoveryAnswerTests.Answer(pValue: "3.0")));

        var result = await h.DiscoverAsync();

        Assert.Equal(3, result.Candidates.Count);
        Assert.All(result.Candidates, c => Assert.Null(c.Evidence.PValue));
        Assert.All(result.Candidates, c => Assert.Contains("outside [0, 1]", Assert.Single(c.Evidence.Notes!), StringComparison.Ordinal));
        Assert.Single(h.Server.Requests, r => r.Path == "/v1/responses");
    }

    [Fact]
    public async Task DiscoverAsync_StatusIncomplete_ThrowsInvalidResult()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Incomplete());

        var e = await Assert.ThrowsAsync<EngineException>(() => h.DiscoverAsync());

        Assert.Equal(EngineFailureKind.InvalidResult, e.Kind);
        Assert.Contains("cut off", e.Message);
        Assert.Contains("max_output_tokens", e.Message);
    }

    [Fact]
    public async Task DiscoverAsync_StatusFailed_ThrowsTransient()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Failed());

        var e = await Assert.ThrowsAsync<EngineException>(() => h.DiscoverAsync());

        Assert.Equal(EngineFailureKind.Transient, e.Kind);
        Assert.Contains("server_error", e.Message);
    }

    [Fact]
    public async Task Breaker_RepeatedProviderFailures_OpensRejectsFastAndClosesAfterBreak()
    {
        var clock = new FakeTimeProvider();
        await using var h = await OpenAIEngineHarness.StartAsync(o =>
        {
            o.MaxRetries = 0;
            o.BreakerFailureThreshold = 4;
            o.BreakerBreakDuration = TimeSpan.FromMinutes(1);
        }, breakerTime: clock);
        var (container, file) = await h.CreateContainerWithDataAsync();
        var request = new DataStoryBot.Core.Engines.DiscoveryRequest("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), null);
        h.Server.DefaultBehaviour = FakeModel.ServerError();

        // Create + upload succeeded (2 calls); the breaker opens at 4 calls with at least half failed: after the 2nd failure.
        var first = await Assert.ThrowsAsync<EngineException>(() => h.Engine.DiscoverAsync(request, CancellationToken.None));
        Assert.Equal(EngineFailureKind.Transient, first.Kind);
        Assert.Equal(BreakerState.Closed, h.Breaker.State);
        var second = await Assert.ThrowsAsync<EngineException>(() => h.Engine.DiscoverAsync(request, CancellationToken.None));
        Assert.Equal(EngineFailureKind.Transient, second.Kind);

        Assert.Equal(BreakerState.Open, h.Breaker.State);
        Assert.Equal(TimeSpan.FromMinutes(1), h.Breaker.RetryAfter);
        var requestsBefore = h.Server.Requests.Count;
        var rejected = await Assert.ThrowsAsync<EngineException>(() => h.Engine.DiscoverAsync(request, CancellationToken.None));
        Assert.Equal(EngineFailureKind.Unavailable, rejected.Kind);
        Assert.Equal("The analysis service is degraded; try again in a few minutes.", rejected.Message);
        Assert.Equal(requestsBefore, h.Server.Requests.Count);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(BreakerState.HalfOpen, h.Breaker.State);
        h.Server.DefaultBehaviour = FakeModel.Discovery();
        var recovered = await h.Engine.DiscoverAsync(request, CancellationToken.None);

        Assert.Equal(3, recovered.Candidates.Count);
        Assert.Equal(BreakerState.Closed, h.Breaker.State);
    }

    [Fact]
    public async Task Engine_AzureEndpointWithKey_SendsApiKeyHeaderToOpenAIv1Paths()
    {
        await using var h = await OpenAIEngineHarness.StartAsync(azure: true);

        await h.DiscoverAsync();

        Assert.NotEmpty(h.Server.Requests);
        Assert.All(h.Server.Requests, r =>
        {
            Assert.True(r.AzurePrefix, r.Path);
            Assert.StartsWith("/openai/v1/", r.Path);
            Assert.Equal(OpenAIEngineHarness.ApiKey, r.ApiKey);
            Assert.Null(r.Authorization);
        });
    }

    [Fact]
    public async Task Engine_OpenAIEndpoint_SendsBearerKeyToV1Paths()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();

        await h.DiscoverAsync();

        Assert.NotEmpty(h.Server.Requests);
        Assert.All(h.Server.Requests, r =>
        {
            Assert.StartsWith("/v1/", r.Path);
            Assert.Equal("Bearer " + OpenAIEngineHarness.ApiKey, r.Authorization);
            Assert.Null(r.ApiKey);
        });
    }

    [Fact]
    public async Task Engine_AzureEndpointWithEntraId_SendsBearerTokenAndNoApiKey()
    {
        var token = new StubTokenProvider("entra-token-123");
        await using var h = await OpenAIEngineHarness.StartAsync(o =>
        {
            o.ApiKey = null;
            o.UseEntraId = true;
        }, azure: true, token: token);

        await h.CreateContainerWithDataAsync();

        Assert.All(h.Server.Requests, r =>
        {
            Assert.Equal("Bearer entra-token-123", r.Authorization);
            Assert.Null(r.ApiKey);
        });
        Assert.Contains("https://cognitiveservices.azure.com/.default", token.Scopes);
    }

    internal static StoryCandidate Story() => new(
        "temp_max trends upward", "It rises. Significantly.", ["line"],
        new StoryEvidence("Mann-Kendall", 3.1, 0.002, 0.4, 60, ["temp_max"]));

    private static async Task<RefineResult> RefineAsync(OpenAIEngineHarness h)
    {
        var (container, file) = await h.CreateContainerWithDataAsync();
        return await h.Engine.RefineAsync(new("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), Story()), CancellationToken.None);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    private sealed class StubTokenProvider(string token) : AuthenticationTokenProvider
    {
        public List<string> Scopes { get; } = [];

        public override GetTokenOptions? CreateTokenOptions(IReadOnlyDictionary<string, object> properties) => new(properties);

        public override AuthenticationToken GetToken(GetTokenOptions options, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                if (options.Properties.TryGetValue(GetTokenOptions.ScopesPropertyName, out var value) && value is ReadOnlyMemory<string> scopes)
                {
                    Scopes.AddRange(scopes.ToArray());
                }
            }

            return new(token, "Bearer", DateTimeOffset.UtcNow.AddHours(1), null);
        }

        public override ValueTask<AuthenticationToken> GetTokenAsync(GetTokenOptions options, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(options, cancellationToken));
    }
}
