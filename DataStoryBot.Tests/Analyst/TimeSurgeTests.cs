using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Time stories of issue 22 (eighth session): a surge as the mirror of a fall, two trends that move together told once,
/// a trend hidden under a within-year cycle read on whole years, and one member of a sampled panel left to the breadth.
/// </summary>
public class TimeSurgeTests
{
    private static List<Insight> Detect(string csv) => StoryDiscovery.DetectAll(StoryDiscovery.Prepare(Table(csv)));

    private static List<DateTime> Months(int n) => Enumerable.Range(0, n).Select(i => new DateTime(2000, 1, 1).AddMonths(i)).ToList();

    /// <summary>Monthly jobless counts: flat with small noise for <paramref name="flat"/> months, then climbing to <paramref name="factor"/> times the level over 24 months.</summary>
    private static double[] Jobless(int flat, double factor, int seed)
    {
        var noise = Noise(flat + 24, seed, 0.015);
        return Enumerable.Range(0, flat + 24).Select(i => Math.Round(1000 * (i < flat ? 1 : 1 + (factor - 1) * (i - flat + 1) / 24.0) * (1 + noise[i]))).ToArray();
    }

    [Fact]
    public void Surge_CountThatDoubledAfterYearsFlat_TellsTheRise()
    {
        var y = Jobless(72, 2.6, 3);
        var surge = Assert.Single(Detect(CsvText(("month", Box(Months(y.Length))), ("jobless", Box(y)))), i => i.Detail is DrawdownDetail);
        var d = (DrawdownDetail)surge.Detail;
        Assert.True(d.Rise);
        // The climb starts at the end of the flat years, not at their lowest wobble.
        Assert.InRange(d.Largest.Trough, 70, 75);
        Assert.InRange(d.Largest.Peak, y.Length - 3, y.Length - 1);
        Assert.StartsWith("Jobless rose 2.", surge.Title, StringComparison.Ordinal);
        Assert.Null(StoryKinds.Of<DrawdownStory>().Contradiction(surge));
    }

    [Fact]
    public void Surge_RiseGivenBackToNearTheStart_IsNotASurge()
    {
        // Up from 1,000 to 1,600 over 12 months, then back to 1,150 and flat: a spell, not a lasting surge.
        var noise = Noise(80, 5, 0.01);
        var y = Enumerable.Range(0, 80).Select(i => 1000 * (i < 30 ? 1 : i < 42 ? 1 + 0.6 * (i - 29) / 12 : i < 54 ? 1.6 - 0.45 * (i - 41) / 12 : 1.15) * (1 + noise[i])).ToArray();
        var series = new TimeSeries("year", true, "level", null, null, Enumerable.Range(0, 80).Select(i => 1900.0 + i).ToArray(), y, "year", 80);
        Assert.Null(DrawdownStory.Surge(series));
        // The same rise held: a surge.
        var held = y.Select((v, i) => i < 42 ? v : 1600 * (1 + noise[i])).ToArray();
        Assert.NotNull(DrawdownStory.Surge(series with { Y = held }));
    }

    [Fact]
    public void Surge_SeriesWhoseFallIsTold_KeepsTheFall()
    {
        // Doubles over years 10-20 and holds, then loses a third over years 45-55: the rise does not dwarf the fall, so
        // the fall is the story and the rise is not told in its place.
        var noise = Noise(70, 9, 0.01);
        var y = Enumerable.Range(0, 70).Select(i => Math.Round(100 * (i < 10 ? 1 : i < 20 ? 1 + (i - 9) / 10.0 : i < 45 ? 2 : i < 55 ? 2 - 0.07 * (i - 44) : 1.3) * (1 + noise[i]), 2)).ToArray();
        var series = new TimeSeries("year", true, "price", null, null, Enumerable.Range(1900, 70).Select(v => (double)v).ToArray(), y, "year", 70);
        Assert.NotNull(DrawdownStory.Surge(series));
        var found = Detect(CsvText(("year", Box(Enumerable.Range(1900, 70).Select(v => (double)v))), ("price", Box(y)))).Where(i => i.Detail is DrawdownDetail).ToList();
        var fall = Assert.Single(found);
        Assert.False(((DrawdownDetail)fall.Detail).Rise);
    }

    [Fact]
    public void Surge_RiseOfAFifth_IsNotNews()
    {
        var y = Jobless(72, 1.25, 4);
        Assert.DoesNotContain(Detect(CsvText(("month", Box(Months(y.Length))), ("jobless", Box(y)))), i => i.Detail is DrawdownDetail);
    }

    [Fact]
    public void RiseLegs_Zigzag_CutsAtTurnsOfATenth()
    {
        double[] y = [100, 120, 150, 140, 130, 120, 125, 180, 240, 230];
        Assert.Equal(new List<(int, int)> { (0, 2), (5, 8) }, DrawdownStory.RiseLegs(y, 0.1));
    }

