using Xunit;
using Xunit.Abstractions;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Discovery on real vega-datasets files: the story a data person expects is among the three.</summary>
public class EngineDatasetTests(ITestOutputHelper output)
{
    private async Task<IReadOnlyList<StoryCandidate>> DiscoverAsync(string file, string? steering = null)
    {
        using var fx = new EngineFixture();
        var (container, uploaded) = await fx.UploadAsync(VegaDataset(file));
        var result = await fx.DiscoverAsync(container, uploaded, steering);
        foreach (var c in result.Candidates)
        {
            output.WriteLine($"[{c.Evidence.InsightType}] {c.Title} | {string.Join(",", c.Evidence.Columns)} | {c.Summary}");
        }
        Assert.Equal(3, result.Candidates.Count);
        return result.Candidates;
    }

    private static bool Names(StoryCandidate c, string type, params string[] columns) =>
        c.Evidence.InsightType == type && columns.All(col => c.Evidence.Columns.Contains(col));

    [Fact]
    public async Task Discover_Co2Concentration_FindsRisingCo2Trend()
    {
        var candidates = await DiscoverAsync("co2-concentration.csv");
        var trend = Assert.Single(candidates, c => Names(c, "trend", "Date", "CO2") || Names(c, "trend", "Date", "adjusted CO2"));
        Assert.Contains("rose", trend.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_SeattleWeather_FindsTemperatureSeasonality()
    {
        var candidates = await DiscoverAsync("seattle-weather.csv");
        Assert.Contains(candidates, c => Names(c, "seasonality", "date") && c.Evidence.Columns.Any(col => col.StartsWith("temp_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Discover_GapminderHealthIncome_FindsIncomeHealthCorrelation()
    {
        var candidates = await DiscoverAsync("gapminder-health-income.csv");
        var c = Assert.Single(candidates, c => Names(c, "correlation", "income", "health"));
        Assert.True(c.Evidence.EffectSize > 0.5);
    }

    [Fact]
    public async Task Discover_IowaElectricity_FindsRenewablesGrowth()
    {
        var candidates = await DiscoverAsync("iowa-electricity.csv");
        // Told once: as the fastest grower of the sources, or as its own trend when no comparison is told (issue 22: the
        // leader's own trend after "grew fastest" is the same story).
        var c = Assert.Single(candidates, c => (Names(c, "trend", "year", "net_generation", "source") || Names(c, "group_series", "year", "net_generation", "source")) && c.Title.Contains("Renewables", StringComparison.Ordinal));
        Assert.Matches("rose|grew", c.Title);
    }

    [Fact]
    public async Task Discover_Stocks_FindsPriceStoryBySymbol()
    {
        var candidates = await DiscoverAsync("stocks.csv");
        Assert.Contains(candidates, c => c.Evidence.Columns.Contains("price") && c.Evidence.Columns.Contains("symbol"));
    }

    [Fact]
    public async Task Discover_UsEmployment_FindsEmploymentChangeOverTime()
    {
        var candidates = await DiscoverAsync("us-employment.csv");
        Assert.Contains(candidates, c => c.Evidence.InsightType is "trend" or "change_point" && c.Evidence.Columns[0] == "month");
    }

    [Fact]
    public async Task Discover_Disasters_FindsDeathsByEntityOrOverTime()
    {
        var candidates = await DiscoverAsync("disasters.csv");
        Assert.Contains(candidates, c => c.Evidence.Columns.Contains("Deaths") && (c.Evidence.Columns.Contains("Entity") || c.Evidence.Columns.Contains("Year")));
    }

    [Fact]
    public async Task Discover_Birdstrikes_FindsACostOrCategoryStory()
    {
        var candidates = await DiscoverAsync("birdstrikes.csv");
        Assert.Equal(3, candidates.Select(c => string.Join("|", c.Evidence.Columns)).Distinct().Count());
    }
}
