using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Fakes;

namespace DataStoryBot.Tests.OpenAI;

/// <summary>Answers the real API gives that the happy path never shows (shared/reference: "quirks").</summary>
public sealed class OpenAIQuirkTests
{
    [Theory]
    [InlineData("failed")]
    [InlineData("incomplete")]
    public async Task DiscoverAsync_CodeInterpreterCallWithStatusTheSdkDoesNotKnow_IsAnInvalidResultNotACrash(string status)
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Quirks(FakeModel.Discovery(), codeCallStatus: status));

        var outcome = await Record.ExceptionAsync(() => h.DiscoverAsync());

        // The SDK rejects these statuses while reading the answer; the engine turns that into its own failure kind,
        // which the phase retries once and then reports as an unusable answer.
        var e = Assert.IsType<EngineException>(outcome);
        Assert.Equal(EngineFailureKind.InvalidResult, e.Kind);
        Assert.Contains("could not be read", e.Message);
    }

    [Fact]
    public async Task RefineAsync_CitationsWithZeroOffsetsAndFileIdNames_FindsTheChartsDatasetAndTheirTitles()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(FakeModel.Quirks(FakeModel.Refine(charts: 3), opaqueCitations: true));
        var (container, file) = await h.CreateContainerWithDataAsync();

        var result = await h.Engine.RefineAsync(new("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), OpenAIAnalysisEngineTests.Story()), CancellationToken.None);

        Assert.Equal(3, result.Charts.Count);
        Assert.All(result.Charts, c => Assert.Matches("^chart_[0-9]\\.png$", c.FileName)); // the real names, from the files' paths
        Assert.Equal(3, result.Charts.Select(c => c.FileId).Distinct().Count());
        Assert.NotNull(result.Dataset);
        Assert.All(result.Charts, c => Assert.False(string.IsNullOrWhiteSpace(c.Title)));
    }

    [Fact]
    public async Task RefineAsync_UncitedChartsBehindAFullPageOfOtherFiles_PagesThroughTheFileList()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        // No citations, and 25 scratch files the model also wrote: the charts are on the file list's second page.
        h.Server.Enqueue(async ctx =>
        {
            var reply = await FakeModel.Refine(charts: 2, cite: false)(ctx);
            for (var i = 0; i < 25; i++)
            {
                ctx.AddAssistantFile($"{ctx.FilePrefix}scratch_{i:00}.txt", System.Text.Encoding.UTF8.GetBytes("notes"));
            }

            return reply;
        });
        var (container, file) = await h.CreateContainerWithDataAsync();

        var result = await h.Engine.RefineAsync(new("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), OpenAIAnalysisEngineTests.Story()), CancellationToken.None);

        Assert.Equal(["chart_1.png", "chart_2.png"], result.Charts.Select(c => c.FileName));
        Assert.NotNull(result.Dataset);
        var listCalls = h.Server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith($"/containers/{container.Id}/files", StringComparison.Ordinal));
        Assert.True(listCalls >= 2, $"the engine asked for {listCalls} page(s) of the file list");
    }

    [Theory]
    [InlineData("{\"input\":\"x\"}", "model")]
    [InlineData("{\"model\":\"m\",\"max_output_tokens\":8}", "max_output_tokens")]
    [InlineData("{\"model\":\"m\",\"text\":{\"format\":{\"type\":\"json_schema\"}}}", "text.format")]
    public void InvalidResponseRequest_WhatTheApiRejects_Is400WithTheParameter(string body, string param)
    {
        var reply = FakeOpenAIServer.InvalidResponseRequest(System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject());

        Assert.NotNull(reply);
        Assert.Equal(400, reply.Status);
        Assert.Equal(param, (string?)reply.Body["error"]!["param"]);
        Assert.Equal("invalid_request_error", (string?)reply.Body["error"]!["type"]);
    }

    [Fact]
    public async Task RefineAsync_ModelCitesAFileTheContainerDoesNotHave_SkipsItInsteadOfCallingTheContainerExpired()
    {
        await using var h = await OpenAIEngineHarness.StartAsync();
        h.Server.Enqueue(async ctx =>
        {
            var reply = await FakeModel.Refine(charts: 2)(ctx);
            var part = reply.Body["output"]!.AsArray().Last(i => (string?)i!["type"] == "message")!["content"]![0]!;
            part["annotations"]!.AsArray().Insert(0, new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "container_file_citation", ["container_id"] = ctx.Container.Id, ["file_id"] = "cfile_00000000000000000000000000000000",
                ["filename"] = "chart_9.png", ["start_index"] = 0, ["end_index"] = 0,
            });
            return reply;
        });
        var (container, file) = await h.CreateContainerWithDataAsync();

        var result = await h.Engine.RefineAsync(new("sess-1", container.Id, file, TestCsv.Profile(TestCsv.Weather), OpenAIAnalysisEngineTests.Story()), CancellationToken.None);

        Assert.Equal(["chart_1.png", "chart_2.png"], result.Charts.Select(c => c.FileName));
        Assert.False(h.Server.FindContainer(container.Id)!.Expired);
    }
}