    /// <summary>Twenty years of output, jobs and population: output and jobs share their yearly ups and downs, population grows smoothly.</summary>
    private static string Economy(int years)
    {
        var shocks = Noise(years, 21, 1);
        var smooth = Noise(years, 22, 0.2);
        var own = Noise(years, 23, 1);
        var t = Enumerable.Range(0, years).ToList();
        return CsvText(("year", Box(t.Select(i => 1947.0 + i))),
            ("gnp", Box(t.Select(i => Math.Round(234_000 + 20_000 * i + 12_000 * shocks[i])))),
            ("jobs", Box(t.Select(i => Math.Round(60_000 + 700 * i + 900 * shocks[i] + 250 * own[i])))),
            ("population", Box(t.Select(i => Math.Round(107_000 + 1_400 * i + 300 * smooth[i])))));
    }

    [Fact]
    public void Trend_TwoMeasuresMovingTogetherYearByYear_ToldAsOneStory()
    {
        var trends = Detect(Economy(20)).Where(i => i.Detail is TrendDetail).ToList();
        var together = Assert.Single(trends, i => ((TrendDetail)i.Detail).Companion is not null);
        var d = (TrendDetail)together.Detail;
        Assert.Equal(["gnp", "jobs"], new[] { d.Series.Measure, d.Companion!.Trend.Series.Measure }.Order(StringComparer.Ordinal));
        Assert.Contains(" and ", together.Title, StringComparison.Ordinal);
        // Neither is told again on its own; population, which only shares the direction, stays its own story.
        Assert.DoesNotContain(trends, i => i != together && ((TrendDetail)i.Detail).Series.Measure is "gnp" or "jobs");
        Assert.Contains(trends, i => ((TrendDetail)i.Detail).Series.Measure == "population" && ((TrendDetail)i.Detail).Companion is null);
    }

    [Fact]
    public void Trend_TenYearsMovingTogether_StayTwoStories()
    {
        var trends = Detect(Economy(10)).Where(i => i.Detail is TrendDetail).ToList();
        Assert.DoesNotContain(trends, i => ((TrendDetail)i.Detail).Companion is not null);
    }

    [Fact]
    public void Trend_QuarterlySeriesHiddenUnderItsCycle_ToldOnWholeYears()
    {
        // Quarterly inflation: every first quarter falls, every fourth jumps; underneath, the level falls over 26 years.
        var n = 104;
        var noise = Noise(n, 31, 0.004);
        var dates = Enumerable.Range(0, n).Select(i => new DateTime(1973, 1, 1).AddMonths(3 * i)).ToList();
        double[] season = [-0.02, -0.002, 0.004, 0.03];
        var dp = Enumerable.Range(0, n).Select(i => Math.Round(0.012 - 0.0001 * i + season[i % 4] + noise[i], 5)).ToList();
        var trend = Assert.Single(Detect(CsvText(("quarter", Box(dates)), ("dp", Box(dp)))), i => i.Detail is TrendDetail);
        var d = (TrendDetail)trend.Detail;
        Assert.True(d.Adjusted);
        Assert.Equal("year", d.Series.Granularity);
        Assert.Equal(26, d.Series.Y.Length);
        Assert.True(d.TheilSen.Slope < 0);
        Assert.StartsWith("Averaged over each year, dp fell", trend.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Trend_OneOfManyCountriesRead_IsLeftToTheBreadth()
    {
        // Twenty countries whose fertility all fell, at different speeds: more countries than a member's trend or fall
        // reads, so the steepest of the first twelve is an arbitrary pick.
        var rows = new List<(string Country, double Year, double Value)>();
        var noise = Noise(20 * 40, 41, 0.02);
        for (var c = 0; c < 20; c++)
        {
            for (var y = 0; y < 40; y++) rows.Add(($"country{c:00}", 1960 + y, Math.Round(6 * Math.Exp(-(0.01 + 0.002 * c) * y) * (1 + noise[c * 40 + y]), 3)));
        }
        var found = Detect(CsvText(("country", Box(rows.Select(r => r.Country))), ("year", Box(rows.Select(r => r.Year))), ("fertility", Box(rows.Select(r => r.Value)))));
        Assert.DoesNotContain(found, i => i.Detail is TrendDetail { Series.SubsetValue: not null });
        Assert.DoesNotContain(found, i => i.Detail is DrawdownDetail { Series.SubsetValue: not null });
        Assert.Contains(found, i => i.Detail is GroupSeriesDetail { Kind: "breadth" });
    }

    [Fact]
    public void Build_FirstOfEachMonthStampedAtAnHour_ReadsMonths()
    {
        // Midnight Pacific time written in UTC: 08:00 in winter, 07:00 in summer.
        var stamps = Months(36).Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + (d.Month is >= 4 and <= 10 ? "T07:00:00.000Z" : "T08:00:00.000Z")).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("date", Box(stamps)), ("count", Box(Enumerable.Range(0, 36).Select(i => 100.0 + i % 7))))));
        var series = TimeSeriesBuilder.Pooled(table, table.Time.Axis!, (Core.Analyst.Data.NumericColumn)table.Find("count")!);
        Assert.Equal("month", series!.Granularity);
    }
}
