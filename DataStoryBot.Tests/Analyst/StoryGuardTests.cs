using System.Globalization;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Csv;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The guards and story kinds of issue 11, each on data built to show (or not show) one thing.</summary>
public class StoryGuardTests
{
    private static readonly DateTime Start = new(2000, 1, 1);

    private static List<DateTime> Months(int n) => Enumerable.Range(0, n).Select(i => Start.AddMonths(i)).ToList();

    private static List<Insight> Detect(string csv) => StoryDiscovery.DetectAll(StoryDiscovery.Prepare(Table(csv)));

    private static ColumnProfile Column(string csv, string name) => ProfileOf(csv).Columns.Single(c => c.Name == name);

    [Fact]
    public void Roles_TimeNamedEvenlySpacedNumbers_AreTime()
    {
        var years = CsvText(("time", Box(Enumerable.Range(1871, 100).Select(y => (double)y))), ("flow", Box(Noise(100, 1).Select(v => 1000 + 100 * v))));
        Assert.Equal(ColumnRole.Time, Column(years, "time").Role);
        Assert.Equal(TimeFormat.Year, Column(years, "time").TimeFormat);
        var decimalYears = CsvText(("time", Box(Enumerable.Range(0, 144).Select(i => Math.Round(1949 + i / 12.0, 3)))), ("passengers", Box(Enumerable.Range(0, 144).Select(i => 100.0 + i))));
        Assert.Equal(TimeFormat.DecimalYear, Column(decimalYears, "time").TimeFormat);
        var yyyymmdd = CsvText(("date", Box(Enumerable.Range(0, 30).Select(i => (double)(19580301 + i)))), ("co2", Box(Enumerable.Range(0, 30).Select(i => 315.0 + i / 10.0))));
        Assert.Equal(TimeFormat.Yyyymmdd, Column(yyyymmdd, "date").TimeFormat);
    }

    [Fact]
    public void Roles_SmallWholeNumberCodesAndDesignFactors_AreCategories_AmountsAreMeasures()
    {
        var rows = 60;
        var csv = CsvText(
            ("cyl", Box(Enumerable.Range(0, rows).Select(i => (double)new[] { 4, 6, 8 }[i % 3]))),
            ("dose", Box(Enumerable.Range(0, rows).Select(i => new[] { 0.5, 1, 2 }[i % 3]))),
            ("revenue", Box(Enumerable.Range(0, rows).Select(i => (double)new[] { 100, 250, 900 }[i % 3]))),
            ("len", Box(Noise(rows, 3).Select(v => Math.Round(20 + 5 * v, 2)))));
        Assert.Equal(ColumnRole.Category, Column(csv, "cyl").Role);
        Assert.Equal(ColumnRole.Category, Column(csv, "dose").Role);
        Assert.Equal(ColumnRole.Measure, Column(csv, "revenue").Role);
        Assert.Equal(ColumnRole.Measure, Column(csv, "len").Role);
    }

