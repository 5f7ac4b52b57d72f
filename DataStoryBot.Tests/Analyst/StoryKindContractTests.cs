using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using SkiaSharp;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>A sample table for one story kind, kept beside that kind's own tests; the contract test finds it by reflection.</summary>
public interface IStoryKindSample
{
    /// <summary>The kind's wire name.</summary>
    string Kind { get; }

    /// <summary>A small table on which the kind finds a story.</summary>
    AnalysisTable Table();
}

/// <summary>
/// The contract every story kind keeps (issue 22, item 3): registered once, a stable wire name the API documents, a
/// weight, and a sample table on which it finds and tells its story. A new kind shows up here by itself (the theory
/// reads the registry) and fails until it comes with a sample (in <see cref="Samples"/>, or an <see cref="IStoryKindSample"/> beside its own tests)
/// on which it finds and writes its story.
/// </summary>
public class StoryKindContractTests
{
    private static readonly DateTime Start = new(2010, 1, 1);

    private static List<DateTime> Months(int n) => Enumerable.Range(0, n).Select(i => Start.AddMonths(i)).ToList();

    private static IEnumerable<double> Years(int from, int n) => Enumerable.Range(from, n).Select(y => (double)y);

    /// <summary>A small table per kind on which that kind finds a story.</summary>
    public static readonly IReadOnlyDictionary<string, Func<AnalysisTable>> Samples = new Dictionary<string, Func<AnalysisTable>>
    {
        ["trend"] = () => Table(CsvText(("month", Box(Months(60))), ("sales", Box(Noise(60, 1, sd: 2).Select((e, i) => 100 + 1.5 * i + e))))),
        ["change_point"] = () => Table(CsvText(("month", Box(Months(60))), ("level", Box(Noise(60, 3).Select((e, i) => (i < 35 ? 10 : 20) + e))))),
        ["seasonality"] = () => Table(CsvText(("month", Box(Months(96))), ("visitors", Box(Noise(96, 5).Select((e, i) => 100 + 30 * Math.Sin(2 * Math.PI * (Start.AddMonths(i).Month - 4) / 12) + 3 * e))))),
        ["outliers"] = () =>
        {
            var values = Noise(200, 7).Select(v => 50 + 5 * v).ToArray();
            values[123] = 400;
            return Table(CsvText(("name", Box(Enumerable.Range(0, 200).Select(i => $"item{i}"))), ("amount", Box(values))));
        },
        ["correlation"] = () =>
        {
            var x = Noise(120, 100);
            return Table(CsvText(("x", Box(x)), ("y", Box(x.Zip(Noise(120, 101), (a, e) => 2 * a + 0.8 * e)))));
        },
        ["segment_difference"] = () => Table(CsvText(
            ("region", Box(Enumerable.Range(0, 300).Select(i => new[] { "north", "south", "east" }[i % 3]))),
            ("income", Box(Noise(300, 9).Select((e, i) => (i % 3 == 1 ? 20 : 10) + 2 * e))))),
        ["concentration"] = () => Table(CsvText(("kind", Box(Enumerable.Range(0, 400).Select(i => i % 10 < 7 ? "alpha" : i % 10 < 9 ? "beta" : "gamma"))))),
        ["outstanding_category"] = () =>
        {
            var firms = Enumerable.Range(0, 12).Select(i => $"firm{i}").ToList();
            return Table(CsvText(("firm", Box(firms)), ("revenue", Box(firms.Select((_, i) => i == 4 ? 900.0 : 100 + 7 * i)))));
        },
        ["distribution"] = () => Table(CsvText(("price", Box(Noise(500, 11).Select(v => Math.Round(Math.Exp(1.2 * v) * 20, 2)))))),
        ["drawdown"] = () =>
        {
            var prices = new List<double>();
            double p = 1400;
            for (var i = 0; i < 124; i++)
            {
                p *= i switch { < 8 => 1.01, < 33 => 0.975, < 94 => 1.012, < 110 => 0.955, _ => 1.02 };
                prices.Add(Math.Round(p, 2));
            }
            return Table(CsvText(("date", Box(Months(124))), ("price", Box(prices))));
        },
        ["cycle"] = () =>
        {
            var noise = Noise(200, 13, 8);
            return Table(CsvText(("year", Box(Years(1800, 200))), ("spots", Box(Enumerable.Range(0, 200).Select(i => Math.Round(60 + 50 * Math.Sin(2 * Math.PI * i / 11) + noise[i], 1))))));
        },
        ["record"] = () =>
        {
            var noise = Noise(140, 15, 0.1);
            return Table(CsvText(("year", Box(Years(1880, 140))), ("temp", Box(Enumerable.Range(0, 140).Select(i => Math.Round(-0.3 + 0.0001 * i * i + noise[i], 3))))));
        },
        ["group_series"] = () =>
        {
            var rows = new List<(string Source, double Year, double Value)>();
            var noise = Noise(17 * 2, 22, 20);
            for (var i = 0; i < 17; i++)
            {
                rows.Add(("coal", 2001 + i, Math.Round(2000 - 90 * i + noise[2 * i])));
                rows.Add(("wind", 2001 + i, Math.Round(100 + 110 * i + noise[2 * i + 1])));
            }
            return Table(CsvText(("source", Box(rows.Select(r => r.Source))), ("year", Box(rows.Select(r => r.Year))), ("output", Box(rows.Select(r => r.Value)))));
        },
        ["steady"] = () => Table(CsvText(("month", Box(Months(48))), ("wait_minutes", Box(Noise(48, 40).Select(v => Math.Round(30 + 2 * v, 1)))))),
        ["descriptive"] = () => Table(CsvText(("city", Box(Enumerable.Range(0, 40).Select(i => $"city{i % 7}"))), ("height", Box(Noise(40, 30).Select(v => 170 + 8 * v))))),
    };

