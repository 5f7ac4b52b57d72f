using System.Diagnostics;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>The local host started as a process of its own (as run.sh starts it).</summary>
public static class HostProcess
{
    /// <summary>Waits until the process serves the API on <paramref name="port"/>; fails at once if it exits, with <paramref name="output"/>.</summary>
    public static async Task WaitUntilServingAsync(Process process, int port, Func<string>? output = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Wait.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, "the local host exited during start-up: " + output?.Invoke());
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/api/openapi.yaml");
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, "the local host to serve the API");
    }
}
