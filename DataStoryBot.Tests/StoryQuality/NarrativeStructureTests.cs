using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace DataStoryBot.Tests.StoryQuality;

/// <summary>
/// A journalist's narrative (issue 22, item 6), read on the refined stories of real datasets: the lead says the news
/// without a test, statistic or p-value; the method and its numbers sit in one "How we know" paragraph after the story;
/// one caveat section, and no disclaimer said twice.
/// </summary>
public partial class NarrativeStructureTests
{
    /// <summary>A handful of the suite's datasets whose stories span the kinds (change point, cycle, record, correlation,
    /// outliers, group series, drawdown, seasonality, segments, associations, distributions, descriptions).</summary>
    public static TheoryData<string> Datasets() => new()
    {
        "nile", "sunspots", "engel", "statecrime", "stocks", "sp500", "seattle-weather", "cps1985", "penguins", "davis", "hair-eye-color", "birdstrikes",
    };

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Refine_RealDataset_NarrativesReadLikeAJournalistWroteThem(string name)
    {
        var file = StoryQualitySuite.LoadExpectations();
        var dataset = file.Datasets.Single(d => d.Name == name);
        using var fx = new DataStoryBot.Tests.Analyst.EngineFixture();
        var (container, uploaded) = await fx.UploadTextAsync(Encoding.UTF8.GetString(StoryQualitySuite.ReadSource(dataset.Source)), name + ".csv");
        var discovery = await fx.DiscoverAsync(container, uploaded);
        Assert.Equal(3, discovery.Candidates.Count);
        foreach (var story in discovery.Candidates)
        {
            var result = await fx.RefineAsync(container, uploaded, story);
            var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Narrative.FileId));
            AssertReadsLikeAJournalistWroteIt(narrative, $"{name} / {story.Title}");
            DataStoryBot.Tests.Analyst.RefineTests.AssertNumbersAreFacts(narrative, result.Facts);
            var firstSentence = FirstSentence(story.Summary);
            Assert.False(Method().IsMatch(firstSentence), $"{name} / {story.Title}: the summary names its method before the news: \"{firstSentence}\"");
        }
    }

    /// <summary>The structure every refined narrative keeps.</summary>
    internal static void AssertReadsLikeAJournalistWroteIt(string narrative, string label)
    {
        var blocks = narrative.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(blocks.Length >= 3 && blocks[0].StartsWith("# ", StringComparison.Ordinal), $"{label}: a heading and a story");
        var lead = blocks[1];
        Assert.False(lead.StartsWith('#') || lead.StartsWith("- ", StringComparison.Ordinal), $"{label}: the lead is a paragraph:\n{narrative}");
        Assert.False(Method().IsMatch(lead), $"{label}: the lead names a test, a statistic or a p-value (\"{Method().Match(lead).Value}\"):\n{lead}");

        var evidence = Regex.Matches(narrative, "^## How we know$", RegexOptions.Multiline);
        Assert.True(evidence.Count == 1, $"{label}: one evidence paragraph (found {evidence.Count}):\n{narrative}");
        var caveats = Regex.Matches(narrative, "^## Caveats$", RegexOptions.Multiline);
        Assert.True(caveats.Count <= 1, $"{label}: at most one caveat section (found {caveats.Count})");
        var evidenceAt = evidence[0].Index;
        var evidenceEnd = caveats.Count == 1 ? caveats[0].Index : narrative.Length;
        Assert.True(caveats.Count == 0 || caveats[0].Index > evidenceAt, $"{label}: the caveats come after the evidence");
        var evidenceText = narrative[evidenceAt..evidenceEnd];
        Assert.True(evidenceText.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length == 2, $"{label}: the evidence is one paragraph:\n{evidenceText}");

        // p-values and test statistics belong to the evidence paragraph only: the story above it tells the news.
        var story = narrative[..evidenceAt];
        Assert.False(PValue().IsMatch(story), $"{label}: a p-value in the story, outside the evidence paragraph (\"{PValue().Match(story).Value}\")");

        // No disclaimer twice: "correlation is not causation" at most once, and no sentence said twice.
        Assert.True(Regex.Matches(narrative, "causation", RegexOptions.IgnoreCase).Count <= 1, $"{label}: a causation disclaimer said twice");
        var sentences = Regex.Split(narrative, @"(?<=[.!?])\s+|\n").Select(s => s.Trim().TrimStart('-', ' ')).Where(s => s.Length >= 40).ToList();
        var repeated = sentences.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        Assert.True(repeated is null, $"{label}: a sentence said twice: \"{repeated?.Key}\"");
        Assert.DoesNotContain("Every figure in this text was computed", narrative, StringComparison.Ordinal);
    }

    private static string FirstSentence(string text)
    {
        var m = Regex.Match(text, @"^.*?[.!?](?=\s|$)");
        return m.Success ? m.Value : text;
    }

    [Fact]
    public void AssertReadsLikeAJournalistWroteIt_StatisticsReport_Fails()
    {
        const string report = "# Weight and height\n\nAcross 15 rows the rank correlation is Spearman ρ = 0.99 (p < 0.001).\n\n## How we know\n\nPearson r = 0.99.\n";
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertReadsLikeAJournalistWroteIt(report, "report"));
        const string twice = "# Weight and height\n\nWeight rises with height.\n\n## How we know\n\nPearson r = 0.99. Correlation is not causation.\n\n## Caveats\n\n- Correlation is not causation: a third factor may drive both.\n";
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertReadsLikeAJournalistWroteIt(twice, "twice"));
        const string noEvidence = "# Weight and height\n\nWeight rises with height.\n\nMore facts.\n";
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertReadsLikeAJournalistWroteIt(noEvidence, "no evidence"));
        const string good = "# Weight and height\n\nWeight rises about 3.45 lb per inch of height.\n\n## How we know\n\nPearson r = 0.99 (p < 0.001).\n\n## Caveats\n\n- Going together is not causing.\n";
        AssertReadsLikeAJournalistWroteIt(good, "good");
    }

    /// <summary>A test's name, a statistic's symbol or a p-value: what a lead must not say.</summary>
    [GeneratedRegex(@"\b(Pearson|Spearman|Kruskal|Wallis|Mann-Kendall|Kendall|Welch|t-test|chi-square|Jarque|Bera|Pettitt|Theil|Cochran|Armitage|Fisher|binomial|hypergeometric|Benjamini|Hochberg|Bonferroni|Cram[eé]r|Gini|z-score|autocorrelation|log-likelihood|skewness|kurtosis|p-value|statistic)\b|[χρετ]|G²|\b[rHKtzdV] = |\bp [<=] ", RegexOptions.IgnoreCase)]
    private static partial Regex Method();

    [GeneratedRegex(@"\bp [<=] \d|p-value", RegexOptions.IgnoreCase)]
    private static partial Regex PValue();
}
