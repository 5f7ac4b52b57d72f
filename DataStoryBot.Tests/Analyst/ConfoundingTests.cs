using System.Globalization;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Issue 21 rules on what a group's difference really is: another category's mix (stratified comparisons), the design of
/// an experiment, the rule that sets the time allowed, a price list, and a failure step counted over every failure level.
/// </summary>
public class ConfoundingTests
{
    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// 2,000 incidents: hardware (600) takes about 40 hours to resolve, the rest about 13, wherever they are; 70% of the
    /// hardware is in Australia, where little else is. Australia is slow only through its hardware.
    /// </summary>
    private static AnalysisTable Incidents(int seed)
    {
        var rng = new Random(seed);
        string[] others = ["Germany", "India", "Brazil", "Canada"];
        var rows = new List<(string Category, string Location, DateTime Opened, DateTime Resolved)>();
        for (var i = 0; i < 2000; i++)
        {
            var hardware = i < 600;
            var category = hardware ? "Hardware" : (i % 2 == 0 ? "Software" : "Network");
            var location = hardware ? (rng.NextDouble() < 0.7 ? "Australia" : others[rng.Next(4)]) : (rng.NextDouble() < 0.08 ? "Australia" : others[rng.Next(4)]);
            var opened = new DateTime(2024, 1, 1, 8, 0, 0).AddHours(rng.Next(24 * 360));
            var hours = (hardware ? 40 : 13) * Math.Exp(0.35 * (rng.NextDouble() + rng.NextDouble() - 1));
            rows.Add((category, location, opened, opened.AddHours(hours)));
        }
        rows = rows.OrderBy(r => r.Opened).ToList();
        return Table(CsvText(
            ("number", Box(rows.Select((_, i) => $"INC{i:0000000}"))),
            ("opened_at", Box(rows.Select(r => Stamp(r.Opened)))),
            ("resolved_at", Box(rows.Select(r => Stamp(r.Resolved)))),
            ("category", Box(rows.Select(r => r.Category))),
            ("location", Box(rows.Select(r => r.Location)))));
    }

    [Fact]
    public void Ranked_SlowGroupIsAnotherCategorysMix_DropsItAndKeepsTheCategorysStory()
    {
        var ranked = StoryDiscovery.Ranked(Incidents(seed: 5), null);

        var slow = ranked.Select(i => i.Detail).OfType<SegmentDetail>().Where(d => d.Slowest is not null).ToList();
        Assert.Contains(slow, d => d.Category == "category" && d.Slowest!.Label == "Hardware");
        Assert.DoesNotContain(slow, d => d.Category == "location");
    }

    [Fact]
    public void Contradiction_SlowGroupIsAnotherCategorysMix_SaysWhichMix()
    {
        var table = StoryDiscovery.Prepare(Incidents(seed: 6));
        var kind = StoryKinds.Of<SegmentStory>();

        var australia = Assert.Single(kind.Detect(table), i => i.Detail is SegmentDetail { Category: "location", Slowest: not null });

        var d = (SegmentDetail)australia.Detail;
        Assert.Equal("category", d.Confound?.By);
        Assert.True(d.Confound!.Raw >= 1.5);
        Assert.InRange(d.Confound.Within, 0.8, 1.25);
        Assert.Contains("category mix", kind.Contradiction(australia), StringComparison.Ordinal);
    }

    /// <summary>
    /// 2,000 shipments: remote deliveries are late 30% of the time, urban ones 5%, whoever carries them; FastFreight carries
    /// 80% remote deliveries, the others 20%.
    /// </summary>
    private static AnalysisTable Shipments(int seed)
    {
        var rng = new Random(seed);
        string[] carriers = ["FastFreight", "BlueLine", "Northway", "Parcelo"];
        var rows = new List<(string Carrier, string Region, string Late)>();
        for (var i = 0; i < 2000; i++)
        {
            var carrier = carriers[i % 4];
            var remote = rng.NextDouble() < (carrier == "FastFreight" ? 0.8 : 0.2);
            rows.Add((carrier, remote ? "Remote" : "Urban", rng.NextDouble() < (remote ? 0.3 : 0.05) ? "true" : "false"));
        }
        return Table(CsvText(
            ("shipment_id", Box(rows.Select((_, i) => $"SHP{i:000000}"))),
            ("carrier", Box(rows.Select(r => r.Carrier))),
            ("region", Box(rows.Select(r => r.Region))),
            ("late", Box(rows.Select(r => r.Late)))));
    }

