using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The wrong stories the second reader still found (issue 22): a column against its formula or its bound, a code as a
/// number, a layout's counts, a promotion rule, price levels of different things, unweighted rates, a schedule, a sum
/// of years. Each rule on a small table built to show it.
/// </summary>
public class WrongStoryTests
{
    [Theory]
    [InlineData(true, "fell overall from 1928 to 2002")]
    [InlineData(false, "fell steadily from 1928 to 2002")]
    public void Detect_TrendOfASeriesThatCollapsedAfterALevelStretch_IsNotCalledSteady(bool collapse, string expected)
    {
        // Level for 36 years, then a collapse to near zero (measles after the vaccine): it falls one way, but not steadily.
        // The same span falling along a line is steady.
        var noise = Noise(75, 17, 2);
        var years = Enumerable.Range(1928, 75).Select(y => (double)y).ToList();
        var rate = years.Select((y, i) => Math.Round(collapse ? (i < 36 ? 30 + noise[i] : 30 * Math.Exp(-(i - 36) / 5.0)) : 40 - 0.5 * i + noise[i], 4)).ToList();
        var table = Table(CsvText(("year", Box(years)), ("rate", Box(rate))));

        var trend = Assert.Single(StoryDiscovery.DetectAll(table, [StoryKinds.Of<TrendStory>()]), i => i.Detail is TrendDetail);

        Assert.Contains(expected, trend.Title, StringComparison.Ordinal);
    }

    private static AnalysisTable Prepared(string csv) => StoryDiscovery.Prepare(Table(csv));

    private static bool Unrelated(AnalysisTable table, string a, string b) => table.Unrelated.Contains((a, b));

    [Fact]
    public void Prepare_RealRateWithOddFirstRow_IsTheFormulaOfRateMinusInflation()
    {
        // realint = tbilrate − infl on every row but the first (the series' first quarter has no inflation yet).
        const int n = 60;
        var noise = Noise(n, 3);
        var rate = Enumerable.Range(0, n).Select(i => Math.Round(5 + 0.05 * i + noise[i], 2)).ToArray();
        var infl = Enumerable.Range(0, n).Select(i => i == 0 ? 0 : Math.Round(3 + 2 * Noise(n, 4)[i], 2)).ToArray();
        var realint = Enumerable.Range(0, n).Select(i => i == 0 ? 0 : Math.Round(rate[i] - infl[i], 2)).ToArray();
        var csv = CsvText(("id", Box(Enumerable.Range(0, n).Select(i => "q" + i))), ("tbilrate", Box(rate)), ("infl", Box(infl)), ("realint", Box(realint)));
        var table = Prepared(csv);
        Assert.True(Unrelated(table, "realint", "infl"));
        Assert.True(Unrelated(table, "realint", "tbilrate"));
    }

    [Fact]
    public void Prepare_AgeAndYearsMarried_IsABound()
    {
        const int n = 200;
        var noise = Noise(n, 7, 4);
        var age = Enumerable.Range(0, n).Select(i => 20.0 + i % 40).ToArray();
        var married = age.Select((a, i) => Math.Clamp(Math.Round(a - 22 + noise[i]), 0, a)).ToArray();
        var children = married.Select((m, i) => Math.Round(Math.Max(0, m / 8 + Noise(n, 8)[i]))).ToArray();
        var table = Prepared(CsvText(("age", Box(age)), ("yrs_married", Box(married)), ("children", Box(children))));
        Assert.True(Unrelated(table, "age", "yrs_married"));
        Assert.False(Unrelated(table, "yrs_married", "children"));
    }

    [Fact]
    public void Read_CensusOccupationCode_IsALabelNotAMeasure()
    {
        const int n = 60;
        var rng = new Random(5);
        var census = Enumerable.Range(0, n).Select(i => 1100.0 + 137 * i).ToArray();
        var type = Enumerable.Range(0, n).Select(i => i < 20 ? "prof" : i < 40 ? "wc" : "bc").ToArray();
        var prestige = Enumerable.Range(0, n).Select(i => 70 - 0.5 * i + rng.NextDouble() * 5).ToArray();
        var table = Prepared(CsvText(("census", Box(census)), ("type", Box(type)), ("prestige", Box(prestige))));
        Assert.DoesNotContain(table.Numeric, c => c.Name == "census");
        Assert.NotNull(table.Find("census"));
        Assert.DoesNotContain(StoryDiscovery.Discover(Table(CsvText(("census", Box(census)), ("type", Box(type)), ("prestige", Box(prestige)))), null),
            i => i.Columns.Contains("census") && i.Kind is SegmentStory or CorrelationStory or DescriptiveStory && i.Detail is not OverviewDetail);
    }

