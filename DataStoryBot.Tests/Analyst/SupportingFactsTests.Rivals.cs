using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The supporting facts a second reader asked for (issue 21): which leg of a duration carries a step, the mix check where
/// a group is nearly all one kind, what moved (or held) under a steady whole, a rival category read before an unrelated one.
/// </summary>
public partial class SupportingFactsRivalTests
{
    // ---------------------------------------------------------------- the leg of a duration

    /// <summary>
    /// Orders over 2023–2024: order to ship about a day throughout; ship to delivery 2 days before Jul 2024 and 4 days from
    /// then on (the carrier's leg); with <paramref name="warehouse"/>, the step is in the order-to-ship leg instead.
    /// </summary>
    private static string Deliveries(bool warehouse = false, int seed = 11)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("order_id,order_date,ship_date,delivered_date,region\n");
        string[] regions = ["North", "South", "East"];
        for (var i = 0; i < 2400; i++)
        {
            var at = new DateTime(2023, 1, 1, 8, 0, 0, DateTimeKind.Unspecified).AddHours(rng.Next(0, 730 * 24));
            var late = at >= new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Unspecified);
            var toShip = (warehouse && late ? 3.0 : 1.0) * (0.8 + 0.4 * rng.NextDouble());
            var toDeliver = (!warehouse && late ? 4.0 : 2.0) * (0.8 + 0.4 * rng.NextDouble());
            var ship = at.AddDays(toShip);
            sb.Append(CultureInfo.InvariantCulture, $"SO{i:000000},{at:yyyy-MM-dd HH:mm},{ship:yyyy-MM-dd HH:mm},{ship.AddDays(toDeliver):yyyy-MM-dd HH:mm},{regions[rng.Next(3)]}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story) DeliveryStep(string csv)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<GroupDriftStory>()]);
        var story = ranked.First(i => i.Detail is GroupDriftDetail { Outcome: null } d && table.Find(d.Measure) is NumericColumn { Duration: { Start: "order_date", End: "delivered_date" } });
        return (table, story);
    }

