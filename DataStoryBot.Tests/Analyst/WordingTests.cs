using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.StoryQuality;
using Xunit;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The wording layer (issue 22, item 6; issue 21, item 8): names read from a general vocabulary, codes quoted once,
/// the table's noun instead of "rows", rates said as rates, and the checks the suites run on every story.
/// </summary>
public class WordingTests
{
    [Theory]
    [InlineData("WORLDCONSUMPTION", "world consumption")]
    [InlineData("realgdp", "real GDP")]
    [InlineData("unemp", "unemployment")]
    [InlineData("GNPDEFL", "GNP deflator")]
    [InlineData("WATERTEMP", "water temperature")]
    [InlineData("ACIDCONC", "acid concentration")]
    [InlineData("yrs_married", "years married")]
    [InlineData("yrs.since.phd", "years since PhD")]
    [InlineData("temp_max", "maximum temperature")]
    [InlineData("life_expect", "life expectancy")]
    [InlineData("POP", "population")]
    [InlineData("YEAR", "year")]
    [InlineData("cpi", "CPI")]
    // Nothing in the vocabulary: the name stays as written.
    [InlineData("karn", "karn")]
    [InlineData("airflow", "airflow")]
    [InlineData("network", "network")]
    public void Human_ColumnName_ReadsFromTheGeneralVocabulary(string column, string expected) => Assert.Equal(expected, Words.Human(column));

    [Theory]
    [InlineData("ethnicity", "afam", "African American")]
    [InlineData("race", "african american", "African American")]
    [InlineData("age", "25-35", "age 25-35")]
    [InlineData("city", "chicago", "Chicago")]
    [InlineData("region", "sub saharan africa", "Sub Saharan Africa")]
    [InlineData("weather", "drizzle", "drizzle")]
    [InlineData("category", "Hardware", "Hardware")]
    public void Label_Value_ReadsAsAReaderWritesIt(string column, string label, string expected) => Assert.Equal(expected, Words.Label(column, label));

    [Fact]
    public void Say_CodeNamedTwice_QuotedOnceThenThisSeries()
    {
        var say = new NarrativeWording(null);
        Assert.Equal("Series \"STS.M.I7\" peaks in September", say.Say("Series \"STS.M.I7\" peaks in September"));
        Assert.Equal("Once the trend is out, this series runs highest in September.", say.Say("Once the trend is out, series \"STS.M.I7\" runs highest in September."));
        Assert.Equal("This series dips in August.", say.Say("Series \"STS.M.I7\" dips in August."));
    }

    [Fact]
    public void Say_TableWithANoun_RowsBecomeTheNoun_NumbersUntouched()
    {
        var say = new NarrativeWording("incidents");
        Assert.Equal("Of the 720 incidents with category Hardware, 505 have location Australia, against 9.3% of the other 2,280 incidents (one incident in every 3).",
            say.Say("Of the 720 rows with category Hardware, 505 have location Australia, against 9.3% of the other 2,280 rows (one row in every 3)."));
        Assert.Equal("Incidents per month", say.Say("Rows per month"));
        Assert.Equal("505 of the 720 rows", new NarrativeWording("rows").Say("505 of the 720 rows"));
    }

