using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The contract sample of <see cref="SharpestMoveStory"/>: a river that holds level but for one famine year.</summary>
public sealed class SharpestMoveStorySample : IStoryKindSample
{
    public string Kind => "sharpest_move";

    public Core.Analyst.Data.AnalysisTable Table() => AnalystTestHelpers.Table(FillerTests.River());
}

/// <summary>
/// Fillers the second reader still found (issue 22, item 5): a "typical value" of the column the lead already told, the
/// skew of a series' values over time, a lopsided shape ahead of a real finding. Each rule on a small table built to show it.
/// </summary>
public class FillerTests
{
    /// <summary>A yearly river flow that holds level for 40 years except one famine year (year 25) far below its neighbours.</summary>
    public static string River()
    {
        const int n = 40;
        var noise = Noise(n, 31, 30);
        var years = Enumerable.Range(0, n).Select(i => 1890.0 + i).ToArray();
        var volume = Enumerable.Range(0, n).Select(i => Math.Round(1000 + noise[i] - (i == 25 ? 400 : i == 26 ? 200 : 0))).ToArray();
        return CsvText(("year", Box(years)), ("volume", Box(volume)));
    }

    [Fact]
    public void Discover_SeriesWithoutAFinding_TellsItsSharpestMoveBeforeADescription()
    {
        var stories = StoryDiscovery.Discover(Table(River()), null);
        Assert.Equal(3, stories.Count);
        // Nothing tested shows here; the dated fall leads the fillers, and a column is described once.
        Assert.IsType<MovesDetail>(stories[0].Detail);
        Assert.IsType<SharpestMoveStory>(stories[0].Kind);
        Assert.Equal("The sharpest fall in volume from one year to the next came in 1915: down 40%", stories[0].Title);
        Assert.True(stories.Count(s => s.Columns is ["volume"]) <= 1, string.Join(" | ", stories.Select(s => s.Title)));
    }

    [Fact]
    public void Moves_SeriesWithoutAStandoutMove_IsNotTold()
    {
        // A steady random walk: no step is three times the typical one... except by chance; a smooth line has none.
        var years = Enumerable.Range(0, 40).Select(i => 1950.0 + i).ToArray();
        var level = Enumerable.Range(0, 40).Select(i => 100 + 2.0 * i + (i % 2 == 0 ? 1 : -1)).ToArray();
        var table = StoryDiscovery.Prepare(Table(CsvText(("year", Box(years)), ("level", Box(level)))));
        Assert.Null(SharpestMoveStory.Moves(table, (Core.Analyst.Data.NumericColumn)table.Find("level")!));
    }