    private static double LegMedian(AnalysisTable table, string from, string to, bool late)
    {
        var (a, b) = ((DateColumn)table.Find(from)!, (DateColumn)table.Find(to)!);
        var split = DateColumn.FromDateTime(new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Unspecified));
        var order = (DateColumn)table.Find("order_date")!;
        var values = Enumerable.Range(0, table.RowCount).Where(r => (order.Days[r] >= split) == late).Select(r => b.Days[r] - a.Days[r]).ToArray();
        return Descriptive.MedianInPlace(values);
    }

    [Fact]
    public void LegOf_DeliveryStepInTheCarriersLeg_NamesTheLegAfterShipping()
    {
        var (table, story) = DeliveryStep(Deliveries());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.LegOf(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("The gap sits in the leg after ship date: from ship date to delivered date median ", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"median {Fmt.Num(LegMedian(table, "ship_date", "delivered_date", late: true))} days against {Fmt.Num(LegMedian(table, "ship_date", "delivered_date", late: false))}", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"while from order date to ship date median {Fmt.Num(LegMedian(table, "order_date", "ship_date", late: true))} days against {Fmt.Num(LegMedian(table, "order_date", "ship_date", late: false))}", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains(fact.Facts, f => f.Columns.Contains("ship_date"));
    }

    [Fact]
    public void LegOf_StepInTheWarehousesLeg_NamesTheLegBeforeShipping()
    {
        var (table, story) = DeliveryStep(Deliveries(warehouse: true));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.LegOf(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("The gap sits in the leg before ship date: from order date to ship date median ", fact.Sentence, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- the mix check

    /// <summary>
    /// Leave requests by office: Oslo's are 85% annual leave (the others 40%), and annual leave is rejected more everywhere
    /// (sick leave almost never); within annual leave Oslo rejects 50%, the others 20% (or, with <paramref name="onlyMix"/>,
    /// 20% too: the kind carries Oslo's gap). With <paramref name="sameMix"/>, Oslo's mix is the others'.
    /// </summary>
    private static string Leave(bool onlyMix = false, bool sameMix = false, int seed = 3)
    {
        var rng = new Random(seed);
        string[] offices = ["Oslo", "Rome", "Lyon", "Kiel"];
        var sb = new StringBuilder("request_id,office,leave_type,status\n");
        for (var i = 0; i < 3000; i++)
        {
            var office = offices[rng.Next(offices.Length)];
            var oslo = office == "Oslo";
            var annual = rng.NextDouble() < (oslo && !sameMix ? 0.85 : 0.4);
            var type = annual ? "Annual" : rng.NextDouble() < 0.7 ? "Sick" : "Training";
            var p = type switch { "Annual" => oslo && !onlyMix ? 0.5 : 0.2, "Sick" => 0.01, _ => oslo && sameMix ? 0.5 : 0.08 };
            sb.Append(CultureInfo.InvariantCulture, $"LR{i:00000},{office},{type},{(rng.NextDouble() < p ? "Rejected" : "Approved")}\n");
        }
        return sb.ToString();
    }

    private static (AnalysisTable Table, Insight Story) OsloRejected(string csv)
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(csv), null, [StoryKinds.Of<RateStory>()]);
        return (table, ranked.First(i => i.Detail is RateGroupDetail { Group: "office" } d && d.Standout.Label == "Oslo"));
    }

    private static (int Hits, int N) Count(AnalysisTable table, Func<string, bool> office, string? type)
    {
        var (o, t, s) = ((CategoryColumn)table.Find("office")!, (CategoryColumn)table.Find("leave_type")!, (CategoryColumn)table.Find("status")!);
        var rows = Enumerable.Range(0, table.RowCount).Where(r => office(o.Labels[o.Codes[r]]) && (type is null || t.Labels[t.Codes[r]] == type)).ToList();
        return (rows.Count(r => s.Labels[s.Codes[r]] == "Rejected"), rows.Count);
    }

    [Fact]
    public void MixOf_OsloMostlyAnnualLeave_SaysTheMixAndTheGapWithinAnnualLeave()
    {
        var (table, story) = OsloRejected(Leave());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.MixOf(table, story, rows);

        Assert.NotNull(fact);
        var (_, osloAll) = Count(table, o => o == "Oslo", null);
        var (osloAnnualHits, osloAnnual) = Count(table, o => o == "Oslo", "Annual");
        var (othersAnnualHits, othersAnnual) = Count(table, o => o != "Oslo", "Annual");
        Assert.Contains($"mostly leave type Annual: {Fmt.Pct(osloAnnual / (double)osloAll)} ({Fmt.Int(osloAnnual)} of {Fmt.Int(osloAll)})", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"the gap remains: {Fmt.Pct(osloAnnualHits / (double)osloAnnual)} ({Fmt.Int(osloAnnualHits)} of {Fmt.Int(osloAnnual)}) against {Fmt.Pct(othersAnnualHits / (double)othersAnnual)}", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("leave_type", f.Columns));
    }

    [Fact]
    public void MixOf_TheKindCarriesTheGap_SaysTheGapIsGoneWithinIt()
    {
        var (table, story) = OsloRejected(Leave(onlyMix: true));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.MixOf(table, story, rows);

        Assert.NotNull(fact);
        Assert.Contains("among leave type Annual alone the gap is gone", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void MixOf_GroupWithTheOthersMix_SaysNothing()
    {
        var (table, story) = OsloRejected(Leave(sameMix: true));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        Assert.Null(OwnRowsFacts.MixOf(table, story, rows));
    }

    // ---------------------------------------------------------------- under a steady whole

    /// <summary>
    /// Requests over 2024, days to approve held near 3: with <paramref name="moves"/>, team A's went from 2 to 4 (Jan–Apr
    /// against Sep–Dec) while the others' eased from 3 to 2.8; else team A is the slowest at 6 throughout, a quarter of the
    /// requests in both thirds; the share rejected rises from 5% to 25% in the last third.
    /// </summary>
    private static (AnalysisTable Table, Insight Story) Steady(bool moves, int seed = 9)
    {
        var table = Requests(seed, (team, third) => moves
            ? team == "A" ? third == 0 ? 2.0 : third == 2 ? 4.0 : 3.0 : third == 2 ? 2.8 : 3.0
            : team == "A" ? 6.0 : 3.0, 0.2, rejectedIn: third => third == 2 ? 0.25 : 0.05);
        return (table, SteadyApproval([3.0, 2.9, 3.1, 3.0, 2.7, 3.2, 3.3, 3.0, 2.9, 3.1, 3.0, 2.8], 3.0, 2.9, 3.1));
    }

    /// <summary>The median days to approve of team A (or the other teams) in the first or the last third of the span.</summary>
    private static string ThirdMedian(AnalysisTable table, bool teamA, bool last) => ThirdMedian(table, team => (team == "A") == teamA, last);

    [Fact]
    public void SteadyFacts_OneTeamMovedUnderASteadyWhole_NamesTheTeamAndTheRisingRejections()
    {
        var (table, story) = Steady(moves: true);

        var facts = OwnRowsFacts.SteadyFacts(table, story);

        var mover = Assert.Single(facts, f => f.Sentence.StartsWith("Under the steady whole", StringComparison.Ordinal));
        Assert.Contains($"moved: the median days to approve grew from {ThirdMedian(table, true, false)} in Jan 2024–", mover.Sentence, StringComparison.Ordinal);
        Assert.Contains($" to {ThirdMedian(table, true, true)} in ", mover.Sentence, StringComparison.Ordinal);
        Assert.Contains($"went from {ThirdMedian(table, false, false)} to {ThirdMedian(table, false, true)}.", mover.Sentence, StringComparison.Ordinal);
        Assert.Contains(mover.Facts, f => f.Columns.Contains("team"));
        var rejected = Assert.Single(facts, f => f.Sentence.StartsWith("While the median days to approve held, the share rejected rose", StringComparison.Ordinal));
        Assert.Contains(rejected.Facts, f => f.Columns.Contains("status"));
        // Never the steadiness again in other numbers.
        Assert.DoesNotContain(facts, f => f.Sentence.Contains("lowest month", StringComparison.Ordinal) || f.Sentence.Contains("the two ends", StringComparison.Ordinal));
    }

    [Fact]
    public void SteadyFacts_SlowestTeamHeldItsShare_SaysNoShiftTowardsIt()
    {
        var (table, story) = Steady(moves: false);
        var team = (CategoryColumn)table.Find("team")!;
        var at = (DateColumn)table.Find("requested_at")!;
        double min = at.Days.Min(), max = at.Days.Max(), cut = (max - min) / 3;
        var first = Enumerable.Range(0, table.RowCount).Where(r => at.Days[r] < min + cut).ToList();
        var share = first.Count(r => team.Labels[team.Codes[r]] == "A") / (double)first.Count;

        var facts = OwnRowsFacts.SteadyFacts(table, story);

        var held = Assert.Single(facts, f => f.Sentence.StartsWith("No shift towards the highest group hides under it: ", StringComparison.Ordinal));
        Assert.Contains($", were {Fmt.Pct(share)} of the ", held.Sentence, StringComparison.Ordinal);
        Assert.Contains($"their own median days to approve went from {ThirdMedian(table, true, false)} to {ThirdMedian(table, true, true)}.", held.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(facts, f => f.Sentence.StartsWith("Under the steady whole", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- a rival category first

    /// <summary>
    /// Claims: Travel declined 40%, the rest 7% in the app and 20% on paper; Travel is mostly in the North (a region with no
    /// bearing on declines) and a little more often on paper.
    /// </summary>
    private static string RivalClaims(int seed = 6)
    {
        var rng = new Random(seed);
        string[] kinds = ["Travel", "Meals", "Software", "Mileage"];
        string[] regions = ["North", "South", "West"];
        var sb = new StringBuilder("claim_id,category,region,channel,state\n");
        for (var i = 0; i < 4000; i++)
        {
            var category = kinds[rng.Next(kinds.Length)];
            var travel = category == "Travel";
            var region = travel && rng.NextDouble() < 0.7 ? "North" : regions[rng.Next(regions.Length)];
            var channel = rng.NextDouble() < (travel ? 0.5 : 0.4) ? "Paper" : "App";
            var declined = rng.NextDouble() < (travel ? 0.4 : channel == "Paper" ? 0.2 : 0.07);
            sb.Append(CultureInfo.InvariantCulture, $"EXP{i:000000},{category},{region},{channel},{(declined ? "Declined" : "Approved")}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void Within_ChannelBearsOnDeclines_IsReadBeforeTheUnrelatedRegion()
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(RivalClaims()), null, [StoryKinds.Of<RateStory>()]);
        var story = ranked.First(i => i.Detail is RateGroupDetail { Group: "category" } d && d.Standout.Label == "Travel");
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.Within(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("It holds within both channels", fact.Sentence, StringComparison.Ordinal);
    }
}
