using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Output;
using DataStoryBot.Tests.Infrastructure;
using Markdig;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Output;

/// <summary>
/// Issue 23, item 10: values from the data written into Markdown render as literal text in a Markdown viewer. "A
/// viewer" is Markdig twice: plain CommonMark, and with every extension it has (GFM autolinks and tables, generic
/// attributes, media links, math, footnotes, …), the most a viewer might read into a text.
/// </summary>
public sealed partial class MarkdownSafetyTests
{
    static readonly MarkdownPipeline CommonMark = new MarkdownPipelineBuilder().Build();
    static readonly MarkdownPipeline Everything = new MarkdownPipelineBuilder().UseAdvancedExtensions().UseAutoLinks().Build();

    public static TheoryData<string> Payloads() => new(PayloadList);

    internal static readonly string[] PayloadList = [
        "![t](https://evil.example/x.png)",
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<https://evil.example/a>",
        "https://evil.example/a",
        "www.evil.example",
        "[r]: javascript:alert(1)",
        "[t][r]",
        "# heading",
        "- item",
        "1. item",
        "> quote",
        "---",
        "| a | b |",
        "**bold** _it_ ~~gone~~",
        "`code`",
        "&lt;b&gt; &amp;",
        "$x^2$",
        "x {#id onclick=alert(1)}",
        "![y](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
        "back\\slash\\",
        "line one\n# line two\n<img src=x>",
        "[^1] footnote"];

    /// <summary>The tags Markdig writes for the narrative's own structure (headings with auto identifiers, paragraphs, bullets); anything else came from a value.</summary>
    static void AssertOnlyStructure(string html)
    {
        foreach (Match tag in Tag().Matches(html))
        {
            Assert.Matches(@"^</?(p|h1|h2|ul|li)( id=""[\w.-]*"")?>$", tag.Value);
        }
    }

