using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// What an analyst puts in a first report before a weaker slot (issue 21): a concentrated cell weighs like a rate gap of
/// the same size, a cell whose two values share a name is the organisation, a role account's workload is its design, a
/// question about approval times does not ask for a rejection rate, and a share shift of one value beside a standout
/// within another value of the same category are two findings.
/// </summary>
public class FirstReportRankingTests
{
    private static readonly StandoutStory Kind = new();

    /// <summary>
    /// Purchase requests by department and <paramref name="column"/>: the first of <paramref name="values"/> takes
    /// <paramref name="share"/> of the <paramref name="department"/> department's requests and about 5% of the others'.
    /// </summary>
    private static AnalysisTable Requests(string department, double share, string column, string[] values)
    {
        var rng = new Random(3);
        string[] departments = [department, "Finance", "Marketing", "Sales", "Operations"];
        var rows = Enumerable.Range(0, 2000).Select(i =>
        {
            var d = departments[i % departments.Length];
            var top = rng.NextDouble() < (d == department ? share : 0.05);
            return (Department: d, Value: top ? values[0] : values[1 + rng.Next(values.Length - 1)]);
        }).ToList();
        return Table(CsvText(("department", Box(rows.Select(r => r.Department))), (column, Box(rows.Select(r => r.Value)))));
    }

    private static readonly string[] Suppliers = ["Contoso Computing", "Fabrikam Tech", "Northwind Traders", "Adatum", "Proseware", "Litware"];

    private static AnalysisTable Requests(string department) => Requests(department, 0.4, "supplier", Suppliers);

    [Fact]
    public void Detect_CellSevenTimesItsShareElsewhere_WeighsLikeTheSameRateGap()
    {
        // 40% of one department's requests to one supplier against 5% of the others': 35 points, eight times as often.
        var story = Assert.Single(Kind.Detect(Requests("Engineering")), i => i.Detail is StandoutDetail { Label: "Contoso Computing", Within.Level: "Engineering" });
        var d = (StandoutDetail)story.Detail;
        var inside = d.Count / (double)d.Total;
        var outside = StandoutStory.Outside(d, d.Within!);

        // Weighed as the rate kind weighs the same two shares, times the size factor of a department of a fifth of the
        // rows (0.6 + 0.4 × 0.8); the gap in points alone gave (0.3 + 1.2 × 0.35) × 0.92 = 0.66.
        Assert.Equal(Math.Min(0.95, RateStory.GapImpact(inside, outside)) * (0.6 + 0.4 * Math.Min(1, 4.0 * d.Total / d.Within!.AllRows)), story.Impact, 6);
        Assert.True(story.Impact >= 0.8, $"impact {story.Impact}");
    }

    [Fact]
    public void Detect_CellWhoseValuesShareAName_IsTheOrganisationNotAStory()
    {
        // The IT department buys from one supplier as often as Engineering would: named after the supplier's "IT", the
        // cell is how the business is organised; under another name it is a finding.
        var named = Requests("IT", 0.4, "category", ["IT hardware", "Office supplies", "Services", "Furniture", "Travel", "Training"]);

        Assert.DoesNotContain(Kind.Detect(named), i => i.Detail is StandoutDetail { Within: { } w } d && w.Level is "IT" or "IT hardware" && d.Label is "IT" or "IT hardware");
        Assert.Contains(Kind.Detect(Requests("Engineering")), i => i.Detail is StandoutDetail { Label: "Contoso Computing", Within.Level: "Engineering" });
        Assert.True(StandoutStory.NamedAfter("IT hardware", "IT"));
        Assert.False(StandoutStory.NamedAfter("Plumbing", "Building C"));
    }

    [Fact]
    public void Detect_HourOfTheDayWithinASource_IsNotAStandout()
    {
        // Nearly half of one source's posts fall at 6–9 am against an eighth of the other's: a derived part of the date is
        // when, told by the segment and rate kinds, never "6–9 am accounts for …".
        var rng = new Random(5);
        var rows = Enumerable.Range(0, 2000).Select(i =>
        {
            var android = i % 2 == 0;
            var hour = android && rng.NextDouble() < 0.4 ? 7 : rng.Next(24);
            return (Source: android ? "Android" : "iPhone", At: new DateTime(2016, 1, 1).AddDays(i / 6).AddHours(hour).AddMinutes(rng.Next(60)));
        }).ToList();
        var table = DataStoryBot.Core.Analyst.StoryDiscovery.Prepare(Table(CsvText(("source", Box(rows.Select(r => r.Source))),
            ("created_at", Box(rows.Select(r => r.At.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)))))));
        Assert.Contains(table.Groupings, c => c.Derived is { Kind: "hour" });

