using System.Net;
using System.Text;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// The Functions host runs the worker's HTTP on Kestrel with its default 30,000,000-byte body limit. The upload
/// handler raises the limit for its own request, so a file between that and the product's 50 MB limit is accepted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UploadBodyLimitTests
{
    [Fact]
    public async Task Upload_35MbFileOnAServerWithKestrelsDefaultBodyLimit_IsAccepted()
    {
        await using var host = await TestHost.StartAsync(new TestHostOptions { ConfiguredEngine = true, Configure = builder => builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 30_000_000) });
        var csv = new StringBuilder("day,region,units,price\n");
        var random = new Random(35);
        while (csv.Length < 35_000_000)
        {
            csv.Append(random.Next(1, 366)).Append(",r").Append(random.Next(1, 9)).Append(',').Append(random.Next(1, 500)).Append(',')
                .Append(random.Next(100, 9999) / 100.0).Append('\n');
        }

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await host.Http.PostAsync("/api/upload?fileName=big.csv", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("\"rowCount\"", body);
    }
}
