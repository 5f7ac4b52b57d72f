using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// A table of dated events (bird strikes, orders): how many rows each month and year holds is told as a series of its
/// own — the trend from the yearly counts, the within-year rhythm and level shifts from the monthly ones.
/// </summary>
public class EventCountTests
{
    /// <summary>
    /// Events on the 5th and the 20th of each month from <paramref name="start"/>, <paramref name="perMonth"/> of them a
    /// month (half on each day, the odd one on the 5th), each with a speed that has nothing to do with time.
    /// </summary>
    private static string Events(DateTime start, IReadOnlyList<int> perMonth)
    {
        var dates = new List<object?>();
        var speeds = new List<object?>();
        for (var m = 0; m < perMonth.Count; m++)
        {
            var month = start.AddMonths(m);
            for (var k = 0; k < perMonth[m]; k++)
            {
                dates.Add(new DateTime(month.Year, month.Month, k % 2 == 0 ? 5 : 20));
                speeds.Add((double)(100 + ((dates.Count * 37) % 50)));
            }
        }
        return CsvText(("date", dates), ("speed", speeds));
    }

    /// <summary>Twelve years of events: a yearly level that grows 8% a year, times an autumn-heavy season.</summary>
    private static List<int> GrowingWithAutumnPeak()
    {
        double[] season = [0.4, 0.35, 0.6, 0.8, 1.0, 1.0, 1.1, 1.4, 1.6, 1.8, 1.0, 0.5];
        return Enumerable.Range(0, 144).Select(i => (int)Math.Round(20 * Math.Pow(1.08, i / 12) * season[i % 12])).ToList();
    }

    [Fact]
    public void Of_EventsFromMidMonthToMidMonth_CountsEveryWholeMonthBetweenIncludingEmptyOnes()
    {
        // 30 months from January 2010; June 2010 has none. The file starts on 5 January and ends on 20 June 2012, part-way
        // through both months, so January 2010 and June 2012 are left out.
        var perMonth = Enumerable.Range(0, 30).Select(i => i == 5 ? 0 : 4 + (i % 3)).ToList();
        var table = Table(Events(new DateTime(2010, 1, 1), perMonth));
        Assert.True(table.Time.IsEvents);

        var monthly = EventCounts.Of(table, EventCounts.PerMonth);

        Assert.NotNull(monthly);
        var dates = Assert.IsType<DateColumn>(monthly!.Columns[0]).Days.Select(DateColumn.ToDateTime).ToList();
        var counts = Assert.IsType<NumericColumn>(monthly.Find(EventCounts.PerMonth)).Values;
        Assert.Equal(new DateTime(2010, 2, 1), dates[0]);
        Assert.Equal(new DateTime(2012, 5, 1), dates[^1]);
        Assert.Equal(perMonth.Skip(1).Take(28).Select(c => (double)c), counts);
        Assert.Equal(0, counts[4]);
        Assert.True(monthly.Time.IsSeries);
        // Two years and a half are too few whole years for a yearly count (2011 alone lies between the first and last).
        Assert.Null(EventCounts.Of(table, EventCounts.PerYear));
    }

