using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The supporting facts that read a story's gap in context (issue 21): the group's share of the outcome, the gap within
/// another category, a leader's lead within another category, and a steady series' range and ends.
/// </summary>
public partial class SupportingFactsTests
{
    private static readonly string[] Regions = ["North", "South", "West"];

    /// <summary>
    /// Claims in three regions: Travel is declined 40% of the time against 7% for the rest, in every region or (with
    /// <paramref name="onlyNorth"/>) only in the North.
    /// </summary>
    private static string RegionalClaims(bool onlyNorth, int n = 3000, int seed = 8)
    {
        var rng = new Random(seed);
        string[] kinds = ["Travel", "Meals", "Software", "Mileage"];
        var sb = new StringBuilder("claim_id,submitted_at,category,region,state\n");
        for (var i = 0; i < n; i++)
        {
            var category = kinds[rng.Next(kinds.Length)];
            var region = Regions[rng.Next(Regions.Length)];
            var gap = category == "Travel" && (!onlyNorth || region == "North");
            var declined = rng.NextDouble() < (gap ? 0.4 : 0.07);
            var submitted = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddMinutes(rng.Next(0, 365 * 24 * 60));
            sb.Append(CultureInfo.InvariantCulture, $"EXP{i + 1:000000},{submitted:yyyy-MM-dd HH:mm},{category},{region},{(declined ? "Declined" : "Approved")}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void WeightOf_TravelAgainstEveryOtherCategory_SaysNothing()
    {
        // The story compared Travel with all the other categories: its share of the declines follows from the story's own
        // four numbers (its 2×2 table read the other way), so it is not told.
        var (table, story) = TravelDeclined(Claims());
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));
        var d = (RateGroupDetail)story.Detail!;
        Assert.Equal(0, d.LeftOutRows);

        var fact = OwnRowsFacts.WeightOf(table, story, rows);

        Assert.Null(fact);
    }

    [Fact]
    public void Within_GapInEveryRegion_HoldsWithinEachWithTheRegionsRates()
    {
        var (table, story) = TravelDeclined(RegionalClaims(onlyNorth: false));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.Within(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("It holds within each of the 3 regions", fact.Sentence, StringComparison.Ordinal);
        foreach (var region in Regions) Assert.Contains($"{region} {ExpectedRate(table, "Travel", region, travel: true)} against {ExpectedRate(table, "Travel", region, travel: false)}", fact.Sentence, StringComparison.Ordinal);
        AssertRecorded(fact, "region");
    }

    [Fact]
    public void Within_GapOnlyInTheNorth_SaysItHoldsInOneOfThree()
    {
        var (table, story) = TravelDeclined(RegionalClaims(onlyNorth: true));
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.Within(table, story, rows);

        Assert.NotNull(fact);
        // Travel's rate in the South and the West is the others' 7%: on either side of it by chance, so one or two hold.
        Assert.StartsWith("It holds within only ", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"North {ExpectedRate(table, "Travel", "North", travel: true)} against", fact.Sentence, StringComparison.Ordinal);
    }

    /// <summary>The share declined of Travel (or the other) claims in one region, counted from the prepared table's rows.</summary>
    private static string ExpectedRate(Core.Analyst.Data.AnalysisTable table, string category, string region, bool travel)
    {
        var cat = (Core.Analyst.Data.CategoryColumn)table.Find("category")!;
        var reg = (Core.Analyst.Data.CategoryColumn)table.Find("region")!;
        var state = (Core.Analyst.Data.CategoryColumn)table.Find("state")!;
        int n = 0, hits = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (reg.Labels[reg.Codes[r]] != region || (cat.Labels[cat.Codes[r]] == category) != travel) continue;
            n++;
            if (state.Labels[state.Codes[r]] == "Declined") hits++;
        }
        return Fmt.Pct(hits / (double)n);
    }

}

/// <summary>The supporting facts of a change (a share that moved), an amount's leader, a daily steady series and a date's part within a category value.</summary>
public class SupportingFactsChangeTests
{
    private static readonly string[] Channels = ["Web", "Store", "Phone"];
    private static readonly string[] Plain = ["gift wrap", "fast please", "leave at door", "call first", "no bag"];

