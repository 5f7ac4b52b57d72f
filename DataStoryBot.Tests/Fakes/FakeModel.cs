using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DataStoryBot.Tests.Fakes;

/// <summary>
/// Scripted "model" behaviours for <see cref="FakeOpenAIServer"/>. The happy paths read the uploaded CSV from the container
/// (so answers name real columns), and refine renders real PNG charts with ScottPlot into the container and cites them.
/// </summary>
public static class FakeModel
{
    public const string Model = "gpt-4.1-2025-04-14";

    /// <summary>Discovery when the request asks for a JSON schema, refine otherwise.</summary>
    public static FakeModelBehaviour Auto() => ctx => ctx.WantsJsonSchema ? Discovery()(ctx) : Refine()(ctx);

    /// <summary>Three valid candidates built from the data file's real header and numeric columns.</summary>
    public static FakeModelBehaviour Discovery() => ctx =>
    {
        var table = FakeCsv.Read(ctx.DataFile);
        var candidates = new JsonArray();
        foreach (var c in CandidatesFor(table))
        {
            candidates.Add(c);
        }

        var text = new JsonObject { ["candidates"] = candidates }.ToJsonString();
        return Task.FromResult(Completed(ctx, text, [], "import pandas as pd\ndf = pd.read_csv(path)\nprint(df.describe())"));
    };

    /// <summary>Discovery answer whose text is given verbatim (e.g. an invalid structure).</summary>
    public static FakeModelBehaviour DiscoveryText(string text) => ctx => Task.FromResult(Completed(ctx, text, [], "print(1)"));

    /// <summary>A structurally invalid discovery answer: two candidates instead of three.</summary>
    public static FakeModelBehaviour InvalidStructured() => ctx =>
    {
        var table = FakeCsv.Read(ctx.DataFile);
        var two = new JsonArray(CandidatesFor(table).Take(2).Cast<JsonNode>().ToArray());
        return Task.FromResult(Completed(ctx, new JsonObject { ["candidates"] = two }.ToJsonString(), [], "print(2)"));
    };