    [Fact]
    public void Build_NarrativeWithANoun_SaysTheNounEverywhere()
    {
        var nb = new NarrativeBuilder { Noun = "expense claims" };
        nb.Heading("Travel expense claims: declined 40% of the time");
        nb.Paragraph("Declined: 40% of 559 rows.");
        nb.Bullet("Travel: 223 rows");
        nb.Evidence("Over 2,479 rows, a chi-square test.");
        nb.Caveat("The finding rests on every row of the file.");
        var text = nb.Build();
        Assert.DoesNotContain("rows", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("40% of 559 expense claims", text, StringComparison.Ordinal);
        Assert.Contains("every expense claim of the file", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("declined", "declined 40% of the time")]
    [InlineData("unsuccessful or backed out", "unsuccessful or backed out 40% of the time")]
    [InlineData("late", "late 40% of the time")]
    [InlineData("callback", "callback rate 40%")]
    [InlineData("awards", "award rate 40%")]
    [InlineData("arrest", "arrest rate 40%")]
    public void RateText_Participle_OfTheTime_Noun_AsARate(string phrase, string expected) => Assert.Equal(expected, RateStory.RateText(phrase, "40%"));

    [Theory]
    [InlineData("dept", "F", "department F")]
    [InlineData("destination", "SEA", "destination SEA")]
    [InlineData("passenger_class", "1st", "1st passenger class")]
    [InlineData("sex", "Female", "Women")]
    [InlineData("sex", "M", "Men")]
    [InlineData("gender", "Men", "Men")]
    [InlineData("ethnicity", "cauc", "Caucasian")]
    [InlineData("treatment", "Treated", "Treated")]
    [InlineData("city", "Boston", "Boston")]
    [InlineData("weather", "sun", "sun (weather)")]
    public void GroupName_WithoutANoun_ReadsAsAName(string column, string label, string expected) => Assert.Equal(expected, RateStory.GroupName(column, label));

    private static StoryCandidate Story(string title, params string[] columns) =>
        new(title, "A summary.", ["bar"], new StoryEvidence("test", null, null, null, 10, columns));

    [Fact]
    public void Problems_BadPhrases_AreEachFound()
    {
        Assert.NotEmpty(WordingChecks.Problems(Story("Sunactivity rises and falls", "SUNACTIVITY"), null, "rows"));
        Assert.NotEmpty(WordingChecks.Problems(Story("resolution_time_hours rose", "resolution_time_hours"), null, "rows"));
        Assert.NotEmpty(WordingChecks.Problems(Story("Applications with honors: callback rate 16%, against 7.6% for no", "honors"), null, "rows"));
        Assert.NotEmpty(WordingChecks.Problems(Story("Facilities Front Desk (requested by) accounts for 699", "requested_by"), null, "rows"));
        Assert.NotEmpty(WordingChecks.Problems(Story("Cauc applications", "call"), "# t\n\nCauc applications are callback 1.5 times as often.\n", "applications"));
        Assert.NotEmpty(WordingChecks.Problems(Story("Hardware", "category"), "# t\n\nOf the 720 rows with category Hardware.\n", "incidents"));
        Assert.NotEmpty(WordingChecks.Problems(Story("Series \"STS.M.I7.W.TOVT\" peaks", "STS.M.I7.W.TOVT"), "# Series \"STS.M.I7.W.TOVT\"\n\nSTS.M.I7.W.TOVT runs highest.\n", "rows"));
    }

    [Fact]
    public void Problems_GoodPhrases_NoneFound()
    {
        Assert.Empty(WordingChecks.Problems(Story("Sun activity rises and falls in a cycle of about 10 years", "SUNACTIVITY", "YEAR"), null, "rows"));
        Assert.Empty(WordingChecks.Problems(Story("Applications with honors: callback rate 16% (42 of 257), against 7.6% without", "honors", "call"), "# t\n\nThey have a callback more often.\n", "applications"));
        Assert.Empty(WordingChecks.Problems(Story("Hardware", "category"), "# t\n\nOf the 720 incidents with category Hardware.\n", "incidents"));
        Assert.Empty(WordingChecks.Problems(Story("Of the 720 rows", "category"), "# t\n\nOf the 720 rows.\n", "rows"));
    }
}

/// <summary>Names of groups, counts, codes, units and slopes as a reporter writes them (issue 22, item 6).</summary>
public class ReporterNamesTests
{
    [Theory]
    [InlineData("Country Name", 202, "202 countries")]
    [InlineData("symbol", 5, "5 symbols")]
    [InlineData("firm", 11, "11 firms")]
    [InlineData("entity", 3, "3 entities")]
    [InlineData("age", 19, "19 age groups")]
    [InlineData("series", 14, "14 series")]
    [InlineData("product_category", 4, "4 product categories")]
    [InlineData("state", 1, "1 state")]
    public void Members_GroupingColumn_CountsItsGroupsByNoun(string column, int count, string expected) => Assert.Equal(expected, Words.Members(column, count));

    [Theory]
    [InlineData("n_failures", "number of failures")]
    [InlineData("foodexp", "food expenditure")]
    [InlineData("TOTEMP", "total employment")]
    [InlineData("exp", "exp")]
    [InlineData("method2", "method 2")]
    [InlineData("STS.M.I7.W.TOVT.NS0016.4.000", "the series")]
    public void Human_CountPrefixRunOnNumberAndCode_ReadAsWords(string column, string expected) => Assert.Equal(expected, Words.Human(column));

    [Theory]
    [InlineData("STACKLOSS", "AIRFLOW", "AIRFLOW")]
    [InlineData("weight", "height", "height")]
    [InlineData("murder", "single", "single")]
    [InlineData("wage", "education", "education")]
    [InlineData("Miles_per_Gallon", "Weight_in_lbs", "Weight_in_lbs")]
    [InlineData("Horsepower", "Miles_per_Gallon", "Horsepower")]
    [InlineData("invest", "capital", "capital")]
    [InlineData("value", "investment", "value")]
    public void DriverByName_OutcomeAndDriver_DriverFirst(string a, string b, string driver) => Assert.Equal(driver, ColumnWords.DriverByName(a, b)?.Driver);

    [Theory]
    [InlineData("payments_to_income_pct", "40", "40%")]
    [InlineData("price_usd", "1,200", "$1,200")]
    [InlineData("amount", "2,000", "2,000")]
    [InlineData("CO2 (ppm)", "369", "369 ppm")]
    [InlineData("temperature (°C)", "3.1", "3.1 °C")]
    [InlineData("height_in", "69.3", "69.3 inches")]
    public void AmountByName_UnitInTheName_GoesWithTheNumber(string column, string number, string expected) => Assert.Equal(expected, ColumnWords.AmountByName(column, number));

    private static StoryCandidate Story(string title, params string[] columns) =>
        new(title, "A summary.", ["bar"], new StoryEvidence("test", null, null, null, 10, columns));

    [Theory]
    [InlineData("Series \"STS.M.I7.W.TOVT.NS0016.4.000\" peaks every September", "STS.M.I7.W.TOVT.NS0016.4.000")]
    [InlineData("Rows with age up to 20: arrest rate 41% (52 of 127), against 20% for age over 20", "arrest", "age")]
    [InlineData("Average count per ten thousand population (across 51 state values) stepped down around 1966", "year", "count")]
    [InlineData("AAPL grew fastest of the 5 symbol values: price up 7-fold", "date", "price", "symbol")]
    [InlineData("Processing hours are about 3.32x longer for expense claims with amount over 2,000", "amount", "processing_hours")]
    [InlineData("Department A for 31% of Male, against 5.9% for the others", "dept", "gender")]
    [InlineData("Applications with African American: denied 5% of the time", "denied", "african_american")]
    [InlineData("Higher n failures goes with lower temperature", "temperature", "n_failures")]
    [InlineData("Most common method2: hang for men (44%)", "sex", "method2")]
    [InlineData("Higher stack loss goes with higher airflow", "STACKLOSS", "AIRFLOW")]
    [InlineData("Duration is 4.03 times as low where output is highest", "duration", "iprod")]
    public void Problems_ReporterWouldNotWrite_Found(string title, params string[] columns) => Assert.NotEmpty(WordingChecks.Problems(Story(title, columns), null, "rows"));

    [Fact]
    public void Problems_TwoGroupsCountedAsReported_Found()
    {
        var story = Story("Applications with honors: callback rate 16% (42 of 257), against 7.6% without", "callback", "honors");
        Assert.NotEmpty(WordingChecks.Problems(story, "# t\n\nOver all 2 reported honors, 8% of applications have a callback.\n", "applications"));
        Assert.Empty(WordingChecks.Problems(story, "# t\n\nOver all applications, 8% have a callback.\n", "applications"));
    }

    [Theory]
    [InlineData("The series peaks every September and dips every August", "STS.M.I7.W.TOVT.NS0016.4.000")]
    [InlineData("Age up to 20: arrest rate 41% (52 of 127), against 20% for age over 20", "arrest", "age")]
    [InlineData("Sun activity reached its highest level in 1957: 9 of the 10 highest values came from 1947 on", "YEAR", "SUNACTIVITY")]
    [InlineData("AAPL grew fastest of the 5 symbols: price up 7-fold", "date", "price", "symbol")]
    [InlineData("Higher airflow goes with higher stack loss", "STACKLOSS", "AIRFLOW")]
    [InlineData("Department A for 31% of men, against 5.9% for the others", "dept", "gender")]
    [InlineData("African American applications: denied 5% of the time", "denied", "african_american")]
    public void Problems_ReporterWording_NoneFound(string title, params string[] columns) => Assert.Empty(WordingChecks.Problems(Story(title, columns), null, "rows"));
}

/// <summary>A size beside another without "than": never "N times as low".</summary>
public class ScaleWordsTests
{
    [Theory]
    [InlineData(4.8, "nearly five times as high")]
    [InlineData(1 / 4.03, "about a quarter as high")]
    [InlineData(1.33, "about a third higher")]
    [InlineData(0.8, "about a fifth lower")]
    [InlineData(1.0, "about as high")]
    [InlineData(0.05, "less than a tenth as high")]
    public void Scale_Ratio_ReadsWithoutThan(double ratio, string expected) => Assert.Equal(expected, EffectWords.Scale(ratio));
}

/// <summary>What a row is called, from an id the name says (issue 21, item 8).</summary>
public class TableNounNameTests
{
    [Fact]
    public void Of_AssetTagsAndNumericTweetIds_NameTheRows()
    {
        var tags = Enumerable.Range(0, 60).Select(i => "P" + (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var cost = AnalystTestHelpers.Noise(60, 4).Select(v => Math.Round(900 + 100 * v, 2)).ToList();
        Assert.Equal("assets", Core.Analyst.Data.TableNoun.Of(AnalystTestHelpers.Table(AnalystTestHelpers.CsvText(("asset_tag", AnalystTestHelpers.Box(tags)), ("cost", AnalystTestHelpers.Box(cost))))));
        var ids = Enumerable.Range(0, 60).Select(i => (612063082186174464L + 7919L * i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal("tweets", Core.Analyst.Data.TableNoun.Of(AnalystTestHelpers.Table(AnalystTestHelpers.CsvText(("tweet_id", AnalystTestHelpers.Box(ids)), ("favorites", AnalystTestHelpers.Box(cost))))));
        // A measure that happens to be all distinct is no id.
        Assert.Equal("rows", Core.Analyst.Data.TableNoun.Of(AnalystTestHelpers.Table(AnalystTestHelpers.CsvText(("amount", AnalystTestHelpers.Box(cost)), ("favorites", AnalystTestHelpers.Box(cost))))));
    }
}

/// <summary>A value with the unit its column's name carries.</summary>
public class AmountWordsTests
{
    [Theory]
    [InlineData("days_to_pay", "34.3 days")]
    [InlineData("weight_lb", "34.3 lb")]
    [InlineData("price_usd", "$34.3")]
    [InlineData("rate_pct", "34.3%")]
    [InlineData("karn", "34.3")]
    [InlineData("working_hours", "34.3")]
    public void Amount_ColumnName_CarriesItsUnit(string column, string expected)
    {
        var table = AnalystTestHelpers.Table(AnalystTestHelpers.CsvText((column, AnalystTestHelpers.Box(AnalystTestHelpers.Noise(30, 2))), ("other", AnalystTestHelpers.Box(AnalystTestHelpers.Noise(30, 3)))));
        Assert.Equal(expected, ColumnWords.Amount(table, column, "34.3"));
    }
}

public class EventWordsTests
{
    [Theory]
    [InlineData("n failures", "at least one failure")]
    [InlineData("number of claims", "at least one claim")]
    [InlineData("count of injuries", "at least one injury")]
    [InlineData("incidents", "incidents above zero")]
    [InlineData("nominations", "nominations above zero")]
    public void Event_CountColumn_ReadsAsAtLeastOneOrAboveZero(string count, string expected) =>
        Assert.Equal(expected, CorrelationStory.Event(count));

    [Fact]
    public void Of_RelationTheOutcomeFallsAlong_SaysTheFractionNeverTimesAsLow()
    {
        // Output that falls where the driver is highest: the facet says "about a quarter as high", never "4 times as low".
        var noise = AnalystTestHelpers.Noise(200, 7, 1);
        var x = Enumerable.Range(0, 200).Select(i => (double)(i % 100)).ToArray();
        var y = x.Select((v, i) => Math.Round(400.0 / (1 + v / 12) * (1 + 0.05 * noise[i]), 1)).ToArray();
        var table = StoryDiscovery.Prepare(AnalystTestHelpers.Table(AnalystTestHelpers.CsvText(("driver", AnalystTestHelpers.Box(x)), ("output", AnalystTestHelpers.Box(y)))));
        var lead = StoryDiscovery.DetectAll(table, [StoryKinds.Of<CorrelationStory>()]).FirstOrDefault(i => i.Columns.Contains("output") && i.Columns.Contains("driver"));
        Assert.NotNull(lead);
        var facets = FacetStory.Of(table, [lead!]).Select(f => f.Title).ToList();
        Assert.Contains(facets, t => t.StartsWith("Output is about a quarter as high where driver is highest", StringComparison.Ordinal) || t.StartsWith("Output is nearly a quarter as high where driver is highest", StringComparison.Ordinal) || t.StartsWith("Output is just over a quarter as high where driver is highest", StringComparison.Ordinal));
        Assert.DoesNotContain(facets, t => t.Contains("times as low", StringComparison.Ordinal));
    }
}