        Assert.DoesNotContain(Kind.Detect(table), i => i.Columns.Any(c => table.Find(c) is CategoryColumn { Derived: not null }));
    }

    /// <summary>Work orders raised by 60 people, one requester raising 28% of them.</summary>
    private static AnalysisTable Orders(string busiest)
    {
        var rng = new Random(9);
        var people = StandoutStoryTests.People(60, rng);
        var rows = Enumerable.Range(0, 2500).Select(i => i % 25 < 7 ? busiest : people[rng.Next(people.Count)]).ToList();
        return Table(CsvText(("requested_by", Box(rows))));
    }

    [Fact]
    public void Detect_RoleAccountRaisesMostOrders_WeighsLessThanAPerson()
    {
        var desk = Assert.Single(Kind.Detect(Orders("Facilities Front Desk")));
        var person = Assert.Single(Kind.Detect(Orders("Dana Whitfield")));

        // The same counts: told both times, the desk's workload (its role) weighing less.
        Assert.Equal(((StandoutDetail)person.Detail).Count, ((StandoutDetail)desk.Detail).Count);
        Assert.Equal(person.Impact * StandoutStory.RoleAccountWeight, desk.Impact, 6);
        Assert.True(StandoutStory.IsRoleAccount("IT Service Desk"));
        Assert.False(StandoutStory.IsRoleAccount("Desmond Tutu"));
    }

    private static Insight RateInsight() =>
        new(StoryKinds.Of<RateStory>(), ["state", "department"], "Marketing purchase requests: rejected 20% of the time", "", ["bar"], "", null, 1e-9, 0.1, 2000, 0.7, new object());

    [Fact]
    public void SteeredScore_ApprovalTimesQuestion_DoesNotAskForARejectionRate()
    {
        var rate = RateInsight();

        Assert.Equal(rate.Score, InsightRanker.SteeredScore(rate, "Why are approval times getting longer?"), 9);
        Assert.Equal(rate.Score * InsightRanker.SteeringThemeBoost, InsightRanker.SteeredScore(rate, "Which purchase requests get approved?"), 9);
        Assert.Equal(rate.Score * InsightRanker.SteeringThemeBoost, InsightRanker.SteeredScore(rate, "What is the approval rate by team?"), 9);
    }

    [Fact]
    public void SteeredScore_SpelledOutHeadNounOfAnAbbreviatedColumn_BoostsIt()
    {
        // temp_max reads "maximum temperature" in every title: asking about temperature names it.
        var season = new Insight(StoryKinds.Of<SeasonalityStory>(), ["date", "temp_max"], "Maximum temperature peaks every August", "", ["line"], "", null, 1e-9, 0.1, 1461, 0.5, new object());
        var rain = new Insight(StoryKinds.Of<SeasonalityStory>(), ["date", "precipitation"], "Precipitation is highest in November", "", ["line"], "", null, 1e-9, 0.1, 1461, 0.5, new object());

        Assert.Equal(season.Score * InsightRanker.SteeringColumnBoost, InsightRanker.SteeredScore(season, "temperature"), 9);
        Assert.Equal(season.Score * InsightRanker.SteeringColumnBoost, InsightRanker.SteeredScore(season, "How do temperatures change?"), 9);
        Assert.Equal(rain.Score, InsightRanker.SteeredScore(rain, "temperature"), 9);
    }

    private static Insight Standout(string category, string level, string column, string label) =>
        new(StoryKinds.Of<StandoutStory>(), [category, column], $"{label} accounts for most {level}", "", ["bar"], "", null, 1e-9, 0.4, 2500, 0.7,
            new StandoutDetail(column, label, 273, 474, [], 4, 60, 60, 1e-9, 20, [], new StandoutWithin(category, level, 474, 700, 2500, 12, 0.3, [])));

    private static Insight Shift(string category, string level) =>
        new(StoryKinds.Of<ShareShiftStory>(), ["opened_at", category], $"{level}'s share peaks in summer", "", ["line"], "", null, 1e-9, 0.2, 2500, 0.9,
            new ShareShiftDetail(category, level, "opened_at", "month", ShareShape.Bump, [], [], new RateCount("in", 1000, 450), 4, 8, new RateCount("out", 1500, 340), 0, 12,
                120, 1e-9, 1e-9, 14, new MannKendallResult(0, 0, 1, 0, 12), null, []));

    [Fact]
    public void OtherStates_ShareShiftOfOneValueAndStandoutWithinAnother_AreTwoFindings()
    {
        var hvac = Shift("trade", "HVAC");
        var plumbing = Standout("trade", "Plumbing", "building", "Building C");

        Assert.True(InsightRanker.OtherStates(hvac, plumbing));
        Assert.True(InsightRanker.OtherStates(plumbing, hvac));
        // The same value's share and its cell are one finding's facets, discounted as before.
        Assert.False(InsightRanker.OtherStates(Shift("trade", "Plumbing"), plumbing));

        // Picked after the share shift, the cell keeps its own score (not the 0.6 of a shared column) and beats a story
        // that scores 0.7 of it.
        var other = new Insight(StoryKinds.Of<StandoutStory>(), ["requested_by"], "Front desk raised most", "", ["bar"], "", null, 1e-9, 0.3, 2500, plumbing.Impact * 0.7, new object());
        var picked = InsightRanker.PickDiverse([hvac, plumbing, other], steering: null, count: 2);
        Assert.Equal([hvac, plumbing], picked);
    }
}