    [Fact]
    public void Ranked_GroupLateOnlyThroughItsMix_ToldAsTheMixAndTheMixsOwnRateKept()
    {
        var ranked = StoryDiscovery.Ranked(Shipments(seed: 7), null).Where(i => i.Detail is RateGroupDetail).ToList();

        var region = Assert.Single(ranked, i => ((RateGroupDetail)i.Detail).Group == "region");
        Assert.Equal("Remote", ((RateGroupDetail)region.Detail).Standout.Label);
        Assert.Null(((RateGroupDetail)region.Detail).Confound is { Explained: true } ? "explained" : null);
        var carrier = Assert.Single(ranked, i => ((RateGroupDetail)i.Detail).Group == "carrier");
        Assert.Equal("region", ((RateGroupDetail)carrier.Detail).Confound?.By);
        Assert.Contains("a gap the mix of regions explains", carrier.Title, StringComparison.Ordinal);
        Assert.True(ranked.IndexOf(region) < ranked.IndexOf(carrier));
    }

    /// <summary>
    /// A field experiment's table: per city and résumé quality as many white- as African-American-sounding names; email
    /// was built into high-quality résumés (the design); callbacks 12% for white-sounding names, 6% for the others.
    /// </summary>
    private static AnalysisTable Resumes(int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(string Ethnicity, string City, string Quality, string Email, string Callback)>();
        foreach (var city in new[] { "boston", "chicago" })
        {
            foreach (var quality in new[] { "high", "low" })
            {
                for (var i = 0; i < 600; i++)
                {
                    var ethnicity = i % 2 == 0 ? "cauc" : "afam";
                    var email = rng.NextDouble() < (quality == "high" ? 0.92 : 0.04) ? "yes" : "no";
                    rows.Add((ethnicity, city, quality, email, rng.NextDouble() < (ethnicity == "cauc" ? 0.12 : 0.06) ? "yes" : "no"));
                }
            }
        }
        rows = rows.OrderBy(_ => rng.Next()).ToList();
        return Table(CsvText(
            ("application_id", Box(rows.Select((_, i) => $"RES{i:00000}"))),
            ("ethnicity", Box(rows.Select(r => r.Ethnicity))),
            ("city", Box(rows.Select(r => r.City))),
            ("resume_quality", Box(rows.Select(r => r.Quality))),
            ("email", Box(rows.Select(r => r.Email))),
            ("callback", Box(rows.Select(r => r.Callback)))));
    }

    [Fact]
    public void Read_NamesAssignedEquallyWithinBlocks_MarksTheFactorAndItsBlocks()
    {
        var table = StoryDiscovery.Prepare(Resumes(seed: 8));

        Assert.True(RowModels.IsExperiment(table));
        Assert.Contains("ethnicity", table.Model.Assigned!);
        Assert.Contains("city", table.Model.Assigned!);
        Assert.Contains("resume_quality", table.Model.Assigned!);
        Assert.DoesNotContain("email", table.Model.Assigned!);
    }

    [Fact]
    public void Read_UnevenGroups_IsNoExperiment()
    {
        // Travel claims are 300 of 1,000: nothing was assigned in equal numbers.
        var table = StoryDiscovery.Prepare(RateStoryTests.Claims([("Travel", 300, 126), ("Meals", 300, 27), ("Office", 250, 10), ("Training", 150, 17)], seed: 9));

        Assert.False(RowModels.IsExperiment(table));
    }

    [Fact]
    public void Ranked_ExperimentTable_NoLinkBetweenAttributes_AndTheAssignedFactorsRateIsBoosted()
    {
        var ranked = StoryDiscovery.Ranked(Resumes(seed: 10), null);

        Assert.DoesNotContain(ranked, i => i.Detail is AssociationDetail);
        var rate = Assert.Single(ranked, i => i.Detail is RateGroupDetail { Group: "ethnicity" });
        Assert.True(((RateGroupDetail)rate.Detail).Designed);
        Assert.Equal(rate, ranked[0]);
    }

