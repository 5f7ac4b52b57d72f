using DataStoryBot.Core.Analyst.Refine;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>Effect sizes in words (issue 22, item 6): ratios, shares, correlations and changes as a reporter says them.</summary>
public class EffectWordsTests
{
    [Theory]
    [InlineData(4.8, "nearly five times")]
    [InlineData(5.0, "about five times")]
    [InlineData(5.3, "more than five times")]
    [InlineData(5.6, "nearly six times")]
    [InlineData(2.0, "about twice")]
    [InlineData(1.7, "nearly twice")]
    [InlineData(2.3, "more than twice")]
    [InlineData(2.5, "about two and a half times")]
    [InlineData(1.5, "about one and a half times")]
    [InlineData(12.3, "about 12 times")]
    [InlineData(47, "about 47 times")]
    [InlineData(11.6, "nearly 12 times")]
    [InlineData(1234, "about 1,200 times")]
    public void Times_Ratio_ReadsAsAMultiple(double ratio, string expected) => Assert.Equal(expected, EffectWords.Times(ratio));

    [Theory]
    [InlineData(4.8, "nearly five times as high as")]
    [InlineData(1.33, "about a third higher than")]
    [InlineData(1.25, "about a quarter higher than")]
    [InlineData(1.1, "about a tenth higher than")]
    [InlineData(1.02, "about as high as")]
    [InlineData(0.75, "about a quarter lower than")]
    [InlineData(0.5, "about half as high as")]
    [InlineData(0.2, "about a fifth as high as")]
    [InlineData(0.05, "less than a tenth as high as")]
    public void Compare_Ratio_ReadsAsAComparison(double ratio, string expected) => Assert.Equal(expected, EffectWords.Compare(ratio));

    [Fact]
    public void Compare_OwnAdjectives_AreUsed() =>
        Assert.Equal("about a third wider than", EffectWords.Compare(1.34, "wide", "wider", "narrower"));

    [Theory]
    [InlineData(0.25, "about one in four")]
    [InlineData(0.245, "about one in four")]
    [InlineData(0.46, "nearly half")]
    [InlineData(0.5, "about half")]
    [InlineData(0.53, "just over half")]
    [InlineData(0.7, "about seven in ten")]
    [InlineData(0.9, "about nine in ten")]
    [InlineData(0.33, "about one in three")]
    [InlineData(0.05, "about one in twenty")]
    [InlineData(0.98, "almost all")]
    [InlineData(1.0, "all")]
    [InlineData(0.003, "fewer than one in a hundred")]
    public void Share_Fraction_ReadsAsAShareOfTheWhole(double share, string expected) => Assert.Equal(expected, EffectWords.Share(share));

    [Theory]
    [InlineData(0.95, "very strong")]
    [InlineData(-0.75, "strong")]
    [InlineData(0.5, "moderate")]
    [InlineData(-0.3, "weak")]
    [InlineData(0.1, "very weak")]
    public void Strength_Correlation_InWords(double r, string expected) => Assert.Equal(expected, EffectWords.Strength(r));

    [Theory]
    [InlineData(0.48, "grew to about one and a half times its starting level")]
    [InlineData(1.0, "about doubled")]
    [InlineData(0.7, "nearly doubled")]
    [InlineData(0.33, "up by about a third")]
    [InlineData(-0.25, "down by about a quarter")]
    [InlineData(0.01, "about level")]
    [InlineData(3.1, "grew to about four times its starting level")]
    public void Change_Relative_InWords(double relative, string expected) => Assert.Equal(expected, EffectWords.Change(relative));

    [Theory]
    [InlineData("resolution_time_hours", "resolution time (hours)")]
    [InlineData("weight_lb", "weight (lb)")]
    [InlineData("Height (in)", "height (in)")]
    [InlineData("Body Mass (g)", "body mass (g)")]
    [InlineData("height_in", "height (in)")]
    [InlineData("price_in_usd", "price (USD)")]
    [InlineData("age_years", "age (years)")]
    [InlineData("karn", "karn")]
    [InlineData("Value", "value")]
    [InlineData("working_hours", "working hours")]
    [InlineData("total_days", "total days")]
    [InlineData("logged_in", "logged in")]
    [InlineData("temp_min", "minimum temperature")]
    [InlineData("wait_min", "wait min")]
    public void Human_ColumnName_ReadsAsWordsWithItsUnit(string column, string expected) => Assert.Equal(expected, ColumnWords.Human(column));

    [Theory]
    [InlineData("height_in", "per inch of height")]
    [InlineData("age", "per year of age")]
    [InlineData("year", "per year")]
    [InlineData("temp", "per unit of temperature")]
    public void PerStep_Driver_NamesItsUnit(string driver, string expected) => Assert.Equal(expected, ColumnWords.PerStep(driver));

    [Theory]
    [InlineData("Ozone", "Temp", "Temp")]
    [InlineData("weight", "height", "height")]
    [InlineData("mpg", "weight", "weight")]
    [InlineData("wage", "education", "education")]
    [InlineData("deaths", "population", "population")]
    [InlineData("score", "str", "str")]
    [InlineData("income", "age", "age")]
    public void Driver_NamesSayWhichDrivesWhich_DriverFirst(string a, string b, string driver)
    {
        var table = Table(CsvText(("id", Box(Enumerable.Range(0, 20).Select(i => $"k{i}"))), (a, Box(Noise(20, 1))), (b, Box(Noise(20, 2))), ("other", Box(Noise(20, 3)))));
        Assert.Equal(driver, ColumnWords.Driver(table, a, b)?.Driver);
        Assert.Equal(driver, ColumnWords.Driver(table, b, a)?.Driver);
    }

    [Theory]
    [InlineData("income", "wage")]
    [InlineData("temp_max", "temp_min")]
    [InlineData("deaths", "injuries")]
    public void Driver_NamesDoNotSay_NoDirection(string a, string b)
    {
        var table = Table(CsvText(("id", Box(Enumerable.Range(0, 20).Select(i => $"k{i}"))), (a, Box(Noise(20, 1))), (b, Box(Noise(20, 2))), ("other", Box(Noise(20, 3)))));
        Assert.Null(ColumnWords.Driver(table, a, b));
    }

    [Fact]
    public void Driver_TwoColumnTable_NamesDecideNotPosition()
    {
        var table = Table(CsvText(("dist", Box(Noise(20, 1))), ("speed", Box(Noise(20, 2)))));
        Assert.Equal(("speed", "dist"), ColumnWords.Driver(table, "dist", "speed"));
        var unnamed = Table(CsvText(("a", Box(Noise(20, 1))), ("b", Box(Noise(20, 2)))));
        Assert.Null(ColumnWords.Driver(unnamed, "a", "b"));
    }

    [Fact]
    public void Driver_TimeAxis_DrivesTheOther()
    {
        var table = Table(CsvText(("year", Box(Enumerable.Range(1950, 30).Select(y => (double)y))), ("volume", Box(Noise(30, 2)))));
        Assert.Equal(("year", "volume"), ColumnWords.Driver(table, "volume", "year"));
    }
}
