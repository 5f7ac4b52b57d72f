using System.Text.Json;
using DataStoryBot.Core.Health;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Health;

/// <summary>The operations tests' reads of a <see cref="TestHost"/> started with <see cref="TestHostOptions.Ops"/>.</summary>
public static class HealthHost
{
    /// <summary>Polls the health table until a result matching <paramref name="match"/> is recorded.</summary>
    public static async Task<HealthCheckResult> WaitForLatestAsync(this TestHost host, Func<HealthCheckResult, bool> match)
    {
        HealthCheckResult? found = null;
        await Wait.UntilAsync(async () => (found = await host.Get<HealthResultStore>().GetLatestAsync(CancellationToken.None)) is { } latest && match(latest),
            "a matching health check result");
        return found!;
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetHealthAsync(this TestHost host, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        if (key is not null)
        {
            request.Headers.Add("X-Health-Key", key);
        }

        using var response = await host.Http.SendAsync(request);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body);
    }
}

/// <summary>A <see cref="TestHostOptions.Ops"/> host per test class.</summary>
public sealed class OpsHostFixture : TestHost
{
    protected override Task<TestHostOptions> OptionsAsync() => Task.FromResult(TestHostOptions.Ops());
}