    /// <summary>
    /// Refine: renders <paramref name="charts"/> PNG charts from the data, writes a filtered CSV when <paramref name="dataset"/>,
    /// writes <paramref name="nonPng"/> cited ".png" files that are not PNGs, and cites every file unless <paramref name="cite"/> is false.
    /// <paramref name="alts"/>, when given, are the alt texts of the charts' image links in order (as their link titles).
    /// </summary>
    public static FakeModelBehaviour Refine(int charts = 2, bool dataset = true, int nonPng = 0, bool cite = true, bool facts = true, string[]? alts = null) => ctx =>
    {
        var table = FakeCsv.Read(ctx.DataFile);
        var prefix = ctx.FilePrefix;
        var files = new List<(FakeFile File, string Title, bool Image, string? Alt)>();
        for (var i = 1; i <= nonPng; i++)
        {
            files.Add((ctx.AddAssistantFile($"{prefix}broken_{i}.png", Encoding.UTF8.GetBytes("this is not an image")), $"Broken {i}", true, null));
        }

        for (var i = 1; i <= charts; i++)
        {
            var (title, png) = FakeCharts.Render(table, i);
            files.Add((ctx.AddAssistantFile($"{prefix}chart_{i}.png", png), title, true, alts is not null && i <= alts.Length ? alts[i - 1] : null));
        }

        if (dataset)
        {
            var csv = string.Join('\n', table.Lines.Take(21)) + "\n";
            files.Add((ctx.AddAssistantFile($"{prefix}data.csv", Encoding.UTF8.GetBytes(csv)), "data", false, null));
        }

        var text = new StringBuilder("# A story in the data\n\nThe computed numbers support the story.\n\n");
        if (facts)
        {
            // As the instructions ask: compute the numbers, state them, and save them with their computations.
            var stated = new JsonArray();
            var rowsText = table.Rows.Count.ToString(CultureInfo.InvariantCulture);
            text.Append("The file has ").Append(rowsText).Append(" rows");
            stated.Add(new JsonObject { ["text"] = rowsText, ["value"] = table.Rows.Count, ["computation"] = "len(df)", ["columns"] = new JsonArray(), ["rows"] = "all" });
            if (table.NumericColumns().FirstOrDefault() is { } column)
            {
                var mean = table.Values(column).Where(double.IsFinite).Average();
                var meanText = mean.ToString("0.00", CultureInfo.InvariantCulture);
                text.Append("; the mean ").Append(column).Append(" is ").Append(meanText);
                stated.Add(new JsonObject { ["text"] = meanText, ["value"] = Math.Round(mean, 2), ["computation"] = $"round(df['{column}'].mean(), 2)", ["columns"] = new JsonArray(column), ["rows"] = "all" });
            }

            text.Append(".\n\n");
            ctx.AddAssistantFile($"{prefix}facts.json", Encoding.UTF8.GetBytes(stated.ToJsonString()));
        }

        var annotations = new JsonArray();
        foreach (var (file, title, image, alt) in files)
        {
            var link = image ? $"![{title}](sandbox:{file.Path}{(alt is null ? "" : $" \"{alt}\"")})" : $"[{title}](sandbox:{file.Path})";
            var start = text.Length;
            text.Append(link).Append("\n\n");
            if (cite)
            {
                annotations.Add(new JsonObject
                {
                    ["type"] = "container_file_citation",
                    ["container_id"] = ctx.Container.Id,
                    ["file_id"] = file.Id,
                    ["filename"] = file.Name,
                    ["start_index"] = start,
                    ["end_index"] = start + link.Length,
                });
            }
        }

        text.Append("Limitations: a fake model wrote this.");
        return Task.FromResult(Completed(ctx, text.ToString(), annotations, "import matplotlib\n# charts"));
    };

    /// <summary>400 "Container is expired." as /responses answers for an expired container.</summary>
    public static FakeModelBehaviour ContainerExpired() =>
        _ => Task.FromResult(FakeReply.Error(400, "Container is expired.", "invalid_request_error", null));

    /// <summary>404 "Container not found" (reported on Azure for a deleted or unknown container).</summary>
    public static FakeModelBehaviour ContainerNotFound() =>
        _ => Task.FromResult(FakeReply.Error(404, "Container not found", "invalid_request_error", null));

    /// <summary>The container expires while the model works; the call then fails as the API does for an expired container.</summary>
    public static FakeModelBehaviour ExpireMidResponse(TimeSpan? after = null) => async ctx =>
    {
        await Task.Delay(after ?? TimeSpan.FromMilliseconds(50), ctx.Aborted).ConfigureAwait(false);
        ctx.Server.ExpireContainer(ctx.Container.Id);
        return FakeReply.Error(400, "Container is expired.", "invalid_request_error", null);
    };

    /// <summary>429 with <c>Retry-After: 1</c>.</summary>
    public static FakeModelBehaviour RateLimited(int retryAfterSeconds = 1) =>
        _ => Task.FromResult(FakeReply.Error(429, "Rate limit reached for requests. Please try again in 1s.", "requests", "rate_limit_exceeded", retryAfterSeconds: retryAfterSeconds));

    /// <summary>500 server_error.</summary>
    public static FakeModelBehaviour ServerError() =>
        _ => Task.FromResult(FakeReply.Error(500, "The server had an error while processing your request.", "server_error", "server_error"));

    /// <summary>Answers after <paramref name="delay"/> (or never, if the client gives up first).</summary>
    public static FakeModelBehaviour Slow(TimeSpan delay, FakeModelBehaviour then) => async ctx =>
    {
        await Task.Delay(delay, ctx.Aborted).ConfigureAwait(false);
        return await then(ctx).ConfigureAwait(false);
    };

    /// <summary>HTTP 200 with <c>status: incomplete</c> and <c>incomplete_details.reason: max_output_tokens</c>.</summary>
    public static FakeModelBehaviour Incomplete() => ctx =>
    {
        var reply = Completed(ctx, "{\"candidates\": [{\"title\": \"Tru", [], "print(3)");
        reply.Body["status"] = "incomplete";
        reply.Body["incomplete_details"] = new JsonObject { ["reason"] = "max_output_tokens" };
        ((JsonObject)reply.Body["output"]!.AsArray()[^1]!)["status"] = "incomplete";
        return Task.FromResult(reply);
    };

    /// <summary>
    /// The reference's quirks on a response <paramref name="then"/> produces: the code_interpreter_call item carries
    /// <paramref name="codeCallStatus"/> (the API may send <c>failed</c> or <c>incomplete</c>), and, with
    /// <paramref name="opaqueCitations"/>, citations point at offset 0..0 with the file's <c>cfile_…</c> id as its name.
    /// </summary>
    public static FakeModelBehaviour Quirks(FakeModelBehaviour then, string? codeCallStatus = null, bool opaqueCitations = false) => async ctx =>
    {
        var reply = await then(ctx);
        foreach (var item in reply.Body["output"]?.AsArray() ?? [])
        {
            if (item is JsonObject o && (string?)o["type"] == "code_interpreter_call" && codeCallStatus is not null)
            {
                o["status"] = codeCallStatus;
            }

            if (item is JsonObject m && (string?)m["type"] == "message" && opaqueCitations)
            {
                foreach (var part in m["content"]!.AsArray())
                {
                    foreach (var a in part!["annotations"]?.AsArray() ?? [])
                    {
                        a!["start_index"] = 0;
                        a["end_index"] = 0;
                        a["filename"] = (string?)a["file_id"] + Path.GetExtension((string?)a["filename"] ?? "");
                    }
                }
            }
        }

        return reply;
    };

    /// <summary>HTTP 200 with <c>status: failed</c> and an error object.</summary>
    public static FakeModelBehaviour Failed() => ctx =>
    {
        var reply = Completed(ctx, string.Empty, [], "print(4)");
        reply.Body["status"] = "failed";
        reply.Body["error"] = new JsonObject { ["code"] = "server_error", ["message"] = "The model run failed." };
        reply.Body["output"] = new JsonArray();
        return Task.FromResult(reply);
    };

    /// <summary>A completed response: a code_interpreter_call item and an assistant message with the text and annotations.</summary>
    public static FakeReply Completed(FakeModelContext ctx, string text, JsonArray annotations, string code)
    {
        var now = ctx.Server.Now();
        var request = ctx.Request;
        var body = new JsonObject
        {
            ["id"] = "resp_" + FakeOpenAIServer.Hex(24),
            ["object"] = "response",
            ["created_at"] = now,
            ["status"] = "completed",
            ["background"] = false,
            ["error"] = null,
            ["incomplete_details"] = null,
            ["instructions"] = request["instructions"]?.DeepClone(),
            ["max_output_tokens"] = request["max_output_tokens"]?.DeepClone(),
            ["model"] = Model,
            ["output"] = new JsonArray
            {
                new JsonObject
                {
                    ["id"] = "ci_" + FakeOpenAIServer.Hex(24),
                    ["type"] = "code_interpreter_call",
                    ["status"] = "completed",
                    ["code"] = code,
                    ["container_id"] = ctx.Container.Id,
                    ["outputs"] = new JsonArray { new JsonObject { ["type"] = "logs", ["logs"] = "ok\n" } },
                },
                new JsonObject
                {
                    ["id"] = "msg_" + FakeOpenAIServer.Hex(24),
                    ["type"] = "message",
                    ["status"] = "completed",
                    ["role"] = "assistant",
                    ["content"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["type"] = "output_text",
                            ["logprobs"] = new JsonArray(),
                            ["text"] = text,
                            ["annotations"] = annotations,
                        },
                    },
                },
            },
            ["parallel_tool_calls"] = true,
            ["previous_response_id"] = null,
            ["store"] = true,
            ["temperature"] = 1.0,
            ["text"] = request["text"]?.DeepClone() ?? new JsonObject { ["format"] = new JsonObject { ["type"] = "text" } },
            ["tool_choice"] = "auto",
            ["tools"] = request["tools"]?.DeepClone(),
            ["top_p"] = 1.0,
            ["truncation"] = "disabled",
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = 1200,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                ["output_tokens"] = 340,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                ["total_tokens"] = 1540,
            },
            ["metadata"] = new JsonObject(),
        };
        return FakeReply.Json(body);
    }

    private static IEnumerable<JsonObject> CandidatesFor(FakeCsv table)
    {
        var numeric = table.NumericColumns();
        var first = numeric.Count > 0 ? numeric[0] : table.Header[0];
        var second = numeric.Count > 1 ? numeric[1] : table.Header[^1];
        var other = table.Header.FirstOrDefault(h => !numeric.Contains(h)) ?? table.Header[0];
        var n = table.Rows.Count;
        yield return Candidate($"{first} trends upward", $"{first} rises across the file. The trend is significant.", ["line"],
            "Mann-Kendall", 3.1, 0.002, 0.41, n, [first]);
        yield return Candidate($"{first} moves with {second}", $"{first} and {second} are correlated. Pearson r is 0.62.", ["scatter"],
            "Pearson", 0.62, 0.0001, 0.62, n, [first, second]);
        yield return Candidate($"{second} differs by {other}", $"{second} varies between groups of {other}. The effect is moderate.", ["box", "bar"],
            "Kruskal-Wallis", 12.5, 0.01, 0.3, n, [second, other]);
    }

    private static JsonObject Candidate(string title, string summary, string[] charts, string test, double stat, double p, double effect, long n, string[] columns) => new()
    {
        ["title"] = title,
        ["summary"] = summary,
        ["chartTypes"] = new JsonArray(charts.Select(c => (JsonNode)c).ToArray()),
        ["evidence"] = new JsonObject
        {
            ["test"] = test,
            ["statistic"] = stat,
            ["pValue"] = p,
            ["effectSize"] = effect,
            ["n"] = n,
            ["columns"] = new JsonArray(columns.Select(c => (JsonNode)c).ToArray()),
        },
    };
}

