using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.StoryQuality;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// Issue 22, item 6 (eighth session): a unit in a column's name goes after its numbers, not in the name; coded
/// categories read as words (sexes, US states, the sides of a yes/no column); a quantity on an interval scale (a
/// temperature, an anomaly) changes in its own units, never in percent.
/// </summary>
public class UnitAndCodeWordingTests
{
    private static List<Insight> Detect(AnalysisTable table) => StoryKinds.Of<SegmentStory>().Detect(StoryDiscovery.Prepare(table)).ToList();

    [Theory]
    [InlineData("temp_c", "5.2", "5.2 °C")]
    [InlineData("Temperature F", "5.2", "5.2 °F")]
    [InlineData("employment_in_thousands", "60,323", "60,323 thousand")]
    // "c" alone is no unit: only after a temperature word.
    [InlineData("grade_c", "5.2", "5.2")]
    public void AmountByName_DegreeOrScaleInTheName_GoesWithTheNumber(string column, string number, string expected) =>
        Assert.Equal(expected, ColumnWords.AmountByName(column, number));

    [Theory]
    [InlineData("state", "nm", "New Mexico")]
    [InlineData("State", "RI", "Rhode Island")]
    [InlineData("abb", "DC", "District of Columbia")]
    [InlineData("sex", "M", "Male")]
    [InlineData("gender", "f", "Female")]
    // Not a state or sex column: the code stays as written.
    [InlineData("country", "CA", "CA")]
    [InlineData("grade", "M", "M")]
    public void Label_CodedStateOrSex_ReadsAsTheWord(string column, string label, string expected) => Assert.Equal(expected, Words.Label(column, label));

    [Theory]
    [InlineData("married", "yes", "married")]
    [InlineData("married", "no", "not married")]
    [InlineData("honors", "true", "with honors")]
    [InlineData("honors", "no", "without honors")]
    [InlineData("honors", "Boston", null)]
    public void FlagSide_YesNoColumn_SaysWhatTheSideIs(string column, string label, string? expected) => Assert.Equal(expected, ColumnVocabulary.FlagSide(column, label));

    /// <summary>Three species of bird (groups that overlap, so no banding): beak length in millimetres by species, and body mass in kilograms by sex (M/F).</summary>
    private static AnalysisTable Birds()
    {
        var rng = new Random(7);
        var (species, sex, beak, mass) = (new List<string>(), new List<string>(), new List<double>(), new List<double>());
        string[] names = ["Adelie", "Chinstrap", "Gentoo"];
        for (var i = 0; i < 180; i++)
        {
            // Drawn at random, not assigned in equal numbers: a sample, not an experiment's design.
            var s = rng.Next(3);
            species.Add(names[s]);
            var male = rng.NextDouble() < 0.55;
            sex.Add(male ? "M" : "F");
            beak.Add(Math.Round(39 + 10 * (s == 1 ? 1 : s == 2 ? 0.8 : 0) + rng.NextDouble() * 14, 1));
            mass.Add(Math.Round((male ? 75 : 56) + rng.NextDouble() * 30, 1));
        }
        return Table(CsvText(("Species", Box(species)), ("Sex", Box(sex)), ("Beak Length (mm)", Box(beak)), ("Weight (kg)", Box(mass))));
    }

    [Fact]
    public void Detect_UnitInTheMeasuresName_TitleNamesItBareAndTheNumbersCarryIt()
    {
        var insight = Assert.Single(Detect(Birds()), i => i.Columns.SequenceEqual(["Species", "Beak Length (mm)"]));
        Assert.StartsWith("Beak length differs sharply by species: highest for Chinstrap", insight.Title, StringComparison.Ordinal);
        Assert.Matches(@"^The median beak length ranges from [\d.]+ mm for Chinstrap down to [\d.]+ mm for Adelie", insight.Summary);
    }

    [Fact]
    public void Detect_SexCodedMAndF_GroupsReadAsMenAndWomen()
    {
        var insight = Assert.Single(Detect(Birds()), i => i.Columns.SequenceEqual(["Sex", "Weight (kg)"]));
        Assert.Matches(@"^Weight is higher for men than for women: a median of [\d.]+ kg against [\d.]+ kg$", insight.Title);
    }

