using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The story a table was made to tell comes in among the three (issue 22, "the expected story among the three"): a
/// trial's outcome by its arm, a two-state outcome's gap read on its rarer side, the groups a file lays side by side.
/// </summary>
public class ExpectedStoryTests
{
    /// <summary>Rows shuffled with a seed, each group's outcome exactly as given.</summary>
    private static List<string[]> Shuffle(IEnumerable<string[]> rows, int seed)
    {
        var rng = new Random(seed);
        return rows.OrderBy(_ => rng.Next()).ToList();
    }

    private static IEnumerable<string[]> Repeat(int n, params string[] row) => Enumerable.Repeat(row, n);

    private static string Csv(string header, IEnumerable<string[]> rows) =>
        header + "\n" + string.Concat(rows.Select(r => string.Join(',', r) + "\n"));

    [Fact]
    public void Discover_TrialWithPlaceboArm_LeadsWithTheOutcomeByTreatment()
    {
        // 41 treated (21 marked, 7 some, 13 none) against 43 on placebo (7 marked, 7 some, 29 none), as a trial reports them.
        var rows = Repeat(21, "Treated", "Marked").Concat(Repeat(7, "Treated", "Some")).Concat(Repeat(13, "Treated", "None"))
            .Concat(Repeat(7, "Placebo", "Marked")).Concat(Repeat(7, "Placebo", "Some")).Concat(Repeat(29, "Placebo", "None"));
        var shuffled = Shuffle(rows, 3);
        var rng = new Random(5);
        var table = Table(Csv("treatment,sex,age,improved", shuffled.Select(r => new[] { r[0], rng.Next(10) < 7 ? "Female" : "Male", (25 + rng.Next(50)).ToString(System.Globalization.CultureInfo.InvariantCulture), r[1] })));

        var picked = StoryDiscovery.Discover(table, steering: null);

        var lead = picked[0];
        Assert.IsType<RateStory>(lead.Kind);
        Assert.Equal(["improved", "treatment"], lead.Columns);
        Assert.Contains("51%", lead.Title, StringComparison.Ordinal);
        Assert.Contains("16%", lead.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranked_ExactHalvesWithAnOutcomeFlag_TestsTheArmOnItsOwn()
    {
        // Half of 432 released men got aid: 48 of 216 re-arrested with it, 66 of 216 without (p ≈ 0.05, a screen of every
        // pair would not keep it; the experiment's one question does).
        var rows = Repeat(48, "yes", "1").Concat(Repeat(168, "yes", "0")).Concat(Repeat(66, "no", "1")).Concat(Repeat(150, "no", "0"));
        var rng = new Random(7);
        var table = Table(Csv("aid,arrest,age,race", Shuffle(rows, 11).Select(r => new[] { r[0], r[1], (18 + rng.Next(25)).ToString(System.Globalization.CultureInfo.InvariantCulture), rng.Next(10) < 8 ? "black" : "other" })));

        var story = Assert.Single(StoryDiscovery.Ranked(table, steering: null), i => i.Kind is RateStory && i.Columns.SequenceEqual(["arrest", "aid"]));

        Assert.Contains("31%", story.Title, StringComparison.Ordinal);
        Assert.Contains("22%", story.Title, StringComparison.Ordinal);
        Assert.Equal(story.Title, StoryDiscovery.Ranked(table, steering: null)[0].Title);
    }

    [Fact]
    public void Ranked_TwoStateOutcome_GapMaterialOnTheRarerSide()
    {
        // Admitted 45% of men against 30% of women: rejected 55% against 70% is only 1.27 times, admitted 1.5 times.
        var rows = Repeat(450, "Male", "Admitted").Concat(Repeat(550, "Male", "Rejected")).Concat(Repeat(240, "Female", "Admitted")).Concat(Repeat(560, "Female", "Rejected"));
        var table = Table(Csv("gender,admit", Shuffle(rows, 13)));

        var story = Assert.Single(StoryDiscovery.Ranked(table, steering: null), i => i.Kind is RateStory && i.Columns.SequenceEqual(["admit", "gender"]));

        Assert.Contains("70%", story.Title, StringComparison.Ordinal);
        Assert.Contains("55%", story.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranked_TwoStateAttribute_NotToldOnItsOtherSide()
    {
        // "not married" is an attribute, not what happened: 97% against 81% is not 1.4 times, and its other side (3%
        // against 19%) does not make it a story.
        var rows = Repeat(180, "no", "not married").Concat(Repeat(5, "no", "married")).Concat(Repeat(200, "yes", "not married")).Concat(Repeat(47, "yes", "married"));
        var table = Table(Csv("wexp,mar", Shuffle(rows, 17)));

        Assert.DoesNotContain(StoryDiscovery.Ranked(table, steering: null), i => i.Kind is RateStory);
    }

    [Fact]
    public void Discover_SexesSideBySide_TellsTheAwardsGapBySex()
    {
        // Grants by discipline, one column per sex: men 18% funded (288 of 1,600), women 15% (180 of 1,200) in every discipline.
        var csv = "discipline,applications_total,applications_men,applications_women,awards_total,awards_men,awards_women\n"
            + string.Concat(new[] { "Physics", "Chemistry", "Medicine", "Humanities" }.Select(d => $"{d},700,400,300,117,72,45\n"));
        var table = Table(csv);

        var picked = StoryDiscovery.Discover(table, steering: null);

        var story = Assert.Single(picked, i => i.Kind is RateStory && i.Columns.Contains("sex"));
        Assert.Contains("18%", story.Title, StringComparison.Ordinal);
        Assert.Contains("15%", story.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_PanelCountThatCollapsed_ReadAsARateOfItsPopulation()
    {
        // Twelve states over 40 years: cases scale with each state's population every year, and fell a hundredfold from
        // 1963. Pooled over the years, cases hardly follow population (the fall dominates); within each year they do.
        double[] pops = [1e6, 8e6, 5e5, 2e6, 5e5, 4e6, 4e6, 4e6, 1.6e7, 4e6, 1e6, 5e5];
        double[] mult = [0.28, 1.1, 0.53, 1.69, 1.1, 0.4, 0.9, 2.93, 0.79, 0.86, 0.95, 1.12];
        var noise = Noise(40 * 12, 1, 0.3);
        var sb = new System.Text.StringBuilder("state,year,cases,population\n");
        var (cases, population) = (new List<double>(), new List<double>());
        for (var year = 1940; year < 1980; year++)
        {
            for (var i = 0; i < pops.Length; i++)
            {
                var pop = Math.Round(pops[i] * (1 + 0.02 * (year - 1940)));
                var count = Math.Round(pop * (year < 1963 ? 3e-3 : 3e-5) * mult[i] * Math.Exp(noise[(year - 1940) * 12 + i]));
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"S{i},{year},{count},{pop}\n");
                cases.Add(count);
                population.Add(pop);
            }
        }
        Assert.True(Core.Analyst.Stats.StatTests.Pearson(cases.ToArray(), population.ToArray()).R < 0.5, "pooled over the years, cases must not follow population");

        var prepared = StoryDiscovery.Prepare(Table(sb.ToString()));

        Assert.Contains("population", prepared.Model.ExposureColumns);
        Assert.Contains(prepared.Numeric, c => c.Name.StartsWith("cases per ", StringComparison.Ordinal));
    }

    [Fact]
    public void Ranked_TwoSeriesTradingPlacesOnlyAtTheEnd_NoOvertaking()
    {
        // Both series fall to almost nothing; the smaller one is ahead only in the last three of 40 years.
        var sb = new System.Text.StringBuilder("year,group,level\n");
        for (var year = 1950; year < 1990; year++)
        {
            var decay = Math.Exp(-(year - 1950) / 6.0);
            var a = year >= 1987 ? 1 : Math.Round(10_000 * decay, 1);
            var b = year >= 1987 ? 2 : Math.Round(5_000 * decay, 1);
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{year},A,{a}\n{year},B,{b}\n");
        }

        var ranked = StoryDiscovery.Ranked(Table(sb.ToString()), steering: null);

        Assert.DoesNotContain(ranked, i => i.Kind is GroupSeriesStory && i.Title.Contains("overtook", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_FailuresAgainstTemperatureInAFewFlights_TellsTheColdLaunches()
    {
        // 23 flights: all 4 below 65 degrees had O-ring failures, 3 of the 19 warmer ones did (too few flights for the
        // correlation to pass the table's correction; the split is how the story is told).
        double[] temperature = [53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70, 70, 70, 72, 73, 75, 75, 76, 76, 78, 79, 81];
        double[] failures = [2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0];
        var table = Table(CsvText(("temperature", Box(temperature)), ("failures", Box(failures))));

        var lead = StoryDiscovery.Discover(table, steering: null)[0];

        Assert.IsType<CorrelationStory>(lead.Kind);
        Assert.Equal(["temperature", "failures"], lead.Columns);
        Assert.StartsWith("At temperature below 65, all 4 ", lead.Title, StringComparison.Ordinal);
        Assert.Contains("3 of 19", lead.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_FlatSeriesThatCollapsedAndFadedOut_LeadsWithTheStep()
    {
        // 38 years around 33 cases per 10,000, then a collapse that fades towards zero (a vaccine): one step, not a steady fall.
        var noise = Noise(75, 31, 8);
        var years = Enumerable.Range(1928, 75).ToArray();
        var rate = years.Select((y, i) => y < 1966 ? 33 + noise[i] : Math.Round(4 * Math.Exp(-(y - 1966) / 6.0), 3)).ToArray();
        var table = Table(CsvText(("year", Box(years.Select(y => (double)y))), ("rate", Box(rate))));

        var found = new ChangePointStory().Detect(StoryDiscovery.Prepare(table)).ToList();
        var step = Assert.Single(found);
        Assert.Contains("stepped down around 196", step.Title, StringComparison.Ordinal);
        Assert.IsType<ChangePointStory>(StoryDiscovery.Discover(table, steering: null)[0].Kind);
    }

    [Fact]
    public void Detect_PanelWhereEveryFirmGrew_TellsNoSingleFirmsTrendThatDoesNotStandOut()
    {
        // Ten firms over 20 years, each growing 5% a year give or take a little: no one firm's rise is news.
        var rows = new System.Text.StringBuilder("firm,year,invest\n");
        var noise = Noise(200, 41, 0.03);
        for (var f = 0; f < 10; f++)
            for (var y = 0; y < 20; y++)
                rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"Firm {(char)('A' + f)},{1935 + y},{Math.Round((10 + 40 * f) * Math.Exp(0.05 * y + noise[f * 20 + y]), 2)}\n");
        var table = StoryDiscovery.Prepare(Table(rows.ToString()));
        Assert.True(table.Time.IsPanel);

        var trends = new TrendStory().Detect(table).ToList();

        Assert.DoesNotContain(trends, i => i.Columns.Count == 3);
        Assert.Contains(trends, i => i.Columns.SequenceEqual(["year", "invest"]));
    }
}
