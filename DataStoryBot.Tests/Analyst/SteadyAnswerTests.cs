using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The honest "no" (issue 21, item 7): asked whether something is getting worse, the analyst says it held steady first.</summary>
public class SteadyAnswerTests
{
    private const string FlightsQuestion = "Are flights getting more delayed month by month?";

    /// <summary>Flights over three months, 2,000 a month stamped to the minute, late with the month's probability.</summary>
    private static AnalysisTable Flights(double[] lateShare, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(DateTime When, double Delay, string Origin, string Late)>();
        string[] origins = ["SEA", "BOS", "DFW", "ORD", "ATL"];
        for (var m = 0; m < lateShare.Length; m++)
        {
            var start = new DateTime(2001, 1, 1).AddMonths(m);
            for (var i = 0; i < 2000; i++)
            {
                var late = rng.NextDouble() < lateShare[m];
                rows.Add((start.AddMinutes(rng.Next(DateTime.DaysInMonth(start.Year, start.Month) * 1440)), late ? 16 + rng.Next(120) : rng.Next(-10, 15), origins[rng.Next(origins.Length)], late ? "true" : "false"));
            }
        }
        rows = rows.OrderBy(r => r.When).ToList();
        return Table(CsvText(
            ("date", rows.Select(r => (object?)r.When.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToList()),
            ("delay_minutes", Box(rows.Select(r => r.Delay))),
            ("origin", Box(rows.Select(r => r.Origin))),
            ("late_15", Box(rows.Select(r => r.Late)))));
    }

    [Fact]
    public void Discover_LateShareFlatOverThreeMonths_AnswersNoFirst()
    {
        var table = Flights([0.21, 0.24, 0.21], seed: 1);

        var first = StoryDiscovery.Discover(table, FlightsQuestion)[0];

        Assert.IsType<SteadyStory>(first.Kind);
        var d = Assert.IsType<SteadyRateDetail>(first.Detail);
        Assert.Equal("late_15", d.Outcome.Column);
        Assert.Equal(["Jan 2001", "Feb 2001", "Mar 2001"], d.Periods.Select(p => p.Label));
        Assert.StartsWith("The share late 15 held steady from Jan 2001 to Mar 2001: ", first.Title, StringComparison.Ordinal);
        Assert.True(first.PValue >= SteadyStory.MinP);

        var output = StoryWriter.Write(table, first);
        Assert.StartsWith("# " + first.Title, output.Markdown, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Equal(2, output.Charts.Count);
    }

    [Fact]
    public void Detect_LateShareRising_IsNoSteadyAnswer()
    {
        var table = StoryDiscovery.Prepare(Flights([0.12, 0.2, 0.3], seed: 2));

        Assert.DoesNotContain(StoryKinds.Of<SteadyStory>().Detect(table), i => i.Detail is SteadyRateDetail);
    }

    [Fact]
    public void Discover_NoQuestion_TellsNoSteadyRate()
    {
        var table = Flights([0.21, 0.24, 0.21], seed: 3);

        Assert.DoesNotContain(StoryDiscovery.Discover(table, null), p => p.Kind is SteadyStory);
    }

    /// <summary>Invoices of 2024 paid 20–40 days after their invoice date; from <paramref name="openFrom"/> on, those not paid by the end of the data are open.</summary>
    private static AnalysisTable Invoices(DateTime? openFrom, int seed)
    {
        var rng = new Random(seed);
        var rows = Enumerable.Range(0, 1200).Select(i =>
        {
            var invoiced = new DateTime(2024, 1, 1).AddDays(i * 365 / 1200);
            var paid = invoiced.AddDays(20 + rng.Next(21));
            return (Invoiced: invoiced, Paid: openFrom is { } from && invoiced >= from && paid > new DateTime(2024, 12, 31).AddDays(-(12 - invoiced.Month) * 25) ? (DateTime?)null : paid,
                Vendor: $"Vendor {rng.Next(6)}", Amount: Math.Round(100 + 900 * rng.NextDouble(), 2));
        }).ToList();
        return Table(CsvText(
            ("invoice_number", Box(rows.Select((_, i) => $"INV{i:00000}"))),
            ("vendor", Box(rows.Select(r => r.Vendor))),
            ("invoice_date", Box(rows.Select(r => r.Invoiced))),
            ("paid_date", rows.Select(r => r.Paid is { } p ? (object?)p : null).ToList()),
            ("amount", Box(rows.Select(r => r.Amount)))));
    }

    private const string InvoicesQuestion = "Why are we paying our suppliers later and later?";

    [Fact]
    public void Discover_InvoicesPaidLaterAndLater_AnswersThatDaysToPayHeldSteady()
    {
        // Paid about 30 days after the invoice date all year: "later and later" asks about the days to pay.
        var first = StoryDiscovery.Discover(Invoices(null, seed: 4), InvoicesQuestion)[0];

        Assert.IsType<SteadyStory>(first.Kind);
        Assert.StartsWith("Days to pay held steady", first.Title, StringComparison.Ordinal);
        Assert.Equal(["invoice_date", "paid_date"], first.EvidenceColumns);
    }

    [Fact]
    public void Discover_RecentInvoicesStillOpen_LeavesTheirMonthsOutOfTheAnswer()
    {
        // December's invoices are mostly unpaid when the data ends: only the quick payments show, which would read as a fall.
        var table = Invoices(new DateTime(2024, 12, 1), seed: 5);

        var first = StoryDiscovery.Discover(table, InvoicesQuestion)[0];

        var d = Assert.IsType<SteadyDetail>(first.Detail);
        Assert.True(d.Series.T[^1] < DataStoryBot.Core.Analyst.Data.DateColumn.FromDateTime(new DateTime(2024, 12, 1)));
        var open = Assert.Single(d.StillOpen);
        Assert.True(open.OpenShare > 0.5);
        Assert.Contains("The last month is left out", first.Summary, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(StoryWriter.Write(table, first).Markdown, StoryWriter.Write(table, first).Facts);
    }
}
