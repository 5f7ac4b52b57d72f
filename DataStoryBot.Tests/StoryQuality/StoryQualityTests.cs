using DataStoryBot.Core.Engines;
using Xunit;
using Xunit.Abstractions;

namespace DataStoryBot.Tests.StoryQuality;

/// <summary>
/// The story-quality suite (issue 11): the built-in analyst on real public datasets against the stories a data person
/// expects. Prints the hit rate and the share of fallback stories, and fails below the bar.
/// </summary>
public class StoryQualityTests(ITestOutputHelper output)
{
    /// <summary>The bar over the original 39 datasets: raise it as the analyst improves (docs/story-quality.md has the history).</summary>
    public const double MinHitRate = 1.0; // 39/39 on 7 December 2026 (branch expected4: macrodata's real GDP over a rising price index, grunfeld's General Motors once a panel's pooled size relation ranks lower); 37/39 before; the first bar was 0.80
    public const double MaxFallbackShare = 0.026; // 3/117 (2.6%) on 7 December 2026, sixth session (branch cancer7: cancer's rows far from the pooled rate given their population, "7 of 301 rows have clearly more cancer than their population predicts, 5 clearly fewer", replaces "The dataset at a glance"); before: 4/117 (3.4%) on 7 December 2026, sixth session, second helper (branch fillers6: a count held one row per entity concentrates, engineers-hurricanes "A few states dominate hurricanes: the top 3 hold 52%" replaces "What a typical hurricanes value looks like"); before: 5/117 (4.3%) on 7 December 2026, sixth session (branch fillers6: barley's top site leads the bottom one in both years, a gap split by a number's levels, replaces "What a typical yield value looks like"); before: 6/117 (5.1%) on 7 December 2026, fourth session: interest-inflation's "sharpest fall in dp came in Q1 1985" (the second reader's WRONG: every first quarter falls) is gone now that a season is taken out of the moves, and a description fills its slot; a wrong story is worse than a filler, and the bar (FILLER <= 10%) holds. Before: 5/117 (4.3%) on 7 December 2026 (branch fillers2: a series' sharpest move, its own kind, fills before descriptions); 13/117 (11%) on 7 December 2026; 9/117 (7.7%) with facets before fillers alone, 10/117 (8.5%) merged with the wrong-story fixes (elec-equip's false step gone) (issue 22, item 5)
    public const int MaxViolations = 0;

    /// <summary>
    /// The bar over the R datasets (<c>"suite": "r"</c>): today's figure, so that a regression fails. Several of their
    /// expected stories need kinds the engine lacks today (a rate per exposure, a count-weighted share); the lead raises
    /// this as the engine improves.
    /// </summary>
    public const double MinHitRateR = 0.81; // 22/27 (81%) on 7 December 2026, eighth session (branch fillers10: ship-accidents' incident rate by type, pooled counts against months of service tested where the rows' ranks cannot, with type B's total told as size); 21/27 (78%) on 7 December 2026 (branch crossexp8: fatalities' state death rates and murders' regional rate as pooled rates per exposure, teaching-ratings' beauty effect as a named outcome's strongest small driver); 18/27 (67%) on 7 December 2026 (branch crossexp6: research-funding's award gap by sex names the file's awards_men, applications_men as its evidence); 17/27 (63%) on 7 December 2026 (branch expected4: blackmore's patients against controls, compared one value per girl since rows repeat a girl); 16/27 (59%) on 7 December 2026 (branch expected3: space-shuttle's cold launches as a count split, hair-eye-color's and suicide's shares within groups, ca-schools' lunch and read once two same-scale scores are one quality); 8/27 on 6 December 2026; 9/27 after the row model and column meaning; 10/27 with every branch of 7 December 2026 merged; 11/27 (41%) after the wrong-story fixes of 7 December 2026 (salaries: years since PhD by rank is the promotion rule); 12/27 (44%) merged with facets before fillers

    /// <summary>
    /// Must-not violations on the R datasets today (the engine's wrong stories the issue lists: Freq as a measure,
    /// totals without exposure, a column related to its own bound); the lead lowers this to zero as the engine improves.
    /// </summary>
    public const int MaxViolationsR = 0; // 0 after branch fillers2 (space-shuttle's failures and damage one incident, rossi's size-led total), 7 December 2026; 31 in 21 datasets before the issue 21/22 work (17 from the must-nots written first, 14 added from the classification); 26 in 19 after it; 3 in 3 after the row model and column meaning (6 December 2026); 2 in 2 after the wrong-story fixes of 7 December 2026 (census read as a code)

