using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using DataStoryBot.Tests.Fakes;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// The local host as a separate process, killed with SIGKILL in the middle of a refine and started again: the job
/// finishes in the new process and no artifact is duplicated. The model (the fake OpenAI server) lives in this process,
/// so it survives the crash like the real provider would.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostCrashTests : IAsyncLifetime
{
    FakeOpenAIServer fake = null!;
    readonly int port = AzuriteServer.FreePort();
    readonly string taskHub = "k" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>The restarted host is the same instance again (as a Functions instance keeps its id): it takes its partition back at once.</summary>
    readonly string workerId = "crash-test-" + Guid.NewGuid().ToString("N")[..8];
    readonly string containerRoot = Path.Combine(Path.GetTempPath(), "dsb-crash-" + Guid.NewGuid().ToString("N"));
    Process? hostProcess;

    public async Task InitializeAsync() => fake = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync()
    {
        Kill();
        await fake.DisposeAsync();
    }

    [Fact]
    public async Task Refine_HostKilledMidPhaseAndRestarted_FinishesWithoutDuplicatedArtifacts()
    {
        fake.DefaultBehaviour = FakeModel.Auto();
        await StartHostAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var s = await http.UploadAsync(SampleCsv.Sales());
        var (_, analyze) = await http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        await http.WaitForJobAsync(analyze.GetProperty("statusUrl").GetString()!, s.Token);
        var (_, session) = await http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var title = session.GetProperty("stories")[0].GetProperty("title").GetString();

        var modelCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refineCalls = 0;
        fake.DefaultBehaviour = async ctx =>
        {
            if (ctx.WantsJsonSchema)
            {
                return await FakeModel.Discovery()(ctx);
            }

            if (Interlocked.Increment(ref refineCalls) == 1)
            {
                modelCalled.TrySetResult();
                await Task.Delay(TimeSpan.FromSeconds(4));
            }

            return await FakeModel.Refine()(ctx);
        };
        var (refineResponse, refine) = await http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/refine", s.Token, new { title }));
        Assert.Equal(HttpStatusCode.Accepted, refineResponse.StatusCode);
        await modelCalled.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Kill();
        await StartHostAsync();
        var done = await http.WaitForJobAsync(refine.GetProperty("statusUrl").GetString()!, s.Token);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(refineCalls >= 2, "the refine that was cut off ran again in the new process");
        var (_, after) = await http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{s.SessionId}", s.Token));
        var refined = after.GetProperty("refined").EnumerateArray().Single();
        var charts = refined.GetProperty("charts").GetArrayLength();
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(AzuriteServer.ConnectionString).GetBlobContainerClient("artifacts")
            .GetBlobsAsync(new GetBlobsOptions { Prefix = $"{s.SessionId}/stories/" });
        var names = (await Api.CollectAsync(blobs)).Select(b => b.Name).ToList();
        Assert.Equal(charts + 3, names.Count); // charts + narrative + dataset + facts, each exactly once
        Assert.Equal(charts, names.Count(n => n.EndsWith(".png", StringComparison.Ordinal)));
        foreach (var chart in refined.GetProperty("charts").EnumerateArray())
        {
            using var response = await http.SendAsync(Api.Request(HttpMethod.Get, chart.GetProperty("url").GetString()!, s.Token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    async Task StartHostAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DataStoryBot.Local.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in (string[])[dll, .. TestHost.Args(AzuriteServer.ConnectionString, port, taskHub), $"--LocalHost:WorkerId={workerId}",
                     "--LocalHost:QueueVisibilityTimeout=00:00:05", "--DataStoryBot:Engine=openai", $"--OpenAI:Endpoint={fake.OpenAIEndpoint}",
                     "--OpenAI:ApiKey=sk-test", $"--BuiltIn:ContainerRoot={containerRoot}"])
        {
            start.ArgumentList.Add(arg);
        }

        hostProcess = Process.Start(start)!;
        hostProcess.OutputDataReceived += (_, _) => { };
        hostProcess.ErrorDataReceived += (_, _) => { };
        hostProcess.BeginOutputReadLine();
        hostProcess.BeginErrorReadLine();
        await HostProcess.WaitUntilServingAsync(hostProcess, port);
    }

    void Kill()
    {
        if (hostProcess is { HasExited: false })
        {
            hostProcess.Kill(entireProcessTree: true); // SIGKILL: no graceful shutdown
            hostProcess.WaitForExit(10_000);
        }

        hostProcess?.Dispose();
        hostProcess = null;
    }
}
