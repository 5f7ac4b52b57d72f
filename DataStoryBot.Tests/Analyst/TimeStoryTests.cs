using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Time stories of issue 22 (sixth session): a collapse under a season, moves in units, a series' own size, an ageing mix.</summary>
public class TimeStoryTests
{
    private static List<Insight> Detect(string csv) => StoryDiscovery.DetectAll(StoryDiscovery.Prepare(Table(csv)));

    /// <summary>Monthly orders with a deep August dip every year, and (when <paramref name="collapse"/>) a fall of a third in year 8.</summary>
    private static string SeasonalOrders(bool collapse)
    {
        var noise = Noise(144, 7, 0.01);
        var dates = Enumerable.Range(0, 144).Select(i => new DateTime(2000, 1, 1).AddMonths(i)).ToList();
        var values = Enumerable.Range(0, 144).Select(i =>
        {
            var level = 100 * (1 + 0.003 * i);
            if (collapse && i >= 96) level *= i < 108 ? 1 - 0.35 * (i - 95) / 12.0 : 0.65;
            var month = i % 12;
            var season = month == 7 ? 0.7 : month == 8 ? 1.15 : 1 + 0.05 * Math.Sin(month);
            return Math.Round(level * season * (1 + noise[i]), 2);
        }).ToList();
        return CsvText(("date", Box(dates)), ("orders", Box(values)));
    }

    [Fact]
    public void Drawdown_SeasonalMonthlySeriesThatCollapsed_TellsTheFallSeasonallyAdjusted()
    {
        var falls = Detect(SeasonalOrders(collapse: true)).Where(i => i.Detail is DrawdownDetail).ToList();
        var fall = Assert.Single(falls);
        var d = (DrawdownDetail)fall.Detail;
        Assert.True(d.Adjusted);
        Assert.StartsWith("Seasonally adjusted, orders fell", fall.Title, StringComparison.Ordinal);
        // The fall is the collapse of year 8 (months 96-108), not an August dip.
        Assert.InRange(d.Largest.Peak, 90, 100);
        Assert.InRange(d.Largest.Trough, 104, 112);
        Assert.InRange(d.Largest.Depth, 0.28, 0.42);
    }

    [Fact]
    public void Drawdown_SeasonalMonthlySeriesWithoutCollapse_TellsNoFall()
    {
        Assert.DoesNotContain(Detect(SeasonalOrders(collapse: false)), i => i.Detail is DrawdownDetail);
    }

    [Fact]
    public void SeasonallyAdjusted_SeasonTimesTrend_LeavesTheTrend()
    {
        var t = Enumerable.Range(0, 60).Select(i => DataStoryBot.Core.Analyst.Data.DateColumn.FromDateTime(new DateTime(2010, 1, 1).AddMonths(i))).ToArray();
        var y = Enumerable.Range(0, 60).Select(i => (100 + i) * (i % 12 == 7 ? 0.6 : 1.05)).ToArray();
        var series = new TimeSeries("date", false, "orders", null, null, t, y, "month", 60);
        var adjusted = DrawdownStory.SeasonallyAdjusted(series)!;
        // Each step of the adjusted series is about the trend's step (1), never the August dip (about 40).
        var steps = adjusted.Y.Skip(1).Select((v, i) => v - adjusted.Y[i]).ToArray();
        Assert.All(steps, s => Assert.InRange(s, -3, 5));
        Assert.Null(DrawdownStory.SeasonallyAdjusted(series with { T = t.Select((v, i) => i == 30 ? v + 400 : v).ToArray() }));
    }

    [Theory]
    [InlineData("orders", new[] { 60.0, 130, 95 }, true)]
    [InlineData("volume", new[] { 600.0, 1000, 950 }, true)]
    [InlineData("temperature", new[] { 1.0, 30, 15 }, false)]
    [InlineData("sea temp", new[] { 19.0, 29, 24 }, false)]
    [InlineData("balance", new[] { -5.0, 30, 15 }, false)]
    public void MovesInPercent_RatioScaleOnly(string name, double[] y, bool percent) =>
        Assert.Equal(percent, TimeSeriesBuilder.MovesInPercent(name, y));

