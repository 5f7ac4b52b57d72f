using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Tests.StoryQuality;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Issue 22 item 4: what a time story claims is re-read from the series its chart plots.</summary>
public class ClaimCheckTests
{
    private static double[] Series(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();

    [Fact]
    public void Direction_RiseClaimedOnAFallingSeries_Contradicts()
    {
        var falling = Series(40, i => 1000 - 20 * i);
        Assert.NotNull(ClaimChecks.Direction(claimsRise: true, falling, 1000, 220));
        Assert.Null(ClaimChecks.Direction(claimsRise: false, falling, 1000, 220));
    }

    [Fact]
    public void Direction_QuotedEndpointsFallWhileTitleRises_Contradicts()
    {
        // The disasters case: a positive robust slope over a series that still ends far below where it started.
        var flat = Series(30, i => 100 + (i % 2));
        Assert.NotNull(ClaimChecks.Direction(claimsRise: true, flat, 1693, 130));
        Assert.Null(ClaimChecks.Direction(claimsRise: true, flat, 130, 1693));
    }

    [Fact]
    public void Step_SteadyGrowth_ContradictsAStep()
    {
        var growth = Series(40, i => 100 + 5 * i);
        Assert.NotNull(ClaimChecks.Step(growth, 19, growth[..20].Average(), growth[20..].Average()));
    }

    [Fact]
    public void Step_BoomAndBust_ContradictsALastingStep()
    {
        // Up at point 15, back down at point 30: the level did not stay.
        var boom = Series(45, i => i is >= 15 and < 30 ? 200 + (i % 3) : 100 + (i % 3));
        Assert.NotNull(ClaimChecks.Step(boom, 14, boom[..15].Average(), boom[15..].Average()));
    }

    [Fact]
    public void Step_RealLevelShift_Holds()
    {
        var shift = Series(40, i => (i < 20 ? 100 : 160) + (i % 4));
        Assert.Null(ClaimChecks.Step(shift, 19, shift[..20].Average(), shift[20..].Average()));
    }

    [Fact]
    public void Fall_WithinUsualSwingsOrMisquoted_Contradicts()
    {
        var y = Series(30, i => i == 10 ? 200 : i == 20 ? 80 : 150);
        Assert.Null(ClaimChecks.Fall(y, 10, 20, 200, 80, noiseZ: 4));
        Assert.NotNull(ClaimChecks.Fall(y, 10, 20, 200, 80, noiseZ: 0.63));
        Assert.NotNull(ClaimChecks.Fall(y, 10, 20, 210, 80, noiseZ: 4));
        Assert.NotNull(ClaimChecks.Fall(y, 20, 10, 80, 200, noiseZ: 4));
    }

    [Fact]
    public void Record_RunOfTies_Contradicts()
    {
        // Forty zeros: which ten are "the lowest" is the tie-break, not the data.
        var y = Series(60, i => i < 20 ? 5 + i : 0);
        var lastTen = Enumerable.Range(50, 10).Reverse().ToList();
        Assert.NotNull(ClaimChecks.Record(y, high: false, lastTen));
    }

    [Fact]
    public void Record_TrueExtremes_HoldAndAWrongExtremeContradicts()
    {
        var y = Series(60, i => i);
        var top = Enumerable.Range(50, 10).Reverse().ToList();
        Assert.Null(ClaimChecks.Record(y, high: true, top));
        Assert.NotNull(ClaimChecks.Record(y, high: true, top.Skip(1).ToList().Prepend(40).ToList()));
    }

    [Fact]
    public void PeakMonth_NamedMonthTheDataContradicts_Contradicts()
    {
        // Five years that peak every June and dip every December, on a rising line.
        var start = new DateTime(2010, 1, 1);
        var t = Enumerable.Range(0, 60).Select(i => DateColumn.FromDateTime(start.AddMonths(i))).ToArray();
        var y = Enumerable.Range(0, 60).Select(i => 100 + 2 * i + 30 * Math.Cos(2 * Math.PI * ((i % 12) - 5) / 12)).ToArray();
        Assert.Null(ClaimChecks.PeakMonth(t, y, peakMonth: 6, troughMonth: 12));
        Assert.NotNull(ClaimChecks.PeakMonth(t, y, peakMonth: 1, troughMonth: 12));
        Assert.NotNull(ClaimChecks.PeakMonth(t, y, peakMonth: 6, troughMonth: 7));
    }

    [Fact]
    public void Discover_MacrodataRealGovernmentSpending_DropsTheStepThatIsSteadyGrowth()
    {
        // statsmodels' macrodata: real government spending grows steadily; Pettitt's test "splits" it around 1984.
        var csv = StoryQualitySuite.ReadSource("statsmodels:macrodata/macrodata.csv");
        var table = CsvTableLoader.Load(new MemoryStream(csv), CsvLoadOptions.FromProfile(ProfileOf(csv), 500_000));
        var dropped = new List<(Insight Insight, string Why)>();
        var picked = StoryDiscovery.Discover(table, null, default, (i, why) => dropped.Add((i, why)));
        Assert.Contains(dropped, d => d.Insight.Kind is ChangePointStory && d.Insight.Columns.Contains("realgovt"));
        Assert.DoesNotContain(picked, p => p.Kind is ChangePointStory && p.Columns.Contains("realgovt"));
        Assert.Equal(3, picked.Count);
    }

    [Fact]
    public void Prepare_TotalRowInAnUnevenLongTable_IsLeftOut()
    {
        // Deaths by disaster type per year, a type absent in years without deaths (so not a panel), plus an "All" row
        // that sums the types present: the total is not a type.
        var random = new Random(7);
        var rows = new List<(double Year, string Entity, double Deaths)>();
        foreach (var year in Enumerable.Range(1950, 50))
        {
            var present = new[] { "Drought", "Flood", "Earthquake", "Storm", "Wildfire" }.Where(_ => random.NextDouble() < 0.7).Select(e => (e, (double)random.Next(10, 5000))).ToList();
            if (present.Count < 2) continue;
            rows.AddRange(present.Select(p => ((double)year, p.e, p.Item2)));
            rows.Add((year, "All disasters", present.Sum(p => p.Item2)));
        }
        var csv = CsvText(("Year", Box(rows.Select(r => r.Year))), ("Entity", Box(rows.Select(r => r.Entity))), ("Deaths", Box(rows.Select(r => r.Deaths))));
        var table = Table(csv);
        Assert.False(table.Time.IsPanel);
        var prepared = StoryDiscovery.Prepare(table);
        Assert.Equal(rows.Count(r => r.Entity != "All disasters"), prepared.RowCount);
        var entity = Assert.IsType<CategoryColumn>(prepared.Find("Entity"));
        Assert.DoesNotContain(Enumerable.Range(0, prepared.RowCount), r => entity.Labels[entity.Codes[r]] == "All disasters");
    }
}