    /// <summary>Descriptive fallbacks among the R datasets' stories: today's figure, lowered as facets replace them.</summary>
    public const double MaxFallbackShareR = 0.05; // 4/81 (4.9%) on 7 December 2026, eighth session (branch fillers10: ship-accidents' overview, research-funding's awards count and space-shuttle's typical temperature give way to the rate by type with B's size, the award rate by discipline and the coldest launch's damage); 7/81 (8.6%) on 7 December 2026, ninth session (branch murders9: murders' "most common region values" gives way to the size-not-rate facet of its pooled rate, California's total from its population); 8/81 (9.9%) after the seventh session's merge (branch misses8: research-funding's discipline make-up gives way to the award-rate gap by discipline); 9/81 (11%) on 7 December 2026, seventh session (branch fillers8: hair-eye-color's two make-ups give way to facets of its blond-blue share, black hair with brown eyes and the share within each sex; lifeboats' capacity description gives way to the fill of the boats by launch time); 12/81 (15%) on 7 December 2026, sixth session, after the second reader: the two-group overlap facets (heights, moore) were judged REDUNDANT beside their gap, so the overlap facet was taken out and both slots went back to descriptions; 10/81 (12%) on 7 December 2026, sixth session (branch fillers6: a lead told in both halves of another measure, arthritis' age; a two-group gap's overlap, heights and moore); before: 13/81 (16%) on 7 December 2026 (branch fillers5: wool's load within each length and amplitude, a second factor read within the cells of a designed grid, replaces "What a typical cycles value looks like"); 14/81 (17%) before (branch fillers4; the bar was new: a regression fails)

    [Fact]
    public async Task Suite_RealDatasets_MeetsTheBar()
    {
        var file = StoryQualitySuite.LoadExpectations();
        var outcomes = new List<QualityOutcome>();
        foreach (var dataset in file.Datasets)
        {
            outcomes.Add(await StoryQualitySuite.RunAsync(file, dataset));
        }
        var original = outcomes.Where(o => o.Dataset.Suite is null).ToList();
        var r = outcomes.Where(o => o.Dataset.Suite == "r").ToList();
        Assert.True(original.Count >= 25, "The original suite holds at least 25 real datasets.");
        Assert.True(r.Count >= 20, "The R suite holds at least 20 real datasets.");
        Assert.Equal(outcomes.Count, original.Count + r.Count);
        var report = StoryQualitySuite.Report(outcomes)
            + "original: " + StoryQualitySuite.Summary(original) + "\n"
            + "r: " + StoryQualitySuite.Summary(r) + "\n";
        output.WriteLine(report);
        var reportPath = Path.Combine(AppContext.BaseDirectory, "story-quality-report.txt");
        await File.WriteAllTextAsync(reportPath, report);
        Console.WriteLine("original: " + StoryQualitySuite.Summary(original) + $" (report: {reportPath})");
        Console.WriteLine("r: " + StoryQualitySuite.Summary(r));

        var hitRate = original.Count(o => o.Hit) / (double)original.Count;
        var stories = original.Sum(o => o.Candidates.Count);
        var fallbackShare = stories == 0 ? 1 : original.Sum(o => o.Fallbacks) / (double)stories;
        Assert.True(hitRate >= MinHitRate, $"Hit rate {hitRate:P0} is below the bar {MinHitRate:P0}.\n{report}");
        Assert.True(fallbackShare <= MaxFallbackShare, $"Fallback share {fallbackShare:P0} is above the bar {MaxFallbackShare:P0}.\n{report}");
        Assert.True(original.Sum(o => o.Violations.Count) <= MaxViolations, $"Too many must-not violations.\n{report}");

        var hitRateR = r.Count(o => o.Hit) / (double)r.Count;
        Assert.True(hitRateR >= MinHitRateR, $"R datasets: hit rate {hitRateR:P0} is below the bar {MinHitRateR:P0}.\n{report}");
        var fallbackShareR = r.Sum(o => o.Candidates.Count) == 0 ? 1 : r.Sum(o => o.Fallbacks) / (double)r.Sum(o => o.Candidates.Count);
        Assert.True(fallbackShareR <= MaxFallbackShareR, $"R datasets: fallback share {fallbackShareR:P0} is above the bar {MaxFallbackShareR:P0}.\n{report}");
        Assert.True(r.Sum(o => o.Violations.Count) <= MaxViolationsR, $"R datasets: more must-not violations than today's {MaxViolationsR}.\n{report}");
        Assert.All(outcomes, o => Assert.Null(o.Error));
        WordingChecks.AssertNone(outcomes.SelectMany(o => o.Candidates.Select(c => ($"{o.Dataset.Name} / {c.Title}", WordingChecks.Problems(c, null, "rows")))));
    }