    /// <summary>
    /// 1,200 invoices: Net 60 (a third) are due 60 days after the invoice, the others 30; every invoice is paid within a few
    /// days of its due date.
    /// </summary>
    private static AnalysisTable Invoices(int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(string Terms, DateTime Invoiced, DateTime Due, DateTime Paid, string Unit)>();
        for (var i = 0; i < 1200; i++)
        {
            var terms = i % 3 == 0 ? "Net 60" : "Net 30";
            var invoiced = new DateTime(2024, 1, 1).AddDays(rng.Next(300));
            var due = invoiced.AddDays(terms == "Net 60" ? 60 : 30);
            rows.Add((terms, invoiced, due, due.AddDays(rng.Next(-6, 5)), i % 2 == 0 ? "Retail" : "Wholesale"));
        }
        rows = rows.OrderBy(r => r.Invoiced).ToList();
        return Table(CsvText(
            ("invoice_number", Box(rows.Select((_, i) => $"INV{i:000000}"))),
            ("payment_terms", Box(rows.Select(r => r.Terms))),
            ("business_unit", Box(rows.Select(r => r.Unit))),
            ("invoice_date", Box(rows.Select(r => r.Invoiced))),
            ("due_date", Box(rows.Select(r => r.Due))),
            ("paid_date", Box(rows.Select(r => r.Paid)))));
    }

    [Fact]
    public void Detect_DurationByTheTermsThatSetItsDueDate_IsTheRuleNotAStory()
    {
        var table = StoryDiscovery.Prepare(Invoices(seed: 11));
        var duration = Assert.Single(table.Numeric, n => n.Duration is { Start: "invoice_date", End: "paid_date" });

        Assert.True(SegmentStory.SetsTheAllowance(table, (CategoryColumn)table.Find("payment_terms")!, duration));
        Assert.False(SegmentStory.SetsTheAllowance(table, (CategoryColumn)table.Find("business_unit")!, duration));
        Assert.DoesNotContain(StoryKinds.Of<SegmentStory>().Detect(table), i => i.Columns.Contains("payment_terms"));
    }