    static string Text(string html) => WebUtility.HtmlDecode(Tag().Replace(html, "")).Trim();

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Escape_Payload_RendersAsTheSameLiteralText(string payload)
    {
        var expected = payload.Replace('\n', ' ');
        foreach (var pipeline in new[] { CommonMark, Everything })
        {
            foreach (var markdown in new[] { MarkdownText.Escape(payload), "The value " + MarkdownText.Escape(payload) + " stands out." })
            {
                var html = Markdown.ToHtml(markdown, pipeline);

                AssertOnlyStructure(html);
                Assert.Contains(expected, Text(html), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("-3.5 is the lowest", "-3.5 is the lowest")]
    [InlineData("2015. A year", "2015\\. A year")]
    [InlineData("p < 0.001", "p \\< 0.001")]
    [InlineData("temp_max", "temp\\_max")]
    [InlineData("plain words, numbers 1,234.5 and (brackets)", "plain words, numbers 1,234.5 and (brackets)")]
    public void Escape_OrdinaryText_OnlyTheNeededBackslashes(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    /// <summary>The narrative builder is the one place the built-in analyst's Markdown is put together: each of its parts escapes.</summary>
    [Fact]
    public void NarrativeBuilder_PayloadInEveryPart_RendersOnlyItsStructure()
    {
        var nb = new NarrativeBuilder();
        var payloads = PayloadList;
        nb.Heading("Sales by " + payloads[0]);
        nb.Subheading("By " + payloads[2]);
        foreach (var p in payloads) nb.Paragraph(p + " leads the list.");
        foreach (var p in payloads) nb.Bullet(p);
        nb.EndList();

        var markdown = nb.Build();

        foreach (var pipeline in new[] { CommonMark, Everything })
        {
            var html = Markdown.ToHtml(markdown, pipeline);
            AssertOnlyStructure(html);
            Assert.Equal(1, Regex.Count(html, "<h1"));
            Assert.Equal(1, Regex.Count(html, "<h2"));
            Assert.Equal(payloads.Length, Regex.Count(html, "<li>"));
            var text = Text(html);
            Assert.All(payloads, p => Assert.Contains(p.Replace('\n', ' '), text, StringComparison.Ordinal));
        }
    }

    /// <summary>End to end through the built-in analyst: category values that are Markdown and HTML payloads, refined into narrative.md.</summary>
    [Fact]
    public async Task Refine_CategoryValuesArePayloads_NarrativeRendersNoLinkImageOrHtml()
    {
        string[] groups = ["![t](https://127.0.0.1:1/x.png)", "[click](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>"];
        var sb = new StringBuilder("label,sales\n");
        // Overlapping groups (sd 60 around levels 100 apart): a measure that differs by label, not a banding of it, and
        // not a balanced layout's counts — so a story names the payload values.
        var noise = Noise(400, 3);
        for (var i = 0; i < 400; i++)
        {
            var g = i % groups.Length;
            sb.Append('"').Append(groups[g].Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",")
                .Append((100 * (g + 1) + 60 * noise[i]).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        using var fx = new DataStoryBot.Tests.Analyst.EngineFixture();
        var (container, file) = await fx.UploadTextAsync(sb.ToString());
        var discovery = await fx.DiscoverAsync(container, file);
        var story = discovery.Candidates.First(c => c.Evidence.Columns.Contains("label"));

        var result = await fx.RefineAsync(container, file, story);
        var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Narrative.FileId));

        var text = Text(Markdown.ToHtml(narrative, Everything));
        Assert.Contains(groups, g => text.Contains(g, StringComparison.Ordinal)); // the values are named, as text
        foreach (var pipeline in new[] { CommonMark, Everything })
        {
            AssertOnlyStructure(Markdown.ToHtml(narrative, pipeline));
        }
    }

    /// <summary>The OpenAI engine's narrative: model-written Markdown, whose text may carry the data's payloads.</summary>
    [Fact]
    public void NarrativeCleaner_ModelMarkdownWithPayloads_KeepsStructureAndSafeLinksOnly()
    {
        const string model = """
            # Sales rise

            ![Trend](sandbox:/mnt/data/r1_chart_1.png "Line chart of sales")

            Here is ![t](https://evil.example/x.png) and [click](javascript:alert(1)), [b](JaVaScRiPt:alert(1)), [c](&#106;avascript:alert(1)),
            [d]( data:text/html;base64,PHNjcmlwdD4= ), [e](<javascript:alert(1)>) and <img src=x onerror=alert(1)> <script>alert(1)</script>
            <a href="javascript:alert(1)">x</a> and [![x](https://evil.example/y.png)](https://ok.example) and <https://evil.example/auto>.

            [docs](https://example.org/docs "Docs") stays; so do **bold**, *it* and `code`; the [data](sandbox:/mnt/data/r1_data.csv) is attached.

            - a list item with [ref][r] and a [note][^1]

            <div onmouseover="alert(1)">block</div>

            [r]: javascript:alert(1)
            """;

        var cleaned = DataStoryBot.Core.Engines.OpenAI.NarrativeCleaner.Clean(model);

        foreach (var pipeline in new[] { CommonMark, Everything })
        {
            var html = Markdown.ToHtml(cleaned, pipeline);
            var tags = Tag().Matches(html).Select(m => m.Value).ToList();
            // The one link kept, and (with GFM autolinks) bare http URLs the text shows anyway.
            Assert.All(tags, t => Assert.Matches(@"^(</?(p|h1|ul|li|strong|em|code)( id=""[\w.-]*"")?>|<a href=""https://example\.org/docs"" title=""Docs"">|</a>|<a href=""https://(evil\.example/auto|ok\.example)"">)$", t));
            Assert.Equal(1, tags.Count(t => t.StartsWith("<a href=\"https://example.org/docs\"", StringComparison.Ordinal)));
            Assert.DoesNotContain("sandbox:", html, StringComparison.Ordinal);
            var text = Text(html);
            Assert.Contains("<img src=x onerror=alert(1)>", text, StringComparison.Ordinal);
            Assert.Contains("<script>alert(1)</script>", text, StringComparison.Ordinal);
            Assert.Contains("Here is t and click, b, c,", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://example.org/a?b=c", true)]
    [InlineData("HTTP://example.org", true)]
    [InlineData("mailto:someone@example.org", true)]
    [InlineData("<https://example.org>", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JaVaScRiPt:alert(1)", false)]
    [InlineData("&#106;avascript:alert(1)", false)]
    [InlineData("java\\script:alert(1)", false)]
    [InlineData("data:text/html,<b>", false)]
    [InlineData("vbscript:x", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("//evil.example/x", false)]
    [InlineData("https://evil.example/&#x22;onmouseover", false)]
    public void IsSafeLinkTarget_OnlyPlainHttpHttpsMailto(string target, bool safe) =>
        Assert.Equal(safe, ModelMarkdown.IsSafeLinkTarget(target));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}

/// <summary>
/// The page writes the story zip's story.md itself (chart titles, alt texts, the file name) with markdown.js's
/// escapeMarkdown, the JavaScript half of <see cref="MarkdownText.Escape"/>: run in Node, it must give the same text.
/// </summary>
public sealed class MarkdownTextParityTests
{
    [Fact]
    public async Task EscapeMarkdown_InThePage_SameAsTheServer()
    {
        var inputs = MarkdownSafetyTests.PayloadList
            .Concat(["-3.5 lowest", "2015. A year", "  # indented", "p < 0.001", "snake_case", "www.Example.org", "ctrl\u0001\u2028x", ""]).ToArray();
        var script = Path.Combine(RepoPaths.Root, "DataStoryBot.Core", "Web", "markdown.js");
        var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--input-type=module");
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add($$"""
            import { escapeMarkdown } from {{System.Text.Json.JsonSerializer.Serialize(new Uri(script).AbsoluteUri)}};
            let text = '';
            for await (const chunk of process.stdin) text += chunk;
            process.stdout.write(JSON.stringify(JSON.parse(text).map(escapeMarkdown)));
            """);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(System.Text.Json.JsonSerializer.Serialize(inputs));
        process.StandardInput.Close();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        Assert.True(process.ExitCode == 0, await stderr);

        var page = System.Text.Json.JsonSerializer.Deserialize<string[]>(await stdout)!;

        Assert.Equal(inputs.Select(MarkdownText.Escape), page);
    }
}