    [Fact]
    public void Matches_TypeAndColumnsCaseInsensitive_OnlyWhenAllColumnsNamed()
    {
        var candidate = new StoryCandidate("t", "s", ["line"], new StoryEvidence("test", 1, 0.01, 0.5, 10, ["Year", "Volume"], "change_point"));
        Assert.True(StoryQualitySuite.Matches(candidate, new ExpectedHit("change_point", ["year", "volume"])));
        Assert.False(StoryQualitySuite.Matches(candidate, new ExpectedHit("trend", ["year", "volume"])));
        Assert.False(StoryQualitySuite.Matches(candidate, new ExpectedHit("change_point", ["year", "flow"])));
    }

    [Fact]
    public void JsonArrayToCsv_MixedValues_QuotesAndKeepsKeyOrder()
    {
        var csv = System.Text.Encoding.UTF8.GetString(StoryQualitySuite.JsonArrayToCsv("""[{"a":1.5,"b":"x, y"},{"b":"z","c":true}]"""u8.ToArray()));
        Assert.Equal("a,b,c\n1.5,\"x, y\",\n,z,true\n", csv);
    }
}

/// <summary>
/// Every story the suite's datasets produce can be refined: charts decode, every stated number is a fact, and every
/// chart's Vega-Lite spec is valid against the published v5 schema and compiles and renders with vega-lite and vega.
/// </summary>
public class StoryQualityRefineTests
{
    /// <summary>
    /// Datasets left out of the refine theory because of a known engine bug, each with the bug. Remove an entry when the
    /// bug is fixed; <see cref="KnownRefineBugs_NameSuiteDatasets_AndNoOthersAreLeftOut"/> keeps the list honest.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownRefineBugs = new Dictionary<string, string>
    {
        // Empty since 7 December 2026 (sixth session): numbers inside a group label ("70-90", "1970-74", "350", "age up
        // to 57") are recorded as read from the label (StoryText.Label), which fixed suicide, ship-accidents and wool.
    };

    public static TheoryData<string> Datasets()
    {
        var data = new TheoryData<string>();
        foreach (var d in StoryQualitySuite.LoadExpectations().Datasets)
        {
            if (!KnownRefineBugs.ContainsKey(d.Name)) data.Add(d.Name);
        }
        return data;
    }

    [Fact]
    public void KnownRefineBugs_NameSuiteDatasets_AndNoOthersAreLeftOut()
    {
        var names = StoryQualitySuite.LoadExpectations().Datasets.Select(d => d.Name).ToList();
        Assert.All(KnownRefineBugs.Keys, k => Assert.Contains(k, names));
        Assert.Equal(names.Count - KnownRefineBugs.Count, Datasets().Count<object[]>());
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Refine_EveryCandidate_WritesChartsAndOnlyComputedNumbers(string name)
    {
        var file = StoryQualitySuite.LoadExpectations();
        var dataset = file.Datasets.Single(d => d.Name == name);
        var bytes = StoryQualitySuite.ReadSource(dataset.Source);
        using var fx = new DataStoryBot.Tests.Analyst.EngineFixture();
        var (container, uploaded) = await fx.UploadTextAsync(System.Text.Encoding.UTF8.GetString(bytes), name + ".csv");
        var discovery = await fx.DiscoverAsync(container, uploaded);
        Assert.Equal(3, discovery.Candidates.Count);
        var specs = new List<(string Name, System.Text.Json.Nodes.JsonNode Spec)>();
        foreach (var story in discovery.Candidates)
        {
            var result = await fx.RefineAsync(container, uploaded, story);
            Assert.InRange(result.Charts.Count, 2, 4);
            foreach (var chart in result.Charts)
            {
                using var bitmap = SkiaSharp.SKBitmap.Decode(await fx.DownloadAsync(container, chart.FileId));
                Assert.NotNull(bitmap);
                Assert.Equal(1200, bitmap.Width);
                Assert.NotNull(chart.SpecFileId);
                var spec = System.Text.Json.Nodes.JsonNode.Parse(await fx.DownloadAsync(container, chart.SpecFileId!))!;
                var label = $"{name} / {story.Title} / {chart.Title}";
                DataStoryBot.Tests.Analyst.VegaLiteSchema.AssertValid(spec, label);
                specs.Add((label, spec));
            }
            var narrative = System.Text.Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Narrative.FileId));
            Assert.StartsWith("# " + story.Title, narrative, StringComparison.Ordinal);
            DataStoryBot.Tests.Analyst.RefineTests.AssertNumbersAreFacts(narrative, result.Facts);
        }
        await DataStoryBot.Tests.Analyst.VegaLiteRenderer.AssertRendersAsync(specs);
    }
}