    [Fact]
    public void Detect_UnitPriceByProductCategory_IsAPriceListNotAStory()
    {
        // Each category lists its products around its own price level, with some spread within (ε² about 0.7–0.85).
        var rng = new Random(12);
        (string Category, double Price)[] lines = [("Electronics", 180), ("Apparel", 45), ("Home", 70), ("Grocery", 12)];
        var rows = Enumerable.Range(0, 800).Select(i => lines[i % 4]).Select(l => (l.Category, Price: Math.Round(l.Price * Math.Exp(0.6 * (rng.NextDouble() - 0.5) * 2), 2))).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(
            ("order_id", Box(rows.Select((_, i) => $"SO{i:000000}"))),
            ("product_category", Box(rows.Select(r => r.Category))),
            ("unit_price", Box(rows.Select(r => r.Price))))));

        var d = SegmentStory.Analyze((CategoryColumn)table.Find("product_category")!, (NumericColumn)table.Find("unit_price")!, Enumerable.Range(0, table.RowCount).ToArray())!;

        Assert.InRange(d.Test.EpsilonSquared, SegmentStory.MinPriceListEpsilon, 0.9);
        Assert.True(SegmentStory.IsStructure(d));
        Assert.DoesNotContain(StoryKinds.Of<SegmentStory>().Detect(table), i => i.Columns.Contains("unit_price"));
    }

    /// <summary>Changes over 2024, 120 a month across four categories; Network's failures from July are mostly backed out.</summary>
    private static AnalysisTable Changes(int seed) =>
        ChangeLog((c, m, rng) =>
        {
            var stepped = c == "Network" && m >= 6;
            return rng.NextDouble() < (stepped ? 0.3 : 0.05) ? (stepped && rng.NextDouble() < 0.8 ? "Backed out" : "Unsuccessful") : "Successful";
        }, seed);

    [Fact]
    public void Detect_GroupStartsFailingMostlyByBackingOut_CountsEveryFailureLevel()
    {
        var insight = Assert.Single(StoryKinds.Of<GroupDriftStory>().Detect(Changes(seed: 13)));

        var d = Assert.IsType<GroupDriftDetail>(insight.Detail);
        Assert.Equal(("category", "Network"), (d.Group, d.Level));
        Assert.Equal("Jul 2024", d.Labels[d.Split]);
        Assert.True(d.After > d.Before + 0.15);
    }
    [Fact]
    public void Products_TotalIsQuantityTimesPriceLessDiscount_PairsAreArithmetic()
    {
        var rng = new Random(14);
        var n = 600;
        var quantity = Enumerable.Range(0, n).Select(_ => (double)rng.Next(1, 9)).ToArray();
        var discount = Enumerable.Range(0, n).Select(_ => 5.0 * rng.Next(0, 4)).ToArray();
        var price = Enumerable.Range(0, n).Select(_ => Math.Round(5 + 195 * rng.NextDouble(), 2)).ToArray();
        var total = Enumerable.Range(0, n).Select(i => Math.Round(quantity[i] * price[i] * (1 - discount[i] / 100), 2)).ToArray();
        var other = Enumerable.Range(0, n).Select(_ => Math.Round(10 + 90 * rng.NextDouble(), 2)).ToArray();
        NumericColumn Col(string name, int index, double[] v) => new(name, index, v, false);
        List<NumericColumn> all = [Col("quantity", 0, quantity), Col("unit_price", 1, price), Col("discount_pct", 2, discount), Col("order_total", 3, total), Col("weight", 4, other)];

        var exact = Products.Of(all, all.Select(c => c.Values).ToList()).ToList();
        // Without the quantity among the measures (read as a category), the total is still a few multiples of the price.
        var multiples = Products.Multiples([all[1], all[3], all[4]], [price, total, other]).ToList();

        Assert.Contains(("order_total", "unit_price"), exact);
        Assert.Contains(("order_total", "quantity"), exact);
        Assert.Contains(("order_total", "discount_pct"), exact);
        Assert.Contains(("order_total", "unit_price"), multiples);
        Assert.DoesNotContain(exact.Concat(multiples), p => p.Item1 == "weight" || p.Item2 == "weight");
    }
    [Fact]
    public void Prepare_BandsOfAMeasureAndItsPart_KeepsOneBand()
    {
        // Denials rise with debt payments over 40% of income; housing costs are part of those payments (never above them).
        var rng = new Random(15);
        var rows = Enumerable.Range(0, 2400).Select(_ =>
        {
            var payments = Math.Round(15 + 40 * rng.NextDouble(), 1);
            var housing = Math.Round(payments * (0.5 + 0.5 * rng.NextDouble()), 1);
            return (Payments: payments, Housing: housing, Denied: rng.NextDouble() < (payments > 40 ? 0.35 : 0.08) ? "yes" : "no");
        }).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(
            ("application_id", Box(rows.Select((_, i) => $"APP{i:00000}"))),
            ("payments_to_income_pct", Box(rows.Select(r => r.Payments))),
            ("housing_to_income_pct", Box(rows.Select(r => r.Housing))),
            ("denied", Box(rows.Select(r => r.Denied))))));

        var band = Assert.Single(table.Groupings, c => c.Derived is { Kind: "band" });
        Assert.Equal(["payments_to_income_pct"], band.Derived!.Sources);
    }

    [Fact]
    public void PickDiverse_GroupStepBesideALevelOnASharedColumn_IsASecondFinding()
    {
        static Insight Story(StoryKind kind, string[] columns, string title, double impact) =>
            new(kind, columns, title, "", ["bar"], "test", 1, 1e-12, 0.5, 1000, impact, new object());
        var level = Story(StoryKinds.Of<RateStory>(), ["close_code", "type"], "Emergency changes fail more", 1.0);
        var step = Story(StoryKinds.Of<GroupDriftStory>(), ["planned_start", "close_code", "category"], "Network changes fail from July", 0.5);
        var other = Story(StoryKinds.Of<SegmentStory>(), ["risk", "assignment_group"], "Risk and group are linked", 0.4);

        var picked = InsightRanker.PickDiverse([level, step, other], null, count: 2);

        Assert.Equal([level, step], picked);
    }
}