/// <summary>A minimal reader of the CSV the fake model "loads" in its container.</summary>
public sealed class FakeCsv
{
    private FakeCsv(IReadOnlyList<string> lines, char delimiter)
    {
        Lines = lines;
        Delimiter = delimiter;
        Header = lines.Count > 0 ? lines[0].Split(delimiter).Select(h => h.Trim().Trim('"')).ToArray() : ["value"];
        Rows = lines.Skip(1).Select(l => l.Split(delimiter)).ToList();
    }

    public IReadOnlyList<string> Lines { get; }
    public char Delimiter { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }

    public static FakeCsv Read(FakeFile? file)
    {
        var text = file is null ? "value\n1\n2\n3\n" : Encoding.UTF8.GetString(file.Bytes);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var first = lines.FirstOrDefault() ?? string.Empty;
        var delimiter = new[] { ',', ';', '\t', '|' }.OrderByDescending(d => first.Count(ch => ch == d)).First();
        return new FakeCsv(lines, delimiter);
    }

    public List<string> NumericColumns() =>
        Header.Where((_, i) => Rows.Count > 0 && Rows.Take(200).All(r => i < r.Length
            && double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double _))).ToList();

    public double[] Values(string column)
    {
        var i = Array.IndexOf(Header.ToArray(), column);
        return Rows.Select(r => i >= 0 && i < r.Length && double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
    }
}

/// <summary>Renders small real PNG charts with ScottPlot.</summary>
public static class FakeCharts
{
    private static readonly object Gate = new();

    public static (string Title, byte[] Png) Render(FakeCsv table, int index)
    {
        var numeric = table.NumericColumns();
        var column = numeric.Count > 0 ? numeric[(index - 1) % numeric.Count] : table.Header[0];
        var values = numeric.Count > 0 ? table.Values(column) : [1, 2, 3];
        var title = $"{column} (chart {index})";
        lock (Gate)
        {
            var plot = new ScottPlot.Plot();
            var xs = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();
            if (index % 2 == 1)
            {
                plot.Add.Scatter(xs, values);
            }
            else
            {
                plot.Add.Bars(values.Take(30).ToArray());
            }

            plot.Title(title);
            return (title, plot.GetImageBytes(300, 175, ScottPlot.ImageFormat.Png));
        }
    }
}