    /// <summary>
    /// Orders over 24 months, 150 a month: Web's share rises from 30% to 60%; in the last six months, 60% of the
    /// Web orders' notes carry a promo code (none before, none in the other channels).
    /// </summary>
    private static string Orders(int seed = 4)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("order_id,order_date,channel,note\n");
        var id = 0;
        for (var m = 0; m < 24; m++)
        {
            var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(m);
            var web = 0.3 + 0.3 * m / 23.0;
            for (var i = 0; i < 150; i++)
            {
                var channel = rng.NextDouble() < web ? "Web" : Channels[1 + rng.Next(2)];
                // Free text: a phrase and a reference number, so the column reads as text, not as a category.
                var note = (channel == "Web" && m >= 18 && rng.NextDouble() < 0.6 ? "promo code " : "") + $"{Plain[rng.Next(Plain.Length)]} {Plain[rng.Next(Plain.Length)]} ref {rng.Next(100000)}";
                sb.Append(CultureInfo.InvariantCulture, $"SO{++id:000000},{start.AddDays(rng.Next(28)):yyyy-MM-dd},{channel},{note}\n");
            }
        }
        return sb.ToString();
    }

    private static (Core.Analyst.Data.AnalysisTable Table, Insight Story) WebShare()
    {
        var (table, ranked) = StoryDiscovery.Ranked(Table(Orders()), null, [StoryKinds.Of<ShareShiftStory>()]);
        return (table, ranked.First(i => i.Detail is ShareShiftDetail { Level: "Web" }));
    }

    [Fact]
    public void CountsBehind_WebShareRising_SaysWebGrewAndTheOthersShrankPerMonth()
    {
        var (table, story) = WebShare();
        var d = (ShareShiftDetail)story.Detail!;
        string PerMonth(int rows, int periods) => Fmt.Num(Math.Round(rows / (double)periods));

        var fact = OwnRowsFacts.CountsBehind(table, story);

        Assert.NotNull(fact);
        var before = d.OutsideTo - d.OutsideFrom;
        var after = d.InsideTo - d.InsideFrom;
        Assert.Contains($"Web orders went from {PerMonth(d.Outside.Hits, before)} to {PerMonth(d.Inside.Hits, after)} a month", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains($"the other orders from {PerMonth(d.Outside.N - d.Outside.Hits, before)} to {PerMonth(d.Inside.N - d.Inside.Hits, after)}", fact.Sentence, StringComparison.Ordinal);
        Assert.EndsWith("Web orders grew while the others shrank.", fact.Sentence, StringComparison.Ordinal);
        Assert.All(fact.Facts, f => Assert.Contains("channel", f.Columns));
    }

    [Fact]
    public void ChangeWordsOf_PromoCodesInLaterWebOrders_NamesTheNewWord()
    {
        var (table, story) = WebShare();
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.ChangeWordsOf(table, story, rows);

        Assert.NotNull(fact);
        Assert.StartsWith("'promo", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains("Web orders", fact.Sentence, StringComparison.Ordinal);
        Assert.Contains("of the other months", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightOf_AmountLeader_SaysItsShareOfTheTotal()
    {
        // 400 invoices of 10 vendors; Globex sends 40 of them, each 20,000 against 1,000 for the others.
        var sb = new StringBuilder("invoice_id,vendor,amount\n");
        for (var i = 0; i < 400; i++) sb.Append(CultureInfo.InvariantCulture, $"INV{i:0000},{(i % 10 == 0 ? "Globex" : $"Vendor {i % 9}")},{(i % 10 == 0 ? 20000 : 1000)}\n");
        var table = StoryDiscovery.Prepare(Table(sb.ToString()));
        var b = new CategoryBreakdown("vendor", "amount", "mean", [new CategoryTotal("Globex", 20000, 40), new CategoryTotal("Vendor 1", 1000, 40)], 400);
        var d = new OutstandingDetail(b, 20, 10);
        var story = new Insight(StoryKinds.Of<OutstandingCategoryStory>(), ["vendor", "amount"], "Globex leads average amount by a wide margin", "", ["bar"], "", 10, null, 20, 400, 0.7, d);
        var rows = Assert.IsType<StoryRows>(OwnRowsFacts.RowsOf(table, story));

        var fact = OwnRowsFacts.WeightOf(table, story, rows);

        Assert.NotNull(fact);
        // 40 of 400 invoices (10%), 800,000 of 1,160,000 of the amount (69%).
        Assert.Contains($"10% of the {table.Noun} (40 of 400) but 69% of the total amount (800,000 of 1,160,000)", fact.Sentence, StringComparison.Ordinal);
    }

}