    [Fact]
    public void Descriptive_BalancedLayout_NeverTellsTheMostCommonValues()
    {
        string[] sites = ["Crookston", "Duluth", "Morris", "Waseca", "University Farm", "Grand Rapids"];
        var site = Enumerable.Range(0, 120).Select(i => sites[i % 6]).ToArray();
        var variety = Enumerable.Range(0, 120).Select(i => "v" + (i / 6 % 10)).ToArray();
        var yield_ = Noise(120, 2, 5).Select(v => 35 + v).ToArray();
        var table = Prepared(CsvText(("site", Box(site)), ("variety", Box(variety)), ("yield", Box(yield_))));
        Assert.DoesNotContain(DescriptiveStory.Build(table), i => i.Title.Contains("most common", StringComparison.Ordinal));
        Assert.True(ColumnMeaning.IsBalanced((CategoryColumn)table.Find("site")!));
    }

    [Fact]
    public void Segment_YearsSincePhdByRank_IsThePromotionRuleNotAFinding()
    {
        const int n = 150;
        var noise = Noise(n, 9, 2);
        var rank = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? "AsstProf" : i % 3 == 1 ? "AssocProf" : "Prof").ToArray();
        var years = Enumerable.Range(0, n).Select(i => Math.Round(Math.Max(1, (i % 3) * 8 + 6 + 2.5 * noise[i]))).ToArray();
        var salary = Enumerable.Range(0, n).Select(i => Math.Round(80_000 + (i % 3) * 25_000 + 15_000 * Noise(n, 10)[i])).ToArray();
        var table = Prepared(CsvText(("rank", Box(rank)), ("yrs_since_phd", Box(years)), ("salary", Box(salary))));
        var found = new SegmentStory().Detect(table).ToList();
        Assert.DoesNotContain(found, i => i.Columns.Contains("yrs_since_phd"));
        Assert.Contains(found, i => i.Columns.Contains("salary") && i.Columns.Contains("rank"));
    }

    /// <summary>Four shares in long format: a cheap one that grew tenfold, dear ones that barely moved.</summary>
    private static string Stocks()
    {
        string[] symbols = ["AAA", "BBB", "CCC", "DDD"];
        double[] start = [10, 90, 300, 60];
        double[] growth = [0.02, 0.002, 0.001, 0.003];
        var rows = from m in Enumerable.Range(0, 96) from s in Enumerable.Range(0, 4) select (m, s);
        var list = rows.ToList();
        var noise = Noise(list.Count, 11, 0.01);
        return CsvText(("symbol", Box(list.Select(x => symbols[x.s]))), ("date", Box(list.Select(x => new DateTime(2000, 1, 1).AddMonths(x.m)))),
            ("price", Box(list.Select((x, k) => Math.Round(start[x.s] * Math.Exp(growth[x.s] * x.m + noise[k]), 2)))));
    }

    [Fact]
    public void Discover_SharePricesOfSeveralCompanies_ComparesGrowthNotLevels()
    {
        var table = Prepared(Stocks());
        Assert.True(table.Time.IsPanel);
        Assert.DoesNotContain(new GroupSeriesStory().Detect(table), i => i.Title.Contains("overtook", StringComparison.Ordinal) || i.Title.Contains("gap", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(new OutstandingCategoryStory().Detect(table), i => i.Columns.Contains("price"));
        Assert.DoesNotContain(new SegmentStory().Detect(table), i => i.Columns.Contains("price") && i.Columns.Contains("symbol"));
    }

    /// <summary>Grants by discipline, each measure once per sex and in total, with the success percentage written out.</summary>
    private static string Grants()
    {
        string[] disciplines = ["Chemistry", "Physics", "Humanities", "Medicine", "Biology", "Earth", "Social", "Technical", "Interdisciplinary"];
        double[] appsMen = [83, 67, 230, 245, 156, 126, 425, 189, 105];
        double[] appsWomen = [39, 9, 166, 260, 126, 56, 409, 62, 78];
        double[] awardsMen = [22, 18, 33, 46, 38, 31, 65, 30, 12];
        double[] awardsWomen = [10, 2, 32, 29, 21, 18, 47, 7, 17];
        double[] Sum(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();
        IReadOnlyList<object?> Pct(double[] a, double[] b) => Box(a.Zip(b, (x, y) => Math.Round(100 * x / y, 1)));
        return CsvText(("discipline", Box(disciplines)), ("applications_total", Box(Sum(appsMen, appsWomen))), ("applications_men", Box(appsMen)), ("applications_women", Box(appsWomen)),
            ("awards_total", Box(Sum(awardsMen, awardsWomen))), ("awards_men", Box(awardsMen)), ("awards_women", Box(awardsWomen)),
            ("success_rates_total", Pct(Sum(awardsMen, awardsWomen), Sum(appsMen, appsWomen))), ("success_rates_men", Pct(awardsMen, appsMen)), ("success_rates_women", Pct(awardsWomen, appsWomen)));
    }

    [Fact]
    public void Read_MeasuresGivenOncePerSex_OneRowPerApplicationWithItsSexAndOutcome()
    {
        var table = Prepared(Grants());
        Assert.Equal(RowKind.Aggregate, table.Model.Kind);
        Assert.Equal(2831, table.RowCount);
        var sex = Assert.IsType<CategoryColumn>(table.Find("sex"));
        Assert.Equal(["men", "women"], sex.Labels);
        var awards = Assert.IsType<CategoryColumn>(table.Find("awards"));
        var yes = Array.IndexOf(awards.Labels, "yes");
        var women = Array.IndexOf(sex.Labels, "women");
        // Pooled: 183 of 1,205 women's applications (15.2%) against 295 of 1,626 men's (18.1%); not the median of nine percentages.
        Assert.Equal(183, Enumerable.Range(0, table.RowCount).Count(r => sex.Codes[r] == women && awards.Codes[r] == yes));
        Assert.DoesNotContain(table.Numeric, c => c.Name.StartsWith("success", StringComparison.Ordinal));
    }

    [Fact]
    public void Descriptive_SuccessRatesOfGroupsOfDifferentSizes_AreNotDescribedUnweighted()
    {
        string[] disciplines = ["Chemistry", "Physics", "Humanities", "Medicine", "Biology", "Earth", "Social", "Technical", "Interdisciplinary"];
        double[] appsMen = [83, 67, 230, 245, 156, 126, 425, 189, 105];
        double[] appsWomen = [39, 9, 166, 260, 126, 56, 409, 62, 78];
        double[] awardsMen = [22, 18, 33, 46, 38, 31, 65, 30, 12];
        double[] awardsWomen = [10, 2, 32, 29, 21, 18, 47, 7, 17];
        var csv = CsvText(("discipline", Box(disciplines)), ("applications_men", Box(appsMen)), ("applications_women", Box(appsWomen)),
            ("awards_men", Box(awardsMen)), ("awards_women", Box(awardsWomen)),
            ("success_rates_men", Box(awardsMen.Zip(appsMen, (a, b) => Math.Round(100 * a / b, 1)))),
            ("success_rates_women", Box(awardsWomen.Zip(appsWomen, (a, b) => Math.Round(100 * a / b, 1)))));
        var table = Prepared(csv);
        Assert.NotEmpty(table.Model.ExposureColumns);
        Assert.DoesNotContain(DescriptiveStory.Build(table), i => i.Title.StartsWith("What a typical", StringComparison.Ordinal)
            && (i.Columns[0].Contains("success", StringComparison.Ordinal) || i.Columns[0].Contains(" per ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Read_AgeAtEachVisitOfRepeatedSubjects_IsTheSchedule()
    {
        var rows = from s in Enumerable.Range(0, 30) from v in Enumerable.Range(0, 4) select (s, v);
        var list = rows.ToList();
        var noise = Noise(list.Count, 12, 0.5);
        var csv = CsvText(("subject", Box(list.Select(x => "s" + (100 + x.s)))), ("age", Box(list.Select(x => Math.Round(8.0 + 2 * x.v + 0.17 * (x.s % 7), 2)))),
            ("exercise", Box(list.Select((x, k) => 2 + 0.3 * x.v + noise[k]))), ("group", Box(list.Select(x => x.s < 15 ? "patient" : "control"))));
        var table = Prepared(csv);
        Assert.Contains("age", table.Model.Factors);
        Assert.DoesNotContain("exercise", table.Model.Factors);
        Assert.DoesNotContain(DescriptiveStory.Build(table), i => i.Columns.Count == 1 && i.Columns[0] == "age");
    }

    [Fact]
    public void Concentration_YearsOfExperienceByGroup_AreNeverSummed()
    {
        // Married workers (two in three) are older: they hold three quarters of all years of experience.
        const int n = 300;
        var married = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? "no" : "yes").ToArray();
        var experience = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 2.0 + i % 13 : 8.0 + i % 31).ToArray();
        var wage = Noise(n, 13, 2).Select(v => 9 + v).ToArray();
        var table = Prepared(CsvText(("married", Box(married)), ("experience", Box(experience)), ("wage", Box(wage))));
        Assert.DoesNotContain(new ConcentrationStory().Detect(table), i => i.Columns.Contains("experience"));
        Assert.False(ColumnMeaning.IsSummable("experience"));
        Assert.True(ColumnMeaning.IsSummable("wage"));
    }

    private static (double Before, double After) Means(double[] y, int lastBefore) =>
        (y.Take(lastBefore + 1).Average(), y.Skip(lastBefore + 1).Average());

    [Fact]
    public void Step_GrowthThatCollapsesLater_IsNotAStep()
    {
        // Monthly orders with a yearly cycle: growth for six years, a plateau, a collapse in year 15 and a partial
        // recovery (yearly levels below). The "step" after year 5 never held a level.
        double[] years = [73.7, 76.2, 82.6, 87.2, 95.7, 112.6, 112.1, 104.9, 101.3, 104.8, 107.9, 117.2, 121.6, 120.4, 91.7, 100.0, 104.8, 100.3, 97.5, 98.1, 102.1];
        double[] season = [-2, -3, 8, -4, -3, 6, -1, -14, 12, 3, 5, 4];
        var noise = Noise(years.Length * 12, 23, 2);
        var y = Enumerable.Range(0, years.Length * 12).Select(i => years[i / 12] + season[i % 12] + noise[i]).ToArray();
        var (before, after) = Means(y, 55);
        Assert.NotNull(ClaimChecks.Step(y, 55, before, after));
    }

    [Fact]
    public void Step_RiseDipAndRiseAgain_IsAPathNotAStep()
    {
        // A smooth path (monthly jobs): up for two years, down for two, up for four, down in the last year.
        var y = Enumerable.Range(0, 120).Select(i => i < 30 ? 650 + 4 * i : i < 50 ? 770 - 5 * (i - 30) : i < 108 ? 670 + 3.9 * (i - 50) : 896 - 7 * (i - 108)).ToArray();
        var (before, after) = Means(y, 64);
        Assert.NotNull(ClaimChecks.Wanders(y, 64, before, after));
    }

    [Fact]
    public void Step_NoisyLevelsEachHeld_IsKept()
    {
        // A river's yearly flow: noisy around 1,100 for 28 years, then around 850.
        var noise = Noise(100, 22, 120);
        var y = Enumerable.Range(0, 100).Select(i => (i < 28 ? 1100 : 850) + noise[i]).ToArray();
        var (before, after) = Means(y, 27);
        Assert.Null(ClaimChecks.Step(y, 27, before, after));
    }

    [Fact]
    public void LeastSquares_LineWithGapsAndFlatX_FitsTheFinitePairs()
    {
        var fit = Core.Analyst.Stats.LeastSquares.Fit([0, 1, double.NaN, 3, 4], [1, 3, 100, 7, double.NaN]);
        Assert.Equal(3, fit.N);
        Assert.Equal(2, fit.Slope, 9);
        Assert.Equal(1, fit.Intercept, 9);
        Assert.True(double.IsNaN(Core.Analyst.Stats.LeastSquares.Slope([2, 2, 2], [1, 2, 3])));
        Assert.Equal(0.5, Core.Analyst.Stats.LeastSquares.OverIndex([1, 1.5, 2, 2.5]).Slope, 9);
    }

    [Fact]
    public void Correlation_DeathsAndPopulation_ToldAsTheRatePerPopulation()
    {
        const int n = 120;
        var noise = Noise(n, 31, 0.8);
        var population = noise.Select(v => Math.Round(6000 * Math.Exp(v))).ToArray();
        var deaths = population.Select((p, i) => Math.Round(p * 0.0035 * (1 + 0.1 * Noise(n, 32)[i]))).ToArray();
        var table = Prepared(CsvText(("deaths", Box(deaths)), ("population", Box(population))));
        var story = Assert.Single(new CorrelationStory().Detect(table));
        Assert.DoesNotContain("Higher", story.Title, StringComparison.Ordinal);
        Assert.Contains("per thousand population", story.Title, StringComparison.Ordinal);
        var rate = Assert.IsType<CorrelationDetail>(story.Detail).Rate;
        Assert.NotNull(rate);
        Assert.Equal(1000 * deaths.Sum() / population.Sum(), rate.Pooled, 9);
        Assert.Contains("about the same at every size of population", story.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DateWithClockTimeBeside_IsOneTimestampAxis()
    {
        string[] clocks = ["08:40", "12:10", "17:35:30"];
        var rows = Enumerable.Range(0, 30).ToList();
        var table = Prepared(CsvText(("date", Box(rows.Select(i => new DateTime(2024, 3, 1).AddDays(i / 3)))), ("time", Box(rows.Select(i => clocks[i % 3]))),
            ("temp", Box(Noise(30, 41).Select(v => 37 + 0.2 * v)))));
        var date = Assert.IsType<DateColumn>(table.Find("date"));
        Assert.True(date.HasTime);
        Assert.Equal(new DateTime(2024, 3, 1, 17, 35, 30), DateColumn.ToDateTime(date.Days[2]));
        Assert.True(date.Days[1] > date.Days[0] && date.Days[3] > date.Days[2]);
        Assert.DoesNotContain(table.Categories, c => c.Name == "time");
        Assert.DoesNotContain(table.Numeric, c => c.Name == "time");
    }

    [Fact]
    public void Prepare_GdpAndInvestment_IsATotalWithItsPart()
    {
        // Investment is about 15% of GDP and never above it; unemployment is a rate, not a part of GDP.
        const int n = 80;
        var noise = Noise(n, 11, 40);
        var gdp = Enumerable.Range(0, n).Select(i => Math.Round(3000 + 60.0 * i + noise[i], 1)).ToArray();
        var inv = gdp.Select((g, i) => Math.Round(0.15 * g + 30 * Noise(n, 12)[i], 1)).ToArray();
        var unemp = Enumerable.Range(0, n).Select(i => Math.Round(6 + 2 * Math.Sin(i / 6.0) + 0.3 * Noise(n, 13)[i], 2)).ToArray();
        var table = Prepared(CsvText(("realgdp", Box(gdp)), ("realinv", Box(inv)), ("unemp", Box(unemp))));
        Assert.True(Unrelated(table, "realgdp", "realinv"));
        Assert.False(Unrelated(table, "realgdp", "unemp"));
        Assert.False(Unrelated(table, "realinv", "unemp"));
    }

    [Fact]
    public void Discover_TotalEmploymentAndOneIndustry_AreNotToldAsMovingTogether()
    {
        // Monthly employment: the nonfarm total holds one industry (13% of it) plus the rest, so their changes move together.
        const int n = 120;
        var months = Enumerable.Range(0, n).Select(i => new DateTime(2000, 1, 1).AddMonths(i)).ToArray();
        var services = Enumerable.Range(0, n).Select(i => Math.Round(16000 + 20.0 * i + 150 * Noise(n, 21)[i])).ToArray();
        var rest = Enumerable.Range(0, n).Select(i => Math.Round(110000 + 60.0 * i + 300 * Noise(n, 22)[i])).ToArray();
        var nonfarm = services.Zip(rest, (a, b) => a + b + 3 * (services[0] - a)).Select(v => Math.Round(v)).ToArray();
        // Private employment (most of nonfarm) is a subtotal: professional services are a part of it too.
        var government = Enumerable.Range(0, n).Select(i => Math.Round(20000 + 5.0 * i + 80 * Noise(n, 23)[i])).ToArray();
        var privateJobs = nonfarm.Zip(government, (a, b) => a - b).ToArray();
        var table = Table(CsvText(("month", Box(months)), ("nonfarm", Box(nonfarm)), ("private", Box(privateJobs)), ("professional_services", Box(services))));
        Assert.True(Unrelated(StoryDiscovery.Prepare(table), "nonfarm", "professional_services"));
        Assert.True(Unrelated(StoryDiscovery.Prepare(table), "private", "professional_services"));
        Assert.DoesNotContain(StoryDiscovery.DetectAll(StoryDiscovery.Prepare(table)), i => i.Kind is CorrelationStory);
    }

    [Fact]
    public void Discover_FailuresAndDamage_AreOneIncidentNotALink()
    {
        // Flights: O-ring failures and the damage index are zero on the same flights; temperature is what drives both.
        var temperature = new double[] { 66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 58, 76, 61, 55, 74, 77, 80, 65, 71 };
        var failures = temperature.Select((t, i) => t < 64 ? (t < 56 ? 2.0 : 1.0) : i % 9 == 1 ? 1.0 : 0.0).ToArray();
        var damage = failures.Select((f, i) => f == 0 ? (i == 22 ? 4.0 : 0.0) : f == 2 ? 11.0 : i % 2 == 0 ? 4.0 : 2.0).ToArray();
        var pressure = temperature.Select((_, i) => i < 9 ? 50.0 : i < 11 ? 100.0 : 200.0).ToArray();
        var table = Table(CsvText(("Temperature", Box(temperature)), ("Pressure", Box(pressure)), ("nFailures", Box(failures)), ("Damage", Box(damage))));
        Assert.True(Unrelated(StoryDiscovery.Prepare(table), "nFailures", "Damage"));
        var stories = StoryDiscovery.Discover(table, null);
        Assert.Equal(3, stories.Count);
        Assert.False(stories.Any(s => s.Columns.Count == 2 && s.Columns.Contains("nFailures") && s.Columns.Contains("Damage")), string.Join(" | ", stories.Select(s => $"[{s.Kind.Name}] {s.Title} {string.Join(",", s.Columns)}")));
        // The leak-check pressure was raised on a schedule (50, then 100, then 200): a setting, never described.
        Assert.DoesNotContain(DescriptiveStory.Build(StoryDiscovery.Prepare(table)), s => s.Columns.Count == 1 && s.Columns[0] == "Pressure");
        Assert.DoesNotContain(stories, s => s.Kind is DescriptiveStory && s.Columns.Count == 1 && s.Columns.Contains("Pressure"));
    }

    [Fact]
    public void IsMakeUp_TotalLedByTheLargestGroup_IsTheGroupsSize()
    {
        // Prior convictions summed by education level: level 3 holds 55% of the men and 65% of the convictions.
        var table = StoryDiscovery.Prepare(Table(CsvText(("educ", Box(["2", "3", "4", "5", "6"])), ("prio", Box([65.0, 840, 293, 69, 22])))));
        static Insight Lead(params (string Label, double Value, int Rows)[] totals)
        {
            var b = new CategoryBreakdown("educ", "prio", "sum", totals.Select(t => new CategoryTotal(t.Label, t.Value, t.Rows)).ToList(), totals.Sum(t => t.Rows));
            var d = new OutstandingDetail(b, totals[0].Value / totals[1].Value, 3);
            return new Insight(StoryKinds.Of<OutstandingCategoryStory>(), ["educ", "prio"], "educ 3 leads total prio by a wide margin", "", ["bar"], "", 3, null, d.RatioToSecond, b.N, 0.7, d);
        }
        var bySize = Lead(("3", 840, 239), ("4", 293, 119), ("5", 69, 39), ("2", 65, 24), ("6", 22, 11));
        Assert.True(StoryDiscovery.IsMakeUp(table, bySize, [bySize]));
        // The same lead from a group that holds a fifth of the men: ahead per man, a finding.
        var perMan = Lead(("3", 840, 90), ("4", 293, 119), ("5", 69, 39), ("2", 65, 24), ("6", 22, 11));
        Assert.False(StoryDiscovery.IsMakeUp(table, perMan, [perMan]));
    }

    [Fact]
    public void Concentration_TotalThatFollowsTheGroupsSize_IsNotTold()
    {
        // 240 of 432 men (56%) left at high school, and they owe 65% of all fines: the group holds most of the total
        // because it holds most of the men (1.17 times its share of the rows, under 1.5).
        static AnalysisTable Fines(params (string School, int Men, double Total)[] groups)
        {
            var rng = new Random(12);
            var school = new List<string>();
            var fines = new List<double>();
            foreach (var (name, men, total) in groups)
            {
                for (var i = 0; i < men; i++)
                {
                    school.Add(name);
                    fines.Add(Math.Round(total / men * (0.5 + rng.NextDouble())));
                }
            }
            return Prepared(CsvText(("school", Box(school)), ("fines", Box(fines))));
        }
        var bySize = Fines(("high school", 240, 65_000), ("some college", 110, 20_000), ("college", 40, 8_000), ("grade school", 30, 5_000), ("none", 12, 2_000));
        Assert.Contains(bySize.Numeric, c => c.Name == "fines");
        Assert.DoesNotContain(new ConcentrationStory().Detect(bySize), i => i.Columns.SequenceEqual(["school", "fines"]));
        // Nor as "high school leads total fines by a wide margin": the same rule for the outstanding leader of a total.
        Assert.DoesNotContain(new OutstandingCategoryStory().Detect(bySize), i => i.Columns.SequenceEqual(["school", "fines"]));

        // Where the leader holds the total far beyond its share of the rows (an eighth of the men, 65% of the fines), the
        // concentration is a finding.
        var beyondSize = Fines(("high school", 54, 65_000), ("some college", 150, 20_000), ("college", 100, 8_000), ("grade school", 80, 5_000), ("none", 48, 2_000));
        Assert.Contains(new ConcentrationStory().Detect(beyondSize), i => i.Columns.SequenceEqual(["school", "fines"]));
    }

    [Fact]
    public void CountSplit_FollowUpWeekAndTheEventItEndsWith_IsNotTold()
    {
        // A follow-up ends in the week of the first arrest, or at week 52 without one: the week decides the arrest count.
        var rng = new Random(8);
        var week = new List<double>();
        var arrests = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var arrested = i % 3 == 0;
            week.Add(arrested ? 5 + rng.Next(45) : 52);
            arrests.Add(arrested ? 1 + rng.Next(3) : 0);
        }
        var table = Prepared(CsvText(("week", Box(week)), ("arrests", Box(arrests)), ("age", Box(Enumerable.Range(0, 60).Select(i => 18.0 + (i * 7 % 30))))));
        Assert.DoesNotContain(new CorrelationStory().Detect(table), i => i.Detail is CorrelationDetail { Split: not null } && i.Columns.Contains("week"));
    }

    [Fact]
    public void Correlation_TwoScoresOnOneScale_IsOneQualityMeasuredTwice()
    {
        // Reading and maths scores of 200 districts, both around 675 and moving as one (r about 0.99, each a district's
        // ability plus a little test noise); income drives both (r about 0.9).
        var ability = Noise(200, 22, 15);
        var income = Enumerable.Range(0, 200).Select(i => 10 + 0.2 * i + 3 * Noise(200, 21)[i]).ToArray();
        var read = income.Select((x, i) => Math.Round(600 + 2.5 * x + ability[i] + Noise(200, 23, 4)[i], 1)).ToArray();
        var math = income.Select((x, i) => Math.Round(598 + 2.5 * x + ability[i] + Noise(200, 24, 4)[i], 1)).ToArray();
        var found = new CorrelationStory().Detect(Prepared(CsvText(("income", Box(income)), ("read", Box(read)), ("math", Box(math))))).ToList();
        Assert.DoesNotContain(found, i => i.Columns.Contains("read") && i.Columns.Contains("math"));
        Assert.Contains(found, i => i.Columns.Contains("income") && i.Columns.Contains("read"));
    }
}