    [Fact]
    public void Detect_YesNoGroups_ReadAsWhatTheFlagSays()
    {
        var rng = new Random(11);
        var married = Enumerable.Range(0, 200).Select(_ => rng.NextDouble() < 0.6 ? "yes" : "no").ToList();
        var age = married.Select(m => Math.Round((m == "yes" ? 37 : 29) + rng.NextDouble() * 20)).ToList();
        var insight = Assert.Single(Detect(Table(CsvText(("married", Box(married)), ("age", Box(age))))), i => i.Columns.SequenceEqual(["married", "age"]));
        Assert.StartsWith("Age is higher for those married than for those not married: a median of", insight.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_TemperatureTrend_ChangeInUnitsNeverInPercent()
    {
        var noise = Noise(40, 5, 0.3);
        var years = Enumerable.Range(1980, 40).Select(y => (double)y).ToList();
        var temp = Enumerable.Range(0, 40).Select(i => Math.Round(14 + 0.05 * i + noise[i], 2)).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("year", Box(years)), ("temp", Box(temp)))));
        var trend = Assert.Single(StoryKinds.Of<TrendStory>().Detect(table), i => i.Columns.Contains("temp"));
        Assert.Contains("went from a fitted", trend.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("%", trend.Summary, StringComparison.Ordinal);
        var output = StoryWriter.Write(table, trend);
        Assert.DoesNotContain("%", output.Markdown.Split("The evidence")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Surge_TemperatureRise_ToldInDegreesNotPercent()
    {
        // Flat at 20 °C for 30 years, then 12 degrees warmer over 12 years and held: a rise of about 12 °C, not "60%".
        var noise = Noise(70, 5, 0.01);
        var y = Enumerable.Range(0, 70).Select(i => 20 * (i < 30 ? 1 : i < 42 ? 1 + 0.6 * (i - 29) / 12 : 1.6) * (1 + noise[i])).ToArray();
        var series = new TimeSeries("year", true, "temperature (°C)", null, null, Enumerable.Range(0, 70).Select(i => 1900.0 + i).ToArray(), y, "year", 70);
        var surge = DrawdownStory.Surge(series) ?? throw new InvalidOperationException("no surge");
        Assert.Matches(@"^Temperature rose [\d.]+ °C from ", surge.Title);
        Assert.DoesNotContain("%", surge.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("-fold", surge.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_RateBySexCode_GroupsReadAsWomenAndMen()
    {
        var rng = new Random(3);
        var sex = Enumerable.Range(0, 400).Select(_ => rng.NextDouble() < 0.45 ? "F" : "M").ToList();
        var survived = sex.Select(s => rng.NextDouble() < (s == "F" ? 0.73 : 0.19) ? "yes" : "no").ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("sex", Box(sex)), ("survived", Box(survived)))));
        var rate = Assert.Single(StoryKinds.Of<RateStory>().Detect(table), i => i.Columns.Contains("sex"));
        Assert.Matches(@"^Women: survived [\d.]+% of the time \([\d,]+ of [\d,]+\), against [\d.]+% for men$", rate.Title);
    }

    private static StoryCandidate Story(string title, params string[] columns) =>
        new(title, "A summary.", ["bar"], new StoryEvidence("test", null, null, null, 10, columns));

    [Theory]
    [InlineData("Beak length (mm) differs sharply by species: highest for Chinstrap, lowest for Adelie", "Species", "Beak Length (mm)")]
    [InlineData("Height is higher for M than for F: a median of 178 against 165", "sex", "height")]
    [InlineData("Age is higher for yes than for no: a median of 37 against 29", "married", "age")]
    public void Problems_UnitInBracketsOrCodedGroup_Found(string title, params string[] columns) => Assert.NotEmpty(WordingChecks.Problems(Story(title, columns), null, "rows"));

    [Theory]
    [InlineData("Beak length differs sharply by species: highest for Chinstrap, lowest for Adelie", "Species", "Beak Length (mm)")]
    [InlineData("Height is higher for men than for women: a median of 178 against 165", "sex", "height")]
    [InlineData("Age is higher for those married than for those not married: a median of 37 against 29", "married", "age")]
    public void Problems_UnitAfterNumbersAndGroupsInWords_NoneFound(string title, params string[] columns) => Assert.Empty(WordingChecks.Problems(Story(title, columns), null, "rows"));
}