    /// <summary>The samples above and every <see cref="IStoryKindSample"/> in the test assembly.</summary>
    public static Func<AnalysisTable>? SampleFor(string kind)
    {
        if (Samples.TryGetValue(kind, out var sample)) return sample;
        var type = typeof(StoryKindContractTests).Assembly.GetTypes()
            .Where(t => typeof(IStoryKindSample).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            .Select(t => (IStoryKindSample)Activator.CreateInstance(t)!)
            .FirstOrDefault(s => s.Kind == kind);
        return type is null ? null : type.Table;
    }

    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in StoryKinds.All) data.Add(kind.Name);
        return data;
    }

    [Fact]
    public void Registry_EveryKind_HasOneStableNameAndAWeight()
    {
        Assert.True(StoryKinds.All.Count >= 14);
        Assert.Equal(StoryKinds.All.Count, StoryKinds.All.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(StoryKinds.All.Count, StoryKinds.All.Select(k => k.GetType()).Distinct().Count());
        foreach (var kind in StoryKinds.All)
        {
            Assert.Matches("^[a-z]+(_[a-z]+)*$", kind.Name);
            Assert.InRange(kind.Weight, 0.01, 1.0);
            Assert.Same(kind, StoryKinds.Parse(kind.Name));
        }
        // The fillers: facets of a told finding first, then the description as the last resort (issue 22, item 5).
        Assert.Equal(["descriptive", "facet"], StoryKinds.All.Where(k => k.IsFallback).Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.Same(StoryKinds.Of<TrendStory>(), StoryKinds.Parse("trend"));
        Assert.Null(StoryKinds.Parse("no_such_kind"));
        // Equality is by kind, so a detector built with new() finds stories of the registered kind.
        Assert.Equal<StoryKind>(new TrendStory(), StoryKinds.Of<TrendStory>());
    }

    [Fact]
    public void Registry_EveryKindName_IsDocumentedInTheOpenApiContract()
    {
        var openapi = File.ReadAllText(Path.Combine(RepoRoot(), "DataStoryBot.Core", "Http", "openapi.yaml"));
        var missing = StoryKinds.All.Where(k => !Regex.IsMatch(openapi, $@"\b{k.Name}\b")).Select(k => k.Name).ToList();
        Assert.True(missing.Count == 0, $"Story kinds not named in openapi.yaml (evidence.insightType): {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Write_EveryRegisteredKind_FindsAndTellsItsSampleStory(string name)
    {
        var kind = StoryKinds.Parse(name)!;
        var sample = SampleFor(name);
        Assert.True(sample is not null, $"Story kind '{name}' has no sample table ({nameof(StoryKindContractTests)}.{nameof(Samples)} or an {nameof(IStoryKindSample)}): a new kind comes with one.");
        var table = sample();
        var insight = kind.Detect(table).FirstOrDefault();
        Assert.True(insight is not null, $"Story kind '{name}' found nothing in its sample table.");
        Assert.Equal(kind, insight.Kind);

        var output = StoryWriter.Write(table, insight);

        Assert.StartsWith("# " + insight.Title + "\n", output.Markdown, StringComparison.Ordinal);
        Assert.Contains("## Caveats", output.Markdown, StringComparison.Ordinal);
        // A journalist's narrative (issue 22, item 6): the news first, one evidence paragraph, one caveat section.
        StoryQuality.NarrativeStructureTests.AssertReadsLikeAJournalistWroteIt(output.Markdown, name);
        Assert.NotEmpty(output.Facts);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.InRange(output.Charts.Count, 2, 4);
        foreach (var chart in output.Charts)
        {
            using var bitmap = SKBitmap.Decode(chart.Png);
            Assert.NotNull(bitmap);
            Assert.True(chart.Data.Rows.Count > 0, $"{chart.Title}: no plotted data");
        }
        if (kind.Caveat is { } caveat) Assert.Contains(caveat, output.Markdown, StringComparison.Ordinal);
    }
}