    [Fact]
    public void Moves_MonthlySeriesThatFallsEveryJanuary_TellsTheMoveBeyondTheSeasonNotAJanuary()
    {
        // Orders fall 20% into every January and recover in February; in Jun 2019 they fell 12%, where a June holds level (and won it back over two months).
        // The largest raw fall is a January; the move that stands out once the season is taken out is June 2019.
        var moves = SeasonalOrderMoves(57, (year, month) => (year, month) switch { (2019, 6) => -0.12, (2019, 7 or 8) => 0.065, _ => null });

        Assert.NotNull(moves);
        Assert.True(moves!.Title.StartsWith("The most unusual fall for its month in orders came in Jun 2019: down 1", StringComparison.Ordinal), moves.Title);
        Assert.Contains("where a June usually", moves.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("Jan ", moves.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Moves_OneJanuaryFellLessThanUsual_SaysItFellNeverThatItRose()
    {
        // Orders fall 20% into every January and recover in February; in Jan 2018 they fell only 3% (the move furthest
        // above its season is still a fall); in Jun 2019 they fell 25%, where a June holds level.
        var moves = SeasonalOrderMoves(58, (year, month) => (year, month) switch { (2018, 1) => -0.03, (2019, 6) => -0.25, (2019, 7 or 8) => 0.10, _ => null });

        Assert.NotNull(moves);
        Assert.StartsWith("The most unusual fall for its month in orders came in Jun 2019", moves!.Title, StringComparison.Ordinal);
        Assert.True(moves.Summary.Contains("The month furthest above its season was Jan 2018: fell only ", StringComparison.Ordinal), moves.Summary);
        Assert.Contains("where a January usually falls", moves.Summary, StringComparison.Ordinal);
    }

    /// <summary>
    /// The moves of six years of monthly orders that fall 20% into every January and rise 25% into every February, with
    /// the steps <paramref name="events"/> gives for a year and month instead.
    /// </summary>
    private static Insight? SeasonalOrderMoves(int seed, Func<int, int, double?> events)
    {
        var noise = Noise(72, seed, 0.01);
        var dates = new List<string>();
        var orders = new List<double>();
        var level = 100.0;
        for (var i = 0; i < 72; i++)
        {
            var (year, month) = (2015 + i / 12, i % 12 + 1);
            var step = events(year, month) ?? (month == 1 ? -0.20 : month == 2 ? 0.25 : 0.0);
            level *= 1 + step + noise[i];
            dates.Add($"{year}-{month:00}-01");
            orders.Add(Math.Round(level, 2));
        }
        var table = StoryDiscovery.Prepare(Table(CsvText(("month", Box(dates)), ("orders", Box(orders)))));
        return SharpestMoveStory.Moves(table, (Core.Analyst.Data.NumericColumn)table.Find("orders")!);
    }

    [Fact]
    public void Detect_SkewOfARisingSeries_IsItsPathNotAShape()
    {
        // A price that rises slowly, then fast: its values over time are "right-skewed" only because of the late years.
        var years = Enumerable.Range(0, 60).Select(i => 1565.0 + 5 * i).ToArray();
        var price = Enumerable.Range(0, 60).Select(i => Math.Round(20 * Math.Exp(i / 14.0) + 3 * Noise(60, 41)[i], 1)).ToArray();
        var table = StoryDiscovery.Prepare(Table(CsvText(("year", Box(years)), ("wheat", Box(price)))));
        Assert.True(table.Time.IsSeries);
        Assert.Empty(new DistributionStory().Detect(table));
    }

    [Fact]
    public void Discover_SkewBesideRealFindings_ComesAfterThem()
    {
        // Delays: right-skewed minutes, and three real findings (evening flights, one carrier, one airport later).
        const int n = 600;
        var rng = new Random(5);
        var hour = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? "evening" : i % 3 == 1 ? "morning" : "afternoon").ToArray();
        var carrier = Enumerable.Range(0, n).Select(i => i % 4 == 0 ? "FastAir" : i % 4 == 1 ? "BlueJet" : i % 4 == 2 ? "SkyWays" : "AirOne").ToArray();
        var distance = Enumerable.Range(0, n).Select(i => 200.0 + 10 * (i % 150)).ToArray();
        var minutes = Enumerable.Range(0, n).Select(i =>
        {
            var baseline = -Math.Log(1 - rng.NextDouble()) * 12;
            return Math.Round(baseline * (hour[i] == "evening" ? 3 : 1) * (carrier[i] == "FastAir" ? 2.5 : 1) + distance[i] / 40);
        }).ToArray();
        var stories = StoryDiscovery.Discover(Table(CsvText(("time_of_day", Box(hour)), ("carrier", Box(carrier)), ("distance", Box(distance)), ("delay_minutes", Box(minutes)))), null);
        Assert.Equal(3, stories.Count);
        Assert.DoesNotContain(stories, s => s.Kind is DistributionStory);
        Assert.Contains(stories, s => s.Kind is DistributionStory == false && s.Columns.Contains("delay_minutes"));
    }

    [Fact]
    public void Discover_SplitOfACategoryAlreadyTold_IsNotDescribedAgainAsItsMostCommonValues()
    {
        // Heights: 77% men, and men taller: the gap, then the sample's make-up; "the most common sex values" would say
        // the make-up a second time.
        const int n = 400;
        var noise = Noise(n, 23, 3);
        var sex = Enumerable.Range(0, n).Select(i => i % 100 < 77 ? "Male" : "Female").ToArray();
        var height = Enumerable.Range(0, n).Select(i => Math.Round((sex[i] == "Male" ? 70 : 65) + noise[i], 1)).ToArray();

        var stories = StoryDiscovery.Discover(Table(CsvText(("sex", Box(sex)), ("height", Box(height)))), null);

        Assert.Equal(3, stories.Count);
        Assert.Contains(stories, s => s.Detail is ConcentrationDetail { Breakdown.Measure: null } && s.Columns[0] == "sex");
        Assert.DoesNotContain(stories, s => s.Detail is FrequencyDetail && s.Columns[0] == "sex");
    }
}