    [Fact]
    public void SharpestMove_Temperature_ToldInItsUnits()
    {
        var noise = Noise(40, 3, 0.2);
        var values = Enumerable.Range(0, 40).Select(i => Math.Round(24 + noise[i] + (i == 25 ? 3 : 0), 2)).ToList();
        var csv = CsvText(("year", Box(Enumerable.Range(1960, 40).Select(y => (double)y))), ("sea_temperature", Box(values)));
        var move = Assert.Single(Detect(csv), i => i.Detail is MovesDetail);
        Assert.False(((MovesDetail)move.Detail).Relative);
        Assert.DoesNotContain("%", move.Title, StringComparison.Ordinal);
        Assert.Contains("1985", move.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void SharpestMove_SeasonalSeries_ClaimsOnlyTheMostUnusualForItsMonth()
    {
        var move = Detect(SeasonalOrders(collapse: true)).Where(i => i.Detail is MovesDetail).ToList();
        Assert.All(move, m => Assert.Contains("most unusual", m.Title, StringComparison.Ordinal));
        Assert.All(move, m => Assert.Contains("for its month", m.Title, StringComparison.Ordinal));
        // A month that fell less than its month usually does is above its season, told as a smaller fall, not a rise.
        Assert.Equal("fell only", SharpestMoveStory.Moved(-0.018, -0.12));
        Assert.Equal("fell", SharpestMoveStory.Moved(-0.018, 0.05));
        Assert.Equal("rose only", SharpestMoveStory.Moved(0.02, 0.08));
    }

    [Fact]
    public void IsMakeUp_SizeTrendInATableThatIsOneSeries_IsAFinding()
    {
        var years = Enumerable.Range(1947, 16).Select(y => (double)y).ToList();
        var noise = Noise(16, 5, 0.5);
        var csv = CsvText(("year", Box(years)), ("population", Box(years.Select((y, i) => Math.Round(107_000 + 1_400 * (y - 1947) + 200 * noise[i])))),
            ("gnp", Box(years.Select((y, i) => Math.Round(234_000 + 20_000 * (y - 1947) + 3_000 * noise[(i + 3) % 16])))));
        var table = StoryDiscovery.Prepare(Table(csv));
        var insights = StoryDiscovery.DetectAll(table);
        var trend = Assert.Single(insights, i => i.Detail is TrendDetail t && t.Series.Measure == "population");
        Assert.False(StoryDiscovery.IsMakeUp(table, trend, insights));
        Assert.Contains(StoryDiscovery.Discover(Table(csv), null), i => i.Detail is TrendDetail t && t.Series.Measure == "population");
    }

    [Fact]
    public void Trend_GrowthSeveralTimesOver_QuotesTheObservedEnds()
    {
        var years = Enumerable.Range(0, 15).Select(i => 1850.0 + 10 * i).ToList();
        var csv = CsvText(("year", Box(years)), ("people", Box(years.Select(y => Math.Round(20e6 * Math.Exp(0.014 * (y - 1850)))))));
        var trend = Assert.Single(Detect(csv), i => i.Detail is TrendDetail);
        var d = (TrendDetail)trend.Detail;
        // The line starts above zero but far below the first count: the observed ends are quoted.
        Assert.InRange(d.FittedStart, 1, 0.5 * d.Series.Y[0]);
        Assert.True(d.UseObservedEndpoints);
        Assert.Equal(d.Series.Y[0], d.StartValue);
        Assert.Contains("went from 20,000,000 in 1850", trend.Summary, StringComparison.Ordinal);
    }

    /// <summary>People per year and 10-year age band; with <paramref name="ageing"/> the older bands' share grows.</summary>
    private static string Population(bool ageing)
    {
        var year = new List<double>();
        var age = new List<double>();
        var people = new List<double>();
        var noise = Noise(15 * 10, 11, 0.02);
        for (var t = 0; t < 15; t++)
        {
            for (var a = 0; a < 10; a++)
            {
                var weight = ageing ? Math.Exp(-(0.35 - 0.02 * t) * a) : Math.Exp(-0.3 * a);
                year.Add(1850 + 10 * t);
                age.Add(10 * a);
                people.Add(Math.Round(1e6 * (1 + t) * weight * (1 + noise[t * 10 + a])));
            }
        }
        return CsvText(("year", Box(year)), ("age", Box(age)), ("people", Box(people)));
    }

    [Fact]
    public void GroupSeries_OlderBandsShareRises_TellsTheMixShift()
    {
        var table = StoryDiscovery.Prepare(Table(Population(ageing: true)));
        var insights = StoryDiscovery.DetectAll(table);
        var mix = Assert.Single(insights, i => i.Detail is GroupSeriesDetail { Kind: "mix" });
        var d = (GroupSeriesDetail)mix.Detail;
        Assert.True(d.Leader.End > d.Leader.Start + 0.05);
        Assert.StartsWith("The share of people at age", mix.Title, StringComparison.Ordinal);
        Assert.Contains("rose from", mix.Title, StringComparison.Ordinal);
        Assert.Equal(["year", "people", "age"], mix.Columns);
        // The same bands compared pooled over every year say less than the shift: left out once the shift is told.
        Assert.DoesNotContain(StoryDiscovery.WithoutRepeats(table, insights), i => i.Detail is SegmentDetail { Category: "age", Measure: "people" });
    }

    [Fact]
    public void GroupSeries_SteadyMix_TellsNoShift()
    {
        Assert.DoesNotContain(Detect(Population(ageing: false)), i => i.Detail is GroupSeriesDetail { Kind: "mix" });
    }
}

public class SpikyTotalTrendTests
{
    /// <summary>Deaths per year in two kinds of disaster: flat small years, and every fifth year a spike that shrinks over the century.</summary>
    private static string Disasters()
    {
        var (entity, year, deaths) = (new List<string>(), new List<double>(), new List<double>());
        var noise = Noise(2 * 118, 4, 0.5);
        for (var y = 1900; y < 2018; y++)
        {
            foreach (var (kind, k) in new[] { ("flood", 0), ("drought", 1) })
            {
                var i = 2 * (y - 1900) + k;
                var spike = (y + k) % 5 == 0 ? 1e6 * Math.Exp(-0.04 * (y - 1900)) : 0;
                entity.Add(kind);
                year.Add(y);
                deaths.Add(Math.Round(1000 * Math.Exp(noise[i]) + spike));
            }
        }
        return AnalystTestHelpers.CsvText(("entity", AnalystTestHelpers.Box(entity)), ("year", AnalystTestHelpers.Box(year)), ("deaths", AnalystTestHelpers.Box(deaths)));
    }

    [Fact]
    public void Trend_SpikyYearlyTotalThatFell_ToldDecadeByDecade()
    {
        var insights = StoryDiscovery.DetectAll(StoryDiscovery.Prepare(AnalystTestHelpers.Table(Disasters())));
        var trend = Assert.Single(insights, i => i.Detail is TrendDetail { Series.SubsetValue: null });
        var d = (TrendDetail)trend.Detail;
        Assert.Equal("decade", d.Series.Granularity);
        Assert.True(d.TheilSen.Slope < 0);
        Assert.Contains("fell", trend.Title, StringComparison.Ordinal);
        Assert.Contains("from the 1900s to the 2010s", trend.Title, StringComparison.Ordinal);
        Assert.StartsWith("The yearly average of total deaths", trend.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Trend_SpikyYearlyCountInRowsOfTypes_SumsTheYearBeforeReadingDecades()
    {
        // Not a panel: each type has rows only in some years (a disaster type is recorded when it struck).
        var csv = Disasters();
        var lines = csv.Split('\n').Where((l, i) => i == 0 || (l.Length > 0 && (i * 7) % 3 != 0)).ToArray();
        var insights = StoryDiscovery.DetectAll(StoryDiscovery.Prepare(AnalystTestHelpers.Table(string.Join('\n', lines))));
        var trend = Assert.Single(insights, i => i.Detail is TrendDetail { Series.SubsetValue: null, Series.Granularity: "decade" });
        Assert.Equal("sum", ((TrendDetail)trend.Detail).Series.Aggregation);
        Assert.Contains("fell", trend.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Decades_EvenYearlyTotal_IsNotReadByDecade()
    {
        var t = Enumerable.Range(1900, 100).Select(y => (double)y).ToArray();
        var series = new TimeSeries("year", true, "deaths", null, null, t, t.Select(y => 1000 + (y % 7)).ToArray(), "year", 100, "sum");
        Assert.Null(TrendStory.Decades(series));
        Assert.NotNull(TrendStory.Decades(series with { Y = t.Select(y => y % 10 == 0 ? 1e6 : 10).ToArray() }));
    }
}