    [Fact]
    public void Discover_TimeColumnNamedTime_NeverDescribedOrCorrelatedAsAMeasure()
    {
        var noise = Noise(100, 4);
        var csv = CsvText(("time", Box(Enumerable.Range(1871, 100).Select(y => (double)y))), ("volume", Box(noise.Select((v, i) => (i < 28 ? 1100 : 850) + 120 * v))));
        var picked = StoryDiscovery.Discover(Table(csv), null);
        Assert.Equal(3, picked.Count);
        Assert.DoesNotContain(picked, p => p.Title.Contains("typical time", StringComparison.OrdinalIgnoreCase) || p.Title.Contains("higher time", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(picked, p => p.Kind is ChangePointStory && p.Columns.SequenceEqual(["time", "volume"]));
    }

    [Fact]
    public void Seasonality_SteadyMonthlyGrowth_IsNotACycle_RealCycleIs()
    {
        var growth = CsvText(("month", Box(Months(120))), ("population", Box(Enumerable.Range(0, 120).Select(i => 1000.0 + 5 * i))));
        Assert.DoesNotContain(new SeasonalityStory().Detect(Table(growth)), i => i.Kind is SeasonalityStory);
        var noise = Noise(120, 5, 0.5);
        var cycle = CsvText(("month", Box(Months(120))), ("temp", Box(Months(120).Select((m, i) => 15 + 10 * Math.Sin((m.Month - 4) * Math.PI / 6) + 0.05 * i + noise[i]))));
        var found = Assert.Single(new SeasonalityStory().Detect(Table(cycle)));
        Assert.Contains("peaks every July", found.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Correlation_TwoTrendingSeries_NotReportedFromTheirLevels()
    {
        var a = Noise(120, 6);
        var b = Noise(120, 7);
        // Two independent random walks on top of growth: their levels correlate, their changes do not.
        double x = 100, y = 50;
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < 120; i++) { x += 1 + a[i]; y += 0.5 + b[i]; xs.Add(Math.Round(x, 3)); ys.Add(Math.Round(y, 3)); }
        var csv = CsvText(("month", Box(Months(120))), ("nonfarm", Box(xs)), ("transport", Box(ys)));
        Assert.DoesNotContain(new CorrelationStory().Detect(Table(csv)), i => i.Kind is CorrelationStory);
        var levels = Core.Analyst.Stats.StatTests.Pearson(xs.ToArray(), ys.ToArray());
        Assert.True(levels.R > 0.9, "the levels do correlate: the guard is what keeps it out");
    }

    [Fact]
    public void Discover_NearDuplicateAndDerivedColumns_AreNotRelationships()
    {
        var n = 200;
        var a = Noise(n, 8).Select(v => Math.Round(50 + 10 * v, 2)).ToList();
        var b = Noise(n, 9).Select(v => Math.Round(20 + 5 * v, 2)).ToList();
        var csv = CsvText(("goods", Box(a)), ("services", Box(b)), ("total", Box(a.Select((v, i) => Math.Round(v + b[i], 2)))),
            ("goods_in_thousands", Box(a.Select(v => v / 1000))));
        var correlations = Detect(csv).Where(i => i.Kind is CorrelationStory).ToList();
        Assert.DoesNotContain(correlations, c => c.Columns.Contains("total"));
        Assert.DoesNotContain(correlations, c => c.Columns.Contains("goods_in_thousands"));
    }

    [Fact]
    public void Concentration_BalancedDesign_NotAStory_RealMajorityIs()
    {
        var balanced = CsvText(("wool", Box(Enumerable.Range(0, 54).Select(i => i % 2 == 0 ? "A" : "B"))), ("breaks", Box(Noise(54, 10).Select(v => 30 + 5 * v))));
        Assert.Empty(new ConcentrationStory().Detect(Table(balanced)));
        var majority = CsvText(("origin", Box(Enumerable.Range(0, 300).Select(i => i % 10 < 7 ? "USA" : i % 10 < 9 ? "Japan" : "Europe"))));
        Assert.Contains(new ConcentrationStory().Detect(Table(majority)), i => i.Title.StartsWith("USA accounts for 70%", StringComparison.Ordinal));
    }

    [Fact]
    public void Segment_SmallDesignedExperiment_ToldWithAPermutationTest()
    {
        var noise = Noise(30, 11);
        var csv = CsvText(("group", Box(Enumerable.Range(0, 30).Select(i => new[] { "ctrl", "trt1", "trt2" }[i / 10]))),
            ("weight", Box(noise.Select((v, i) => Math.Round(new[] { 5.0, 4.6, 5.6 }[i / 10] + 0.3 * v, 2)))));
        var story = Assert.Single(new SegmentStory().Detect(Table(csv)));
        var detail = Assert.IsType<SegmentDetail>(story.Detail);
        Assert.NotNull(detail.ExactP);
        Assert.True(detail.ExactP < 0.01);
        Assert.Contains("permutation", story.Test, StringComparison.Ordinal);
    }

    [Fact]
    public void Drawdown_TwoCrashesInAPriceSeries_LargestToldWithTheOther()
    {
        var prices = new List<double>();
        double p = 1400;
        for (var i = 0; i < 124; i++)
        {
            p *= i switch { < 8 => 1.01, < 33 => 0.975, < 94 => 1.012, < 110 => 0.955, _ => 1.02 };
            prices.Add(Math.Round(p, 2));
        }
        var csv = CsvText(("date", Box(Months(124))), ("price", Box(prices)));
        var story = Assert.Single(new DrawdownStory().Detect(Table(csv)));
        var detail = Assert.IsType<DrawdownDetail>(story.Detail);
        Assert.InRange(detail.Largest.Depth, 0.5, 0.6);
        Assert.NotNull(detail.Second);
        Assert.Contains("fell", story.Title, StringComparison.Ordinal);
        Assert.Contains("after a", story.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Drawdown_FallThatBreaksASteadyRise_WeighsMoreThanTheSameFallInAWanderingSeries()
    {
        // Sixty years of 3% growth with a 30% fall in years 45-50 (a recession in a growing aggregate), against a
        // series that swings around one level and has the same fall in the same years.
        var noise = Noise(60, 21, 0.01);
        double grow = 100, wander = 100;
        var (rising, level) = (new List<double>(), new List<double>());
        for (var i = 0; i < 60; i++)
        {
            var factor = i is > 44 and <= 50 ? 0.942 : 1;
            grow *= (i is > 44 and <= 50 ? factor : 1.03) * (1 + noise[i]);
            wander = 100 * (1 + 0.15 * Math.Sin(2 * Math.PI * i / 15)) * (i > 44 ? Math.Pow(0.942, Math.Min(i, 50) - 44) : 1) * (1 + noise[i]);
            rising.Add(Math.Round(grow, 2));
            level.Add(Math.Round(wander, 2));
        }
        var years = Box(Enumerable.Range(1950, 60).Select(y => (double)y));
        var broke = Assert.Single(new DrawdownStory().Detect(Table(CsvText(("year", years), ("investment", Box(rising))))));
        var other = Assert.Single(new DrawdownStory().Detect(Table(CsvText(("year", years), ("investment", Box(level))))));
        var (b, o) = (Assert.IsType<DrawdownDetail>(broke.Detail), Assert.IsType<DrawdownDetail>(other.Detail));
        Assert.InRange(b.Largest.Depth, 0.25, 0.35);
        Assert.InRange(o.Largest.Depth, 0.25, 0.55);
        Assert.NotNull(b.RiseTau);
        Assert.Null(o.RiseTau);
        Assert.Contains("broke a long rise", broke.Summary, StringComparison.Ordinal);
        Assert.True(broke.Impact >= DrawdownStory.BrokenRiseWeight * b.Largest.Depth - 1e-9 || broke.Impact == 1, $"impact {broke.Impact}");
        Assert.True(broke.Impact > 1.5 * b.Largest.Depth + 0.1, $"impact {broke.Impact} for a {b.Largest.Depth:P0} fall");
    }

    [Fact]
    public void Trend_AbbreviatedDeflator_DiscountedLikeAnyPriceIndex()
    {
        // The same rising series named as a price index only in words ("GNPDEFL" reads "GNP deflator") and as output.
        var years = Box(Enumerable.Range(1947, 16).Select(y => (double)y));
        var values = Box(Enumerable.Range(0, 16).Select(i => Math.Round(84 * Math.Exp(0.022 * i), 1)));
        var deflator = Assert.Single(new TrendStory().Detect(Table(CsvText(("YEAR", years), ("GNPDEFL", values)))));
        var output = Assert.Single(new TrendStory().Detect(Table(CsvText(("YEAR", years), ("OUTPUT", values)))));
        Assert.Contains("deflator", deflator.Title, StringComparison.Ordinal);
        Assert.Equal(output.Impact * TrendStory.InflationDiscount, deflator.Impact, 9);
    }

    [Fact]
    public void Drawdown_NoisyLevelSeries_NoFallClaimed()
    {
        var csv = CsvText(("year", Box(Enumerable.Range(1871, 100).Select(y => (double)y))), ("volume", Box(Noise(100, 12).Select(v => Math.Round(900 + 170 * v)))));
        Assert.Empty(new DrawdownStory().Detect(Table(csv)));
    }

    [Fact]
    public void Cycle_ElevenYearCycle_Found_NoiseIsNot()
    {
        var noise = Noise(200, 13, 8);
        var csv = CsvText(("year", Box(Enumerable.Range(1800, 200).Select(y => (double)y))), ("spots", Box(Enumerable.Range(0, 200).Select(i => Math.Round(60 + 50 * Math.Sin(2 * Math.PI * i / 11) + noise[i], 1)))));
        var story = Assert.Single(new CycleStory().Detect(Table(csv)));
        Assert.InRange(((CycleDetail)story.Detail).Period, 10, 12);
        var flat = CsvText(("year", Box(Enumerable.Range(1800, 200).Select(y => (double)y))), ("spots", Box(Noise(200, 14).Select(v => 60 + 10 * v))));
        Assert.Empty(new CycleStory().Detect(Table(flat)));
    }

    [Fact]
    public void Record_RecentHighs_FoundWithAHypergeometricTest()
    {
        var noise = Noise(140, 15, 0.1);
        var csv = CsvText(("year", Box(Enumerable.Range(1880, 140).Select(y => (double)y))), ("temp", Box(Enumerable.Range(0, 140).Select(i => Math.Round(-0.3 + 0.0001 * i * i + noise[i], 3)))));
        var story = Assert.Single(new RecordStory().Detect(Table(csv)));
        var detail = Assert.IsType<RecordDetail>(story.Detail);
        Assert.True(detail.High);
        Assert.True(detail.InWindow >= 8);
        Assert.True(story.PValue < 0.001);
    }

    [Fact]
    public void LongFormat_TwoCitiesSameDates_ComparedNotAveraged()
    {
        var dates = Enumerable.Range(0, 4 * 365).Select(i => new DateTime(2012, 1, 1).AddDays(i)).ToList();
        var seattle = Noise(dates.Count, 16, 2);
        var york = Noise(dates.Count, 17, 2);
        var rows = new List<(string City, DateTime Date, double Temp)>();
        for (var i = 0; i < dates.Count; i++)
        {
            var season = Math.Sin((dates[i].DayOfYear - 100) * 2 * Math.PI / 365);
            rows.Add(("Seattle", dates[i], Math.Round(15 + 6 * season + seattle[i], 1)));
            rows.Add(("New York", dates[i], Math.Round(15 + 13 * season + york[i], 1)));
        }
        var csv = CsvText(("location", Box(rows.Select(r => r.City))), ("date", Box(rows.Select(r => r.Date))), ("temp_max", Box(rows.Select(r => r.Temp))));
        var table = Table(csv);
        Assert.True(table.Time.IsPanel);
        var insights = Detect(csv);
        Assert.DoesNotContain(insights, i => i.Kind is SeasonalityStory && !i.Columns.Contains("location"));
        var swing = Assert.Single(insights, i => i.Kind is GroupSeriesStory && ((GroupSeriesDetail)i.Detail).Kind == "seasonal-swing");
        Assert.StartsWith("Maximum temperature swings more through the year in New York than in Seattle", swing.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void LongFormat_OneGroupOvertakesAnother_ToldAsAGapStory()
    {
        var years = Enumerable.Range(2001, 17).ToList();
        var noise = Noise(17 * 3, 22, 50);
        var rows = new List<(string Source, int Year, double Value)>();
        for (var i = 0; i < years.Count; i++)
        {
            rows.Add(("Renewables", years[i], Math.Round(200 + 150 * i + noise[3 * i])));
            rows.Add(("Nuclear", years[i], Math.Round(1500 + noise[3 * i + 1])));
            rows.Add(("Fossil", years[i], Math.Round(9000 - 100 * i + noise[3 * i + 2])));
        }
        var csv = CsvText(("year", Box(rows.Select(r => (double)r.Year))), ("source", Box(rows.Select(r => r.Source))), ("generation", Box(rows.Select(r => r.Value))));
        var gaps = Detect(csv).Where(i => i.Kind is GroupSeriesStory && ((GroupSeriesDetail)i.Detail).Kind == "gap").ToList();
        var overtook = Assert.Single(gaps);
        Assert.StartsWith("Renewables overtook Nuclear in generation around", overtook.Title, StringComparison.Ordinal);
        Assert.NotNull(((GroupSeriesDetail)overtook.Detail).Gap!.CrossedAt);
    }

    [Fact]
    public void LongFormat_TotalRow_LeftOutOfGroupsAndSums()
    {
        var years = Enumerable.Range(1900, 30).ToList();
        var rows = new List<(string Entity, int Year, double Deaths)>();
        var flood = Noise(30, 18).Select(v => Math.Round(1000 + 100 * v)).ToList();
        var drought = Noise(30, 19).Select(v => Math.Round(3000 + 300 * v)).ToList();
        var quake = Noise(30, 20).Select(v => Math.Round(500 + 50 * v)).ToList();
        for (var i = 0; i < 30; i++)
        {
            rows.Add(("Flood", years[i], flood[i]));
            rows.Add(("Drought", years[i], drought[i]));
            rows.Add(("Earthquake", years[i], quake[i]));
            rows.Add(("All disasters", years[i], flood[i] + drought[i] + quake[i]));
        }
        var csv = CsvText(("Entity", Box(rows.Select(r => r.Entity))), ("Year", Box(rows.Select(r => (double)r.Year))), ("Deaths", Box(rows.Select(r => r.Deaths))));
        var prepared = StoryDiscovery.Prepare(Table(csv));
        Assert.Equal(90, prepared.RowCount);
        Assert.DoesNotContain("All disasters", ((CategoryColumn)prepared.Find("Entity")!).Codes.Select(c => ((CategoryColumn)prepared.Find("Entity")!).Labels[c]));
    }

    [Fact]
    public void WideFormat_ColumnPerYear_ReadAsOneSeriesPerRow()
    {
        var header = "country," + string.Join(',', Enumerable.Range(1960, 20));
        var lines = Enumerable.Range(0, 12).Select(c => $"C{c}," + string.Join(',', Enumerable.Range(0, 20).Select(i => (6 - 0.15 * i + 0.05 * c).ToString("0.00", CultureInfo.InvariantCulture))));
        var csv = header + "\n" + string.Join('\n', lines) + "\n";
        var picked = StoryDiscovery.Discover(Table(csv), null);
        Assert.DoesNotContain(picked, p => p.Columns.Any(c => c.StartsWith("19", StringComparison.Ordinal)));
        Assert.Contains(picked, p => p.Kind is TrendStory && p.Columns.Contains("year") && p.Title.Contains("fell", StringComparison.Ordinal));
    }

    [Fact]
    public void RoleOverride_TreatDoseAsAGroup_ChangesTheRoleForThatAnalysis()
    {
        var csv = CsvText(("dose", Box(Enumerable.Range(0, 60).Select(i => (double)new[] { 10, 20, 40, 80, 160, 320, 640 }[i % 7]))),
            ("len", Box(Noise(60, 21).Select(v => 20 + 3 * v))));
        var profile = ProfileOf(csv);
        Assert.Equal(ColumnRole.Measure, profile.Columns.Single(c => c.Name == "dose").Role);
        var overrides = RoleOverrides.Parse("Treat dose as a group, please", profile);
        Assert.Equal(ColumnRole.Category, overrides["dose"]);
        var applied = RoleOverrides.Apply(profile, overrides);
        Assert.Equal(ColumnRole.Category, applied.Columns.Single(c => c.Name == "dose").Role);
        Assert.Empty(RoleOverrides.Parse("treat len as a date", ProfileOf(CsvText(("len", Box(["a", "b", "c"]))))));
    }

    [Fact]
    public void Breakdown_WholeNumberSpeed_IsAveraged_CountsAreAdded()
    {
        var groups = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "None" : "Minor").ToList();
        var csv = CsvText(("damage", Box(groups)), ("Speed IAS in knots", Box(Enumerable.Range(0, 40).Select(i => (double)(100 + i)))),
            ("strikes", Box(Enumerable.Range(0, 40).Select(i => (double)(i * 3 + 1)))));
        var table = Table(csv);
        var damage = (CategoryColumn)table.Find("damage")!;
        Assert.Equal("mean", CategoryBreakdowns.Build(damage, (NumericColumn)table.Find("Speed IAS in knots")!)!.Aggregation);
        Assert.Equal("sum", CategoryBreakdowns.Build(damage, (NumericColumn)table.Find("strikes")!)!.Aggregation);
    }

    [Theory]
    [InlineData("net_generation", "net generation")]
    [InlineData("Miles_per_Gallon", "miles per gallon")]
    [InlineData("SUNACTIVITY", "sun activity")]
    [InlineData("GDP", "GDP")]
    [InlineData("co2", "CO2")]
    [InlineData("lifeExpectancy", "life expectancy")]
    [InlineData("STS.M.I7.W.TOVT.NS0016.4.000", "the series")]
    public void Words_Human_ColumnNamesReadAsWords(string column, string expected) => Assert.Equal(expected, Words.Human(column));

    [Theory]
    [InlineData("deaths", true)]
    [InlineData("miles per gallon", true)]
    [InlineData("gas", false)]
    [InlineData("price", false)]
    [InlineData("people", true)]
    [InlineData("total count (all 14 series values)", false)]
    public void Words_IsPlural_AgreesWithTheHeadNoun(string subject, bool plural) => Assert.Equal(plural, Words.IsPlural(subject));

    [Theory]
    [InlineData(0.0078571, "0.0079")]
    [InlineData(0.00000123, "0.0000012")]
    [InlineData(1234567, "1,234,567")]
    public void Fmt_Num_NeverExponentNotation(double value, string expected) => Assert.Equal(expected, Fmt.Num(value));

    [Fact]
    public void Fmt_Rate_TinyYearlySlopesPerDecadeOrCentury()
    {
        Assert.Equal((0.078571, "decade"), (Math.Round(Fmt.Rate(0.0078571).Value, 6), Fmt.Rate(0.0078571).Unit));
        Assert.Equal("century", Fmt.Rate(0.0004).Unit);
        Assert.Equal("year", Fmt.Rate(2.5).Unit);
    }

    [Fact]
    public void Discover_DailyHighAndLowThatPeakTogether_TellsTheCycleOnce()
    {
        // A day's high and low temperature: the same yearly cycle twice is one story, not two of the three.
        var days = Enumerable.Range(0, 4 * 365).Select(i => Start.AddDays(i)).ToList();
        var noise = Noise(days.Count, 21);
        var high = days.Select((d, i) => 16 + 10 * Math.Sin(2 * Math.PI * (d.DayOfYear - 110) / 365.25) + 2 * noise[i]).ToList();
        var lowNoise = Noise(days.Count, 22);
        var low = high.Select((h, i) => 0.7 * h - 5 + 2.5 * lowNoise[i]).ToList();
        var rain = Noise(days.Count, 23).Select(v => Math.Max(0, 3 + 4 * v)).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("date", Box(days)), ("temp_max", Box(high)), ("temp_min", Box(low)), ("precipitation", Box(rain)))));
        var all = StoryDiscovery.DetectAll(table);
        Assert.Contains(all, i => i.Kind is SeasonalityStory && i.Columns.Contains("temp_max"));
        Assert.Contains(all, i => i.Kind is SeasonalityStory && i.Columns.Contains("temp_min"));

        var picked = StoryDiscovery.Discover(table, null);

        Assert.Single(picked, i => i.Kind is SeasonalityStory);
        // Without knowing they are twins, the ranking would tell the cycle twice (the rule is what keeps it once).
        Assert.Equal(2, InsightRanker.PickDiverse(all, null).Count(i => i.Kind is SeasonalityStory));
    }

    [Fact]
    public void Discover_YearlySeriesExtremes_NameTheYearWithoutAThousandsSeparator()
    {
        var years = Enumerable.Range(1871, 100).Select(y => (double)y).ToList();
        var flow = Noise(100, 31).Select(v => 900 + 120 * v).ToList();
        flow[8] = 1370; // 1879
        var table = StoryDiscovery.Prepare(Table(CsvText(("year", Box(years)), ("volume", Box(flow)))));

        var extremes = DescriptiveStory.Build(table).Single(i => i.Title == "The highest and lowest volume values");

        Assert.Contains("1,370 (1879)", extremes.Summary);
        Assert.DoesNotContain("1,879", extremes.Summary);
    }

    [Fact]
    public void Discover_EventsWhoseAttributeSwingsByMonth_TellsNoCycleOfTheAverage_ASeriesDoes()
    {
        // Bird strikes: 0 to 6 events a day; the speed at which they happen is higher in autumn. Averaged per month that
        // is a "cycle" of whichever events fell in the month — not a story. The same swing in a daily series is one.
        var random = new Random(41);
        var dates = new List<DateTime>();
        var speeds = new List<double>();
        for (var d = 0; d < 6 * 365; d++)
        {
            var day = Start.AddDays(d);
            for (var k = random.Next(0, 7); k > 0; k--)
            {
                dates.Add(day);
                speeds.Add(140 + 25 * Math.Sin(2 * Math.PI * (day.DayOfYear - 200) / 365.25) + 30 * (random.NextDouble() - 0.5));
            }
        }
        var events = StoryDiscovery.Prepare(Table(CsvText(("Flight Date", Box(dates)), ("Speed", Box(speeds)))));
        Assert.True(events.Time.IsEvents);
        Assert.Contains(StoryDiscovery.DetectAll(events), i => i.Kind is SeasonalityStory);

        Assert.DoesNotContain(StoryDiscovery.Discover(events, null), i => i.Kind is SeasonalityStory or CycleStory or RecordStory);

        var days = Enumerable.Range(0, 6 * 365).Select(d => Start.AddDays(d)).ToList();
        var daily = StoryDiscovery.Prepare(Table(CsvText(("date", Box(days)),
            ("speed", Box(days.Select(day => 140 + 25 * Math.Sin(2 * Math.PI * (day.DayOfYear - 200) / 365.25) + 30 * (random.NextDouble() - 0.5)))))));
        Assert.False(daily.Time.IsEvents);
        Assert.Contains(StoryDiscovery.Discover(daily, null), i => i.Kind is SeasonalityStory);
    }

    [Fact]
    public void TrendStory_SubsetThatRisesLikeTheWhole_IsNoStory_OneGoingTheOtherWayIs()
    {
        // Driving: a "side" column that only places chart labels splits a rising series into two halves that rise alike.
        var years = Enumerable.Range(1956, 55).Select(y => (double)y).ToList();
        var noise = Noise(55, 51);
        var miles = years.Select((y, i) => 4000 + 90 * (y - 1956) + 60 * noise[i]).ToList();
        var side = years.Select((_, i) => i % 2 == 0 ? "left" : "right").ToList();
        var alike = new TrendStory().Detect(StoryDiscovery.Prepare(Table(CsvText(("year", Box(years)), ("miles", Box(miles)), ("side", Box(side)))))).ToList();
        Assert.Contains(alike, i => i.Columns.Count == 2 && i.Columns[1] == "miles");
        Assert.DoesNotContain(alike, i => i.Columns.Contains("side"));

        // A region whose sales fell while the whole rose is its own story.
        var region = years.Select((_, i) => i % 3 == 0 ? "North" : "South").ToList();
        var sales = years.Select((y, i) => region[i] == "North" ? 9000 - 60 * (y - 1956) + 50 * noise[i] : 3000 + 150 * (y - 1956) + 50 * noise[i]).ToList();
        var against = new TrendStory().Detect(StoryDiscovery.Prepare(Table(CsvText(("year", Box(years)), ("sales", Box(sales)), ("region", Box(region)))))).ToList();
        Assert.Contains(against, i => i.Columns.Contains("region") && i.Title.Contains("North", StringComparison.Ordinal) && i.Title.Contains("fell", StringComparison.Ordinal));
    }

    [Fact]
    public void ConcentrationStory_TotalSplitNearlyEvenly_IsNoStory_AClearMajorityIs()
    {
        // us-population: women are 50.4% of all people — a near-even split of a total, not "most of it".
        string Csv(double share) => CsvText(
            ("sex", Box(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "female" : "male"))),
            ("people", Box(Enumerable.Range(0, 40).Select(i => Math.Round((i % 2 == 0 ? share : 1 - share) * 1_000_000) + i))));

        Assert.DoesNotContain(new ConcentrationStory().Detect(Table(Csv(0.504))), i => i.Columns.Contains("people"));
        var clear = new ConcentrationStory().Detect(Table(Csv(0.7))).ToList();
        Assert.True(clear.Any(i => i.Columns.Contains("people") && i.Title.Contains("70%", StringComparison.Ordinal)), string.Join(" / ", clear.Select(i => i.Title)));
    }
}