    [Fact]
    public void Of_OneSeriesTooFewMonthsOrTooSparse_ReturnsNull()
    {
        var series = CsvText(("date", Box(Enumerable.Range(0, 400).Select(i => new DateTime(2000, 1, 1).AddDays(i)))), ("value", Box(Noise(400, 4))));
        Assert.False(Table(series).Time.IsEvents);
        Assert.Null(EventCounts.Of(Table(series), EventCounts.PerMonth));
        var short20Months = Events(new DateTime(2010, 1, 1), Enumerable.Repeat(6, 20).ToList());
        Assert.Null(EventCounts.Of(Table(short20Months), EventCounts.PerMonth));
        var sparse = Events(new DateTime(2010, 1, 1), Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 4 : 0).ToList());
        Assert.Null(EventCounts.Of(Table(sparse), EventCounts.PerMonth));
    }

    [Fact]
    public void Discover_EventsGrowingWithAnAutumnPeak_TellsTheYearlyRiseAndTheMonthlyRhythm()
    {
        var table = Table(Events(new DateTime(2000, 1, 1), GrowingWithAutumnPeak()));

        var picked = StoryDiscovery.Discover(table, null);

        var trend = Assert.Single(picked, i => i.Kind is TrendStory);
        Assert.Equal(new[] { "date", EventCounts.PerYear }, trend.Columns);
        var detail = Assert.IsType<TrendDetail>(trend.Detail);
        Assert.True(detail.TheilSen.Slope > 0);
        Assert.Equal(10, detail.Series.T.Length);
        Assert.Equal(2001, detail.Series.T[0]);
        Assert.StartsWith("Rows per year rose", trend.Title, StringComparison.Ordinal);
        var season = Assert.Single(picked, i => i.Kind is SeasonalityStory);
        Assert.Equal(new[] { "date", EventCounts.PerMonth }, season.Columns);
        Assert.Equal(10, Assert.IsType<SeasonalityDetail>(season.Detail).PeakMonth);
        // The speed of an event has no rhythm of its own: no story reads one into its monthly average.
        Assert.DoesNotContain(picked, i => i.Columns.Contains("speed") && i.Kind is SeasonalityStory or TrendStory);
    }

    [Fact]
    public async Task Refine_RowsPerYearStory_ChartDataHoldsTheYearlyCountsAndTheTextSaysWhatAPointIs()
    {
        var perMonth = GrowingWithAutumnPeak();
        using var fx = new EngineFixture();
        var (container, file) = await fx.UploadTextAsync(Events(new DateTime(2000, 1, 1), perMonth), "strikes.csv");
        var discovery = await fx.DiscoverAsync(container, file);
        var story = Assert.Single(discovery.Candidates, c => c.Evidence.Columns.Contains(EventCounts.PerYear));

        var result = await fx.RefineAsync(container, file, story);

        var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Narrative.FileId));
        Assert.Contains("each the number of rows dated in that year", narrative, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(narrative, result.Facts);
        var line = await fx.DownloadAsync(container, result.Charts[0].DataFileId!);
        var rows = Encoding.UTF8.GetString(line).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(r => r.Split(',')).Select(c => (Year: c[0], Count: double.Parse(c[1], CultureInfo.InvariantCulture))).ToList();
        // The whole years between the first and the last (2001–2010), each the sum of its months.
        var expected = Enumerable.Range(1, 10).Select(y => (Year: (2000 + y).ToString(CultureInfo.InvariantCulture), Count: (double)perMonth.Skip(12 * y).Take(12).Sum())).ToList();
        Assert.Equal(expected, rows.Select(r => (r.Year, r.Count)).ToList());
    }

    [Fact]
    public async Task Refine_RowsPerMonthRhythm_ReadsAsPluralAndPlotsTheMonthlyCounts()
    {
        var perMonth = GrowingWithAutumnPeak();
        using var fx = new EngineFixture();
        var (container, file) = await fx.UploadTextAsync(Events(new DateTime(2000, 1, 1), perMonth), "strikes.csv");
        var story = Assert.Single((await fx.DiscoverAsync(container, file)).Candidates, c => c.Evidence.Columns.Contains(EventCounts.PerMonth));

        var result = await fx.RefineAsync(container, file, story);

        var narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Narrative.FileId));
        Assert.Contains("Rows per month follow a yearly rhythm. Relative to their own moving yearly average, they run highest in October", narrative, StringComparison.Ordinal);
        RefineTests.AssertNumbersAreFacts(narrative, result.Facts);
        var line = Encoding.UTF8.GetString(await fx.DownloadAsync(container, result.Charts[0].DataFileId!));
        var counts = line.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => double.Parse(r.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
        // The whole months between the first and the last (February 2000 to November 2011).
        Assert.Equal(perMonth.Skip(1).Take(142).Select(c => (double)c), counts);
    }
}
