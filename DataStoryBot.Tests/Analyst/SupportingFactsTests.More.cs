using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Facts for stories that had one (OwnRowsFacts.More): an experiment's gap within another factor of its design, the rows
/// behind a trend of a level per row, a word nearly only the story's rows carry, and no group drifting under a steady whole.
/// </summary>
public partial class SupportingFactsRivalTests
{
    // ---------------------------------------------------------------- an experiment's other factor

    /// <summary>
    /// A field experiment: in each résumé quality and each city, as many résumés with a white- as with a black-sounding
    /// name (the names assigned within the blocks); the applicant's sex at random. Callbacks: white names 14% with a high
    /// quality résumé and 7% with a low one, black names 6% either way; the city and the sex change nothing.
    /// </summary>
    /// <param name="industries">Also the advertised job's industry, one of six, the same for both résumés of a pair (a
    /// block too); in one, Transport, white names are called back 30% of the time.</param>
    private static string Callbacks(int seed = 31, bool industries = false)
    {
        var rng = new Random(seed);
        string[] industry = ["Trade", "Services", "Health", "Finance", "Manufacturing", "Transport"];
        var sb = new StringBuilder("application_id,gender,ethnicity,resume_quality,city," + (industries ? "industry," : "") + "callback\n");
        var job = "";
        var i = 0;
        foreach (var quality in new[] { "high", "low" })
        {
            foreach (var city in new[] { "boston", "chicago" })
            {
                for (var k = 0; k < 2000; k++)
                {
                    var ethnicity = k % 2 == 0 ? "cauc" : "afam";
                    if (k % 2 == 0) job = industry[rng.Next(industry.Length)];
                    var p = ethnicity == "afam" ? 0.06 : industries && job == "Transport" ? 0.3 : quality == "high" ? 0.14 : 0.07;
                    var gender = rng.NextDouble() < 0.75 ? "female" : "male";
                    sb.Append(CultureInfo.InvariantCulture, $"RES{i++:00000},{gender},{ethnicity},{quality},{city},{(industries ? job + "," : "")}{(rng.NextDouble() < p ? "yes" : "no")}\n");
                }
            }
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story) CallbackGap(string csv)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<RateStory>()]);
        var story = ranked.First(i => i.Detail is RateGroupDetail { Group: "ethnicity" });
        return (table, story);
    }

    /// <summary>The share called back of the applications with the ethnicity and résumé quality given.</summary>
    private static string CallbackShare(AnalysisTable table, string ethnicity, string quality)
    {
        var (e, q, c) = ((CategoryColumn)table.Find("ethnicity")!, (CategoryColumn)table.Find("resume_quality")!, (CategoryColumn)table.Find("callback")!);
        var rows = Enumerable.Range(0, table.RowCount).Where(r => e.Labels[e.Codes[r]] == ethnicity && q.Labels[q.Codes[r]] == quality).ToList();
        return Fmt.Pct(rows.Count(r => c.Labels[c.Codes[r]] == "yes") / (double)rows.Count);
    }

    [Fact]
    public void DesignCross_NamesAssignedWithinQualityAndCity_ReadsTheGapWithinTheQualityItDiffersAcross()
    {
        var (table, story) = CallbackGap(Callbacks());
        Assert.True(story.Detail is RateGroupDetail { Designed: true }, "the names are the experiment's assigned factor");
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.DesignCross(table, story, rows, used: []);

        // Résumé quality, not the city: the white names' lead differs across the qualities (12% against 8%), not the cities.
        Assert.NotNull(fact);
        Assert.StartsWith("It holds within both resume qualities", fact.Sentence, StringComparison.Ordinal);
        var (who, others) = story.Detail is RateGroupDetail { Standout.Label: "cauc" } ? ("cauc", "afam") : ("afam", "cauc");
        Assert.Contains($"high {CallbackShare(table, who, "high")} against {CallbackShare(table, others, "high")}", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"low {CallbackShare(table, who, "low")} against {CallbackShare(table, others, "low")}", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts.Where(f => f.Text.EndsWith('%')), f => Assert.Contains("resume_quality", f.Columns));
    }

    [Fact]
    public void DesignCross_SixValuedBlockWithAWiderSpread_ReadsTheTwoValuedFactorFirst()
    {
        var (table, story) = CallbackGap(Callbacks(industries: true));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));
        Assert.Contains("industry", table.Model.Assigned ?? []);

        var fact = OwnRowsFacts.DesignCross(table, story, rows, used: []);
        var byIndustry = OwnRowsFacts.DesignCross(table, story, rows, used: ["resume_quality", "city"]);

        // Transport's white names (30% against 6%) spread the industries' gaps wider than the qualities', but six values
        // spread by chance too: the two qualities are read first, the industries only once they are.
        Assert.NotNull(fact);
        Assert.StartsWith("It holds within both resume qualities", fact.Sentence, StringComparison.Ordinal);
        Assert.NotNull(byIndustry);
        Assert.Contains("industries", byIndustry.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void DesignCross_FactorAlreadyRead_ReadsTheOtherCrossedFactor()
    {
        var (table, story) = CallbackGap(Callbacks());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.DesignCross(table, story, rows, used: ["resume_quality"]);

        Assert.NotNull(fact);
        Assert.StartsWith("It holds within both cities", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void DesignCross_GapNotFromAnExperiment_SaysNothing()
    {
        // The same rows and gap, but the group not an assigned factor: its other categories are rivals to read by their
        // bearing or mix (Within), not a design's cross.
        var (table, story) = CallbackGap(Callbacks());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));
        var observed = story with { Detail = ((RateGroupDetail)story.Detail) with { Designed = false } };

        Assert.NotNull(OwnRowsFacts.DesignCross(table, story, rows, used: []));
        Assert.Null(OwnRowsFacts.DesignCross(table, observed, rows, used: []));
    }

    [Fact]
    public void For_ExperimentWhoseOtherFactorsBearOnNothing_AddsTheGapWithinTheDesignsFactor()
    {
        var (table, story) = CallbackGap(Callbacks());

        var facts = OwnRowsFacts.For(table, story, []);

        // The first reading (any category) and then the design's own cross, which neither bears on callbacks among the
        // black names nor differs in their mix (none does, by design).
        Assert.Contains(facts, f => f.Sentence.StartsWith("It holds within both resume qualities", StringComparison.Ordinal)
            || f.Sentence.StartsWith("It holds within only 1 of the 2 resume qualities", StringComparison.Ordinal));
        Assert.True(facts.Count(f => f.Sentence.StartsWith("It holds within", StringComparison.Ordinal) || f.Sentence.StartsWith("It does not hold", StringComparison.Ordinal)) >= 2);
    }

    // ---------------------------------------------------------------- the rows behind a trend of a level per row

    /// <summary>
    /// Tweets from Jun 2015 to Nov 2016 whose favourites rise tenfold; with <paramref name="moreLater"/> the tweets come
    /// ever faster (the day drawn from a rising density), else ever slower.
    /// </summary>
    private static string Tweets(bool moreLater, int seed = 41)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("tweet_id,created_at,favorite_count\n");
        var start = new DateTime(2015, 6, 1, 0, 0, 0, DateTimeKind.Unspecified);
        const int days = 548;
        for (var i = 0; i < 3000; i++)
        {
            var u = Math.Sqrt(rng.NextDouble());
            var day = (int)(days * (moreLater ? u : 1 - u));
            var at = start.AddDays(day).AddMinutes(rng.Next(0, 24 * 60));
            var favorites = (int)Math.Round(1000 * (1 + 9.0 * day / days) * (0.5 + rng.NextDouble()));
            sb.Append(CultureInfo.InvariantCulture, $"{600000000 + i},{at:yyyy-MM-dd HH:mm:ss},{favorites}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story) FavoritesRise(string csv)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<TrendStory>()]);
        var story = ranked.First(i => i.Detail is TrendDetail { Series: { Measure: "favorite_count", SubsetColumn: null, Across: null, Aggregation: "mean" } });
        return (table, story);
    }

    /// <summary>The tweets of the first or the last third of the span between the first and the last tweet.</summary>
    private static int TweetThird(AnalysisTable table, bool last)
    {
        var at = (DateColumn)table.Find("created_at")!;
        double min = at.Days.Min(), max = at.Days.Max(), cut = (max - min) / 3;
        return Enumerable.Range(0, table.RowCount).Count(r => last ? at.Days[r] >= max - cut : at.Days[r] < min + cut);
    }

    [Fact]
    public void TrendLoad_FavoritesRoseWhileTweetsCameFaster_SaysTheTweetsGrewMoreNumerous()
    {
        var (table, story) = FavoritesRise(Tweets(moreLater: true));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.TrendLoad(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith($"Favorite count rose while the {table.Noun} grew more numerous: {Fmt.Int(TweetThird(table, last: false))} {table.Noun} in Jun 2015", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($" and {Fmt.Int(TweetThird(table, last: true))} in ", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("created_at", f.Columns));
    }

    [Fact]
    public void TrendLoad_FavoritesRoseWhileTweetsCameSlower_SaysTheTweetsGrewFewer()
    {
        var (table, story) = FavoritesRise(Tweets(moreLater: false));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.TrendLoad(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith($"Favorite count rose while the {table.Noun} grew fewer: {Fmt.Int(TweetThird(table, last: false))} ", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void For_TrendOfALevelPerRow_TellsTheRowsBehindIt()
    {
        var (table, story) = FavoritesRise(Tweets(moreLater: true));

        var facts = OwnRowsFacts.For(table, story, []);

        Assert.Contains(facts, f => f.Sentence.StartsWith("Favorite count rose while the ", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- a word nearly only the story's rows carry

    /// <summary>
    /// Shipments of four carriers, FastFreight late 30% of the time and the others 10%; 12% of FastFreight's late shipments
    /// name a 'recall' in their note, against 0.5% of its shipments on time; every note is one of a dozen common phrases and a
    /// dock otherwise, none of them in a quarter of the late ones more than elsewhere.
    /// </summary>
    /// <param name="late">The share of FastFreight's late shipments whose note names a recall.</param>
    /// <param name="onTime">The share of its shipments on time whose note names one.</param>
    private static string Notes(int seed = 51, double late = 0.12, double onTime = 0.005)
    {
        var rng = new Random(seed);
        string[] carriers = ["FastFreight", "Apex", "Bolt", "Crown"];
        string[] phrases = ["left depot", "signed at door", "parcel scanned", "handed to neighbour", "box dented", "address checked", "sorted overnight", "delivered to locker", "route changed", "driver called", "label reprinted", "pallet wrapped"];
        var sb = new StringBuilder("shipment_id,carrier,status,note\n");
        for (var i = 0; i < 3200; i++)
        {
            var carrier = carriers[rng.Next(carriers.Length)];
            var isLate = rng.NextDouble() < (carrier == "FastFreight" ? 0.3 : 0.1);
            var recall = carrier == "FastFreight" && rng.NextDouble() < (isLate ? late : onTime);
            var note = $"{phrases[rng.Next(phrases.Length)]}{(recall ? " recall hold" : "")} at dock {rng.Next(1, 60)}";
            sb.Append(CultureInfo.InvariantCulture, $"SH{i:00000},{carrier},{(isLate ? "Late" : "On time")},{note}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story, StoryRows Rows) LateNotes(string? csv = null)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv ?? Notes()), null, [StoryKinds.Of<RateStory>()]);
        var story = ranked.First(i => i.Detail is RateGroupDetail { Group: "carrier", Standout.Label: "FastFreight" });
        return (table, story, Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story)));
    }

    [Fact]
    public void ExclusiveWordsOf_WordInOneInEightLateShipments_TellsItWhereWordsOfDoesNot()
    {
        var (table, story, rows) = LateNotes();
        var note = table.Find("note")!;
        string? Text(int r) => note switch { TextColumn t => t.Values[r], CategoryColumn c => c.Codes[r] < 0 ? null : c.Labels[c.Codes[r]], _ => null };
        int Recalls(bool[] mask) => Enumerable.Range(0, table.RowCount).Count(r => mask[r] && (Text(r)?.Contains("recall", StringComparison.Ordinal) ?? false));

        var fact = OwnRowsFacts.ExclusiveWordsOf(table, story, rows);

        Assert.Null(OwnRowsFacts.WordsOf(table, story, rows));
        Assert.NotNull(fact);
        Assert.StartsWith($"'recall' is in the note of {Fmt.Int(Recalls(rows.Excess))} of the {Fmt.Int(rows.Excess.Count(x => x))} {rows.ExcessWho}", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"against {Fmt.Pct(Recalls(rows.Against) / (double)rows.Against.Count(x => x))} of {rows.AgainstWho}", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ExclusiveWordsOf_WordOnlyFiveTimesAsCommon_SaysNothing()
    {
        // 'recall' in 15% of FastFreight's late shipments against 3% of those on time: a clear difference, but a word a
        // few times as common is WordsOf's to tell when it marks a quarter of the rows, not a word nearly only they carry.
        var (table, story, rows) = LateNotes(Notes(late: 0.15, onTime: 0.03));
        var note = table.Find("note")!;
        string? Text(int r) => note switch { TextColumn t => t.Values[r], CategoryColumn c => c.Codes[r] < 0 ? null : c.Labels[c.Codes[r]], _ => null };
        double Share(bool[] mask) => Enumerable.Range(0, table.RowCount).Count(r => mask[r] && (Text(r)?.Contains("recall", StringComparison.Ordinal) ?? false)) / (double)mask.Count(x => x);
        Assert.InRange(Share(rows.Excess) / Share(rows.Against), 2, OwnRowsFacts.MinExclusiveLift);

        Assert.Null(OwnRowsFacts.ExclusiveWordsOf(table, story, rows));
    }

    [Fact]
    public void For_RateWhoseRowsCarryARareWord_TellsTheWord()
    {
        var (table, story, _) = LateNotes();

        var facts = OwnRowsFacts.For(table, story, []);

        Assert.Contains(facts, f => f.Sentence.StartsWith("'recall' is in the note of ", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- no group drifted under a steady whole

    [Fact]
    public void SteadyFacts_NoTeamMovedBeyondChance_SaysNoGroupDrifted()
    {
        // Team A approves in half the others' time (the team bears on the measure); team C's level is 12% higher in the
        // last third, past the 10% a held group may move, but within chance for 200 widely spread requests a third.
        var table = Requests(23, (team, third) => team == "A" ? 1.0 : team == "C" && third == 2 ? 2.24 : 2.0, 0.9);
        var story = SteadyApproval(FlatMonths, 2.5, 2.4, 2.6);

        var facts = OwnRowsFacts.SteadyFacts(table, story);

        var fact = Assert.Single(facts, f => f.Sentence.StartsWith("No group drifted under it: in each of the 4 teams, the median days to approve moved from ", StringComparison.Ordinal));
        Assert.Contains("(a rank-sum test per team, the smallest p = ", fact.Sentence, StringComparison.Ordinal);
        // Every team listed (four), the slowest first, each with its own two thirds.
        foreach (var team in Teams) Assert.Contains($"{team} {ThirdMedian(table, t => t == team, last: false)} to {ThirdMedian(table, t => t == team, last: true)}", fact.Sentence, StringComparison.Ordinal);
        Assert.EndsWith($"A {ThirdMedian(table, t => t == "A", last: false)} to {ThirdMedian(table, t => t == "A", last: true)}.", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("team", f.Columns));
    }

    [Fact]
    public void SteadyFacts_OneTeamMovedBeyondChanceButLessThanAMover_SaysNothingOfDrift()
    {
        // Team C is 15% slower in the last third with little spread: too small a move for a mover (20%), too sure for chance.
        var table = Requests(23, (team, third) => team == "A" ? 1.0 : team == "C" && third == 2 ? 2.3 : 2.0, 0.1);
        var story = SteadyApproval(FlatMonths, 2.5, 2.4, 2.6);

        var facts = OwnRowsFacts.SteadyFacts(table, story);

        Assert.DoesNotContain(facts, f => f.Sentence.StartsWith("No group drifted", StringComparison.Ordinal));
    }

}
