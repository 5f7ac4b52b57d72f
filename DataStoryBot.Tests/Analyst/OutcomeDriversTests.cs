using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// One outcome with two strong, distinct drivers (scores lower where more pupils get free lunch and where more are
/// learning English) is told as one story naming both; two drivers that are one measured twice are not.
/// </summary>
public class OutcomeDriversTests
{
    /// <summary>score = −(a + e) + noise, with a and e correlated at about 0.5: each driver's |r| with the score about 0.8.</summary>
    private static (double[] A, double[] E, double[] Score) Drivers(int n = 400)
    {
        var (e1, e2, e3) = (Noise(n, 21, 1), Noise(n, 22, 1), Noise(n, 23, 1));
        var a = e1.Select(v => Math.Round(50 + 10 * v, 2)).ToArray();
        var e = Enumerable.Range(0, n).Select(i => Math.Round(30 + 10 * (0.5 * e1[i] + 0.87 * e2[i]), 2)).ToArray();
        var score = Enumerable.Range(0, n).Select(i => Math.Round(700 - a[i] - e[i] + 5 * e3[i], 1)).ToArray();
        return (a, e, score);
    }

    [Fact]
    public void Detect_OutcomeWithTwoDistinctDrivers_TellsBothInOneStory()
    {
        var (a, e, score) = Drivers();
        var table = StoryDiscovery.Prepare(Table(CsvText(("a", Box(a)), ("e", Box(e)), ("score", Box(score)))));

        var found = new CorrelationStory().Detect(table).ToList();

        var story = Assert.Single(found, i => i.Columns.Contains("score"));
        Assert.Equal(["a", "e", "score"], story.Columns.Order().ToArray());
        Assert.Matches("^Score is lower where (a and e|e and a) are higher$", story.Title);
        var detail = Assert.IsType<CorrelationDetail>(story.Detail);
        var companion = Assert.Single(detail.Drivers!);
        Assert.Contains(Fmt.Coef(companion.Pair.Pearson.R), story.Summary, StringComparison.Ordinal);
        Assert.InRange(Math.Abs(companion.WithLeadR), 0.3, 0.7);
    }

    [Fact]
    public void WithDrivers_NearDuplicateDrivers_TellsOneDriverPerStory()
    {
        var (a, e, score) = Drivers();
        var first = new CorrelationStory().Detect(StoryDiscovery.Prepare(Table(CsvText(("a", Box(a)), ("score", Box(score)))))).Single();
        var second = new CorrelationStory().Detect(StoryDiscovery.Prepare(Table(CsvText(("e", Box(e)), ("score", Box(score)))))).Single();

        var twice = CorrelationStory.WithDrivers([first, second], (_, _) => 0.95, (_, _) => false);
        var distinct = CorrelationStory.WithDrivers([first, second], (_, _) => 0.5, (_, _) => false);

        Assert.Equal(2, twice.Count);
        Assert.All(twice, i => Assert.Equal(2, i.Columns.Count));
        Assert.All(twice, i => Assert.Null(((CorrelationDetail)i.Detail).Drivers));
        Assert.Equal(3, Assert.Single(distinct).Columns.Count);
    }

    [Fact]
    public void WithDrivers_SecondDriverTurnsRoundGivenTheFirst_TellsOneDriverPerStory()
    {
        var (a, e, score) = Drivers();
        var first = new CorrelationStory().Detect(StoryDiscovery.Prepare(Table(CsvText(("a", Box(a)), ("score", Box(score)))))).Single();
        var second = new CorrelationStory().Detect(StoryDiscovery.Prepare(Table(CsvText(("e", Box(e)), ("score", Box(score)))))).Single();
        // The other driver goes with the score (r 0.57) only through the lead's (r 0.75 between them, 0.88 for the lead):
        // given the lead's driver, its partial r is negative.
        var lead = Math.Abs(((CorrelationDetail)first.Detail).Pearson.R) >= Math.Abs(((CorrelationDetail)second.Detail).Pearson.R) ? "a" : "e";
        double R(string x, string y) => x == "score" || y == "score" ? (x == lead || y == lead ? 0.88 : 0.57) : 0.75;

        var told = CorrelationStory.WithDrivers([first, second], R, (_, _) => false);

        Assert.Equal(2, told.Count);
        Assert.All(told, i => Assert.Null(((CorrelationDetail)i.Detail).Drivers));
    }

    [Fact]
    public void Detect_TwoDriversLinkedMoreStronglyThanTheOutcome_OutcomeLinkRanksFirst()
    {
        // Two size measures of one thing (length and weight, r about 0.95) and a named outcome driven by length (r about
        // -0.8): the sizes going together is background; the outcome's link is the story.
        var n = 300;
        var (e1, e2, e3) = (Noise(n, 31, 1), Noise(n, 32, 1), Noise(n, 33, 1));
        var length = e1.Select(v => Math.Round(50 + 10 * v, 2)).ToArray();
        var weight = Enumerable.Range(0, n).Select(i => Math.Round(3000 + 500 * (0.95 * e1[i] + 0.31 * e2[i]), 1)).ToArray();
        var score = Enumerable.Range(0, n).Select(i => Math.Round(200 - 2 * length[i] + 15 * e3[i], 1)).ToArray();
        var table = StoryDiscovery.Prepare(Table(CsvText(("length", Box(length)), ("weight", Box(weight)), ("score", Box(score)))));

        var found = new CorrelationStory().Detect(table).ToList();

        var sizes = Assert.Single(found, i => i.Columns.Order().SequenceEqual(["length", "weight"]));
        var outcome = found.Where(i => i.Columns.Contains("score")).MaxBy(i => i.Score)!;
        Assert.True(Math.Abs(((CorrelationDetail)sizes.Detail).Pearson.R) > Math.Abs(((CorrelationDetail)outcome.Detail).Pearson.R));
        Assert.True(outcome.Score > sizes.Score, $"{outcome.Title} {outcome.Score} vs {sizes.Title} {sizes.Score}");
    }

    [Fact]
    public void WithDrivers_ThirdLinkTurnsRoundGivenTheLeadBesideAMergedLead_LeavesThePool()
    {
        var (a, e, score) = Drivers();
        var noise = Noise(a.Length, 24, 1);
        var w = Enumerable.Range(0, a.Length).Select(i => Math.Round(100 - 0.5 * a[i] + 5 * noise[i], 2)).ToArray();
        Insight Link(string name, double[] values) => new CorrelationStory().Detect(StoryDiscovery.Prepare(Table(CsvText((name, Box(values)), ("score", Box(score)))))).Single();
        var (first, second, third) = (Link("a", a), Link("e", e), Link("w", w));
        // Whichever of a and e leads, the other keeps a part of its own; w (the weakest link, r about 0.6) goes with the
        // score only through the lead's driver (r -0.8 with it): given the lead, its partial r turns round.
        double R(string x, string y) => (x, y) switch
        {
            ("a", "score") or ("score", "a") or ("e", "score") or ("score", "e") => -0.88,
            ("w", "score") or ("score", "w") => 0.6,
            ("a", "e") or ("e", "a") => 0.3,
            _ => -0.8,
        };

        Assert.True(Math.Abs(((CorrelationDetail)third.Detail).Pearson.R) is >= CorrelationStory.MinDriverR and < 0.75);
        var told = CorrelationStory.WithDrivers([first, second, third], R, (_, _) => false);

        var lead = Assert.Single(told);
        Assert.Equal(["a", "e", "score"], lead.Columns.Order().ToArray());
    }
}
