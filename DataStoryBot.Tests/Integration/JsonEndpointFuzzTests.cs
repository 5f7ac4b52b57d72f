using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using DataStoryBot.Tests.Health;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// A seeded mutation fuzzer over the JSON endpoints through the local host: analyze and refine bodies, their headers
/// (Content-Type, Idempotency-Key, Authorization) and every route value, mutated from valid requests of a real,
/// analyzed session. No answer may be a 5xx, and no exception may escape to the host's error log. Bounded in time.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JsonEndpointFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    const int Seed = 20261204;
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Fuzz_MutatedBodiesHeadersAndRouteValues_NeverAnswer5xxNorLogAnUnhandledError()
    {
        var logs = new RecordingLoggerProvider();
        var engine = new TestAnalysisEngine();
        await using var host = await TestHost.StartAsync(new TestHostOptions { Engine = engine, Logs = logs });
        var http = host.Http;
        var s = await http.UploadAsync(SampleCsv.Sales(30));
        var (_, accepted) = await http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{s.SessionId}/analyze", s.Token, new { }));
        var analyzed = await http.WaitForJobAsync(accepted.GetProperty("statusUrl").GetString()!, s.Token);
        var jobId = analyzed.GetProperty("jobId").GetString()!;
        var story = analyzed.GetProperty("result").GetProperty("stories")[0];
        var fuzz = new RequestFuzzer(new Random(Seed), s.SessionId, s.Token, jobId, story.GetProperty("storyId").GetString()!, story.GetProperty("title").GetString()!);

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (clock.Elapsed < Budget && failures.Count < 5)
        {
            var (request, description) = fuzz.Next();
            using (request)
            {
                using var response = await http.SendAsync(request);
                var code = (int)response.StatusCode;
                statuses[code] = statuses.GetValueOrDefault(code) + 1;
                if (code >= 500)
                {
                    failures.Add($"#{sent} {description} -> {code}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            sent++;
        }

        output.WriteLine($"seed {Seed}: {sent} requests in {clock.Elapsed.TotalSeconds:0.0} s; " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));
        var unhandled = logs.Lines.Where(l => l.Level >= LogLevel.Error && l.Category.StartsWith("DataStoryBot", StringComparison.Ordinal)).Select(l => l.EventId.Name + ": " + l.Message).ToList();
        Assert.True(sent >= 100, $"only {sent} requests in {Budget}");
        Assert.True(failures.Count == 0, $"seed {Seed}: " + string.Join("\n", failures));
        Assert.True(unhandled.Count == 0, $"seed {Seed}: errors logged: " + string.Join("\n", unhandled.Take(5)));
        // The fuzzer reached the handlers' own answers, not only routing: accepted jobs and each kind of refusal.
        Assert.Contains(202, statuses.Keys);
        Assert.Contains(400, statuses.Keys);
        Assert.Contains(404, statuses.Keys);
        Assert.Contains(415, statuses.Keys);
        Assert.Contains(413, statuses.Keys);
    }

    /// <summary>Valid requests of one session, mutated: a seeded mix of body, header and route mutations.</summary>
    sealed class RequestFuzzer(Random random, string sessionId, string token, string jobId, string storyId, string title)
    {
        static readonly string[] Garbage = ["%00", "%FF", "%E2%80%AE", "..%2F..", "%25", "a%20b", "%7B%7D", "'%3B--", "%C0%AF", "~", "%0D%0A", "%F0%9F%92%A9"];
        static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "application/problem+json", "application/json; charset=latin1",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/", "*/*", ";;;", "application/json; x=\"unclosed"];

        public (HttpRequestMessage Request, string Description) Next()
        {
            var choice = random.Next(10);
            var (method, path) = choice switch
            {
                < 4 => (HttpMethod.Post, $"/api/sessions/{Mutate(sessionId, 0.15)}/analyze"),
                < 7 => (HttpMethod.Post, $"/api/sessions/{Mutate(sessionId, 0.15)}/refine"),
                7 => (HttpMethod.Get, $"/api/jobs/{Mutate(jobId, 0.7)}"),
                8 => (HttpMethod.Get, $"/api/sessions/{Mutate(sessionId, 0.2)}/stories/{Mutate(storyId, 0.7)}"),
                _ => (HttpMethod.Get, $"/api/sessions/{Mutate(sessionId, 0.2)}/stories/{Mutate(storyId, 0.5)}/charts/{Mutate("chart-1", 0.7)}"),
            };
            var request = new HttpRequestMessage(method, path);
            var description = new StringBuilder(method.Method).Append(' ').Append(path.Length > 120 ? path[..120] + "…" : path);

            var auth = random.Next(10) switch
            {
                0 => null,
                1 => "Bearer " + Mutate(token, 1),
                2 => "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("a:b")),
                3 => "Bearer",
                _ => "Bearer " + token,
            };
            if (auth is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", auth);
            }

            if (random.Next(3) == 0)
            {
                var key = random.Next(4) switch
                {
                    0 => new string('k', random.Next(190, 260)),
                    1 => "",
                    2 => RandomPrintable(random.Next(1, 40)),
                    _ => Guid.NewGuid().ToString(),
                };
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                description.Append(" key[").Append(key.Length).Append(']');
            }

            if (method == HttpMethod.Post && random.Next(8) != 0)
            {
                var body = MutateBody(path.EndsWith("/refine", StringComparison.Ordinal)
                    ? random.Next(2) == 0 ? $"{{\"title\":{Quote(title)}}}" : $"{{\"storyId\":{Quote(storyId)}}}"
                    : $"{{\"steering\":{Quote("focus on sales by region")}}}");
                var content = new ByteArrayContent(body);
                var type = random.Next(4) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
                content.Headers.TryAddWithoutValidation("Content-Type", type);
                request.Content = content;
                description.Append(" type=").Append(type).Append(" body[").Append(body.Length).Append("]=")
                    .Append(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 60)).ReplaceLineEndings(" "));
            }

            return (request, description.ToString());
        }

        byte[] MutateBody(string valid)
        {
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(valid));
            var rounds = random.Next(0, 4);
            for (var i = 0; i < rounds; i++)
            {
                switch (random.Next(9))
                {
                    case 0 when bytes.Count > 0:
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                        break;
                    case 1 when bytes.Count > 0:
                        bytes.RemoveRange(random.Next(bytes.Count), 1);
                        break;
                    case 2:
                        bytes.InsertRange(random.Next(bytes.Count + 1), RandomBytes(random.Next(1, 8)));
                        break;
                    case 3 when bytes.Count > 1:
                        var cut = random.Next(bytes.Count / 2, bytes.Count);
                        bytes.RemoveRange(cut, bytes.Count - cut);
                        break;
                    case 4:
                        return Encoding.UTF8.GetBytes("{\"steering\":" + new string('[', random.Next(60, 3000)) + "}");
                    case 5:
                        return Encoding.UTF8.GetBytes("{\"steering\":\"" + new string('x', random.Next(400, 80_000)) + "\"}");
                    case 6:
                        return Encoding.UTF8.GetBytes(new[] { "null", "[]", "{}", "1", "\"x\"", "{\"title\":null,\"storyId\":7}", "{\"steering\":{}}", "{\"title\":\"\\ud800\"}", "" }[random.Next(9)]);
                    case 7:
                        bytes.InsertRange(0, Encoding.UTF8.Preamble.ToArray());
                        break;
                    default:
                        bytes.AddRange(Encoding.UTF8.GetBytes(",\"extra\":" + random.Next()));
                        break;
                }
            }

            return [.. bytes];
        }

        string Mutate(string value, double probability)
        {
            if (random.NextDouble() >= probability)
            {
                return value;
            }

            return random.Next(7) switch
            {
                0 => value[..random.Next(value.Length)],
                1 => value + Garbage[random.Next(Garbage.Length)],
                2 => Garbage[random.Next(Garbage.Length)],
                3 => new string('a', random.Next(30, 3000)),
                4 => value.ToUpperInvariant(),
                5 => Uri.EscapeDataString(RandomPrintable(random.Next(1, 20))),
                _ => value.Length > 0 ? value.Remove(random.Next(value.Length), 1).Insert(random.Next(value.Length - 1), "z") : "z",
            };
        }

        byte[] RandomBytes(int n)
        {
            var b = new byte[n];
            random.NextBytes(b);
            return b;
        }

        string RandomPrintable(int n) => new([.. Enumerable.Range(0, n).Select(_ => (char)random.Next(' ', '~' + 1))]);

        static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
    }
}
