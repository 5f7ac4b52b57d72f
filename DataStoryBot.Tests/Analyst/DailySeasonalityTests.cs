using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The yearly cycle of daily data over a few years (issue 22: Seattle's rain season), tested on the days.</summary>
public class DailySeasonalityTests
{
    private static readonly DateTime Start = new(2012, 1, 1);
    private const int Days = 1461;

    private static List<DateTime> Dates() => Enumerable.Range(0, Days).Select(i => Start.AddDays(i)).ToList();

    /// <summary>Rain-like days: wet more often and heavier around November, dry around May; zero on dry days.</summary>
    private static List<double> Rain(int seed)
    {
        var rng = new Random(seed);
        return Dates().Select(d =>
        {
            var c = Math.Cos(2 * Math.PI * (d.Month - 11) / 12.0);
            var wet = rng.NextDouble() < 0.4 + 0.2 * c;
            return wet ? Math.Round(-(6 + 2.5 * c) * Math.Log(1 - rng.NextDouble()), 1) : 0.0;
        }).ToList();
    }

    private static TimeSeries Monthly(AnalysisTable table, string measure) =>
        TimeSeriesBuilder.Pooled(table, (DateColumn)table.Time.Axis!, table.Numeric.Single(c => c.Name == measure), forceGranularity: "month")!;

    [Fact]
    public void EvaluateDaily_FourYearsOfRainyDays_FindsTheSeasonTheMonthsAloneCannot()
    {
        int ratios = 0, tested = 0;
        for (var seed = 1; seed <= 8; seed++)
        {
            var table = Table(CsvText(("date", Dates().Cast<object?>().ToList()), ("precipitation", Box(Rain(seed)))));
            // Only the draws whose months alone (three or four values per calendar month) do not pass the test: the
            // days must carry those.
            if (SeasonalityStory.Evaluate(Monthly(table, "precipitation")) is not null) continue;
            tested++;
            var found = Assert.Single(new SeasonalityStory().Detect(table));
            var detail = Assert.IsType<SeasonalityDetail>(found.Detail);
            var daily = Assert.IsType<DailyMonthTest>(detail.Daily);
            Assert.True(daily.PValue < SeasonalityStory.MaxP);
            Assert.True(daily.EffectiveDays <= daily.Days);
            Assert.Contains(detail.PeakMonth, new[] { 9, 10, 11, 12, 1 });
            Assert.Contains(detail.TroughMonth, new[] { 3, 4, 5, 6, 7 });
            if (!double.IsFinite(daily.Ratio)) continue;
            // A quantity whose zero means none of it is told as a ratio of the plain month means, when their highest and
            // lowest months are the ones the de-trended test names.
            ratios++;
            Assert.Equal($"Precipitation is highest in {Fmt.Month(detail.PeakMonth)} and lowest in {Fmt.Month(detail.TroughMonth)}: {Fmt.Num(daily.PeakMean / daily.TroughMean)} times as much on average", found.Title);
            // The narrative states the month means, the ratio and the test on the days, each a recorded fact.
            var story = StoryWriter.Write(table, found);
            Assert.Contains($"{Fmt.Num(daily.Ratio)} times as much", story.Markdown, StringComparison.Ordinal);
            Assert.Contains(story.Facts, f => f.Computation == "peak-month mean over trough-month mean");
            Assert.Contains(story.Facts, f => f.Computation.StartsWith("effective number of independent days", StringComparison.Ordinal));
            Assert.Contains(story.Facts, f => f.Computation.StartsWith("Kruskal-Wallis p-value on the days", StringComparison.Ordinal));
        }
        Assert.True(tested >= 3);
        Assert.True(ratios > 0);
    }

    [Fact]
    public void EvaluateDaily_DailyRandomWalk_NoSeason()
    {
        // A price-like wander: consecutive days are nearly the same value, so its days are worth almost nothing as evidence.
        for (var seed = 1; seed <= 10; seed++)
        {
            var steps = Noise(Days, seed);
            var level = 100.0;
            var walk = steps.Select(s => Math.Round(level += s, 3)).ToList();
            var table = Table(CsvText(("date", Dates().Cast<object?>().ToList()), ("price", Box(walk))));
            Assert.DoesNotContain(new SeasonalityStory().Detect(table), i => i.Detail is SeasonalityDetail { Daily: not null });
        }
    }
}
