using System.Globalization;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

public class DerivedGroupsTests
{
    private static IReadOnlyList<object?> Box<T>(IEnumerable<T> values) => values.Select(v => (object?)v).ToList();

    private static readonly DateTime Start = new(2024, 1, 1, 8, 0, 0);

    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Claims whose processing takes about <paramref name="slowFactor"/> times longer above 2,000 (1 = no effect).</summary>
    private static AnalysisTable Claims(double slowFactor, int seed)
    {
        var rng = new Random(seed);
        var categories = new[] { "Meals", "Travel", "Office", "Software" };
        var rows = Enumerable.Range(0, 1500).Select(i =>
        {
            var amount = Math.Round(Math.Exp(5 + 1.6 * Normal(rng)), 2);
            var submitted = Start.AddHours(i * 5.3 + rng.Next(0, 3));
            var days = (amount > 2000 ? slowFactor * 2.5 : 2.5) * Math.Exp(0.4 * Normal(rng));
            return (Category: categories[rng.Next(categories.Length)], Amount: amount, Submitted: Stamp(submitted), Processed: Stamp(submitted.AddDays(days)));
        }).ToList();
        return Table(CsvText(
            ("category", Box(rows.Select(r => r.Category))), ("amount", Box(rows.Select(r => r.Amount))),
            ("submitted_at", Box(rows.Select(r => r.Submitted))), ("processed_at", Box(rows.Select(r => r.Processed)))));
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Add_DurationThreeTimesLongerAboveARoundAmount_BandsTheAmountAtThatCut()
    {
        var table = StoryDiscovery.Prepare(Claims(3, 1));

        var band = Assert.Single(table.Groupings, c => c.Derived is not null);
        Assert.Equal("band", band.Derived!.Kind);
        Assert.Equal(2000, band.Derived.Cut);
        Assert.Equal(["amount"], band.Derived.Sources);
        Assert.Equal("days to process", band.Derived.Target);
        Assert.True(band.Derived.P < DerivedGroups.MaxP);
        Assert.Equal(["amount up to 2,000", "amount over 2,000"], band.Labels);
        Assert.Equal(["amount"], table.SourcesOf(band.Name));
        // The derived grouping is not one of the file's categories: only the kinds that compare by group see it.
        Assert.DoesNotContain(table.Categories, c => c.Derived is not null);
    }

    [Fact]
    public void Discover_DurationLongerAboveARoundAmount_TellsItInWordsWithTheSourceColumns()
    {
        var insights = StoryDiscovery.Ranked(Claims(3, 2), steering: null);

        var story = Assert.Single(insights, i => i.Kind is SegmentStory && i.Title.Contains("as long to process", StringComparison.Ordinal));
        Assert.StartsWith("Those with amount over 2,000 take ", story.Title, StringComparison.Ordinal);
        Assert.Contains(" times as long to process", story.Title, StringComparison.Ordinal);
        Assert.Equal(["amount", "submitted_at", "processed_at"], story.EvidenceColumns);
        var d = Assert.IsType<SegmentDetail>(story.Detail);
        Assert.InRange(d.Groups[0].Median / d.Groups[^1].Median, 2.4, 3.6);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Add_NoBandEffect_AddsNoDerivedGroupingAndNoDerivedStory(int seed)
    {
        var raw = Claims(1, seed);
        var table = StoryDiscovery.Prepare(raw);

        Assert.DoesNotContain(table.Groupings, c => c.Derived is not null);
        Assert.DoesNotContain(StoryDiscovery.Ranked(raw, steering: null), i => i.Title.Contains("band", StringComparison.OrdinalIgnoreCase) || i.Title.Contains("over 2,000", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_FlagDefinedByTheMeasure_IsNotBanded()
    {
        // late_15 is delay > 15 minutes: banding the delay against it would tell the flag's definition.
        var rng = new Random(7);
        var delays = Enumerable.Range(0, 2000).Select(_ => Math.Round(30 * Normal(rng) + 5)).ToList();
        var table = StoryDiscovery.Prepare(Table(CsvText(("delay_minutes", Box(delays)), ("late_15", Box(delays.Select(d => d > 15 ? "true" : "false"))))));

        Assert.DoesNotContain(table.Groupings, c => c.Derived is not null);
    }

    [Fact]
    public void Discover_RejectedMoreForDecemberStarts_TellsTheMonthAsARate()
    {
        var rng = new Random(11);
        var rows = Enumerable.Range(0, 2000).Select(i =>
        {
            var start = new DateTime(2024, 1, 1).AddDays(rng.Next(0, 366));
            var rejected = rng.NextDouble() < (start.Month == 12 ? 0.3 : 0.07);
            return (Start: start, Status: rejected ? "Rejected" : "Approved", Team: i % 3 == 0 ? "Ops" : "Sales");
        }).ToList();
        var raw = Table(CsvText(("team", Box(rows.Select(r => r.Team))), ("start_date", Box(rows.Select(r => (object)r.Start))), ("status", Box(rows.Select(r => r.Status)))));

        var month = Assert.Single(StoryDiscovery.Prepare(raw).Groupings, c => c.Derived is not null);
        Assert.Equal(("month", "status"), (month.Derived!.Kind, month.Derived.Target));
        var story = Assert.Single(StoryDiscovery.Ranked(raw, steering: null), i => i.Kind is RateStory && i.Title.Contains("December", StringComparison.Ordinal));
        Assert.StartsWith("Start date in December: rejected ", story.Title, StringComparison.Ordinal);
        Assert.Equal(["status", "start_date"], story.EvidenceColumns);
    }

    [Fact]
    public void Discover_FridaysWorseSaturdaysBetter_TellsTheWeekdayAsARate()
    {
        // Late 28% on Fridays, 18% on Saturdays, 23% on the other days: neither day is 1.5 times the rest, but the two
        // are 1.56 times apart.
        var rng = new Random(17);
        var rows = Enumerable.Range(0, 42_000).Select(_ =>
        {
            var day = new DateTime(2001, 1, 1).AddDays(rng.Next(0, 84)).AddHours(6 + rng.Next(0, 14));
            var p = day.DayOfWeek switch { DayOfWeek.Friday => 0.28, DayOfWeek.Saturday => 0.18, _ => 0.23 };
            return (Date: day, Late: rng.NextDouble() < p ? "true" : "false");
        }).ToList();
        var raw = Table(CsvText(("date", Box(rows.Select(r => (object)r.Date))), ("late_15", Box(rows.Select(r => r.Late)))));

        var weekday = Assert.Single(StoryDiscovery.Prepare(raw).Groupings, c => c.Derived is { Kind: "weekday" });
        Assert.Equal("late_15", weekday.Derived!.Target);
        var story = Assert.Single(StoryDiscovery.Ranked(raw, steering: null), i => i.Kind is RateStory && i.Columns.Contains(weekday.Name));
        Assert.Matches("^Date on a (Friday|Saturday): late 15 ", story.Title);
    }

    [Fact]
    public void Prepare_YearWrittenAsItsFirstDay_DerivesNoWeekday()
    {
        // vega's cars: the model year written as 1 January of it (1970-01-01). Its "weekday" is only the weekday 1 January
        // fell on ("31% of cylinders 4 rows have year on a Friday"): a year has no weekday, month or hour.
        var csv = System.Text.Encoding.UTF8.GetString(StoryQuality.StoryQualitySuite.JsonArrayToCsv(File.ReadAllBytes(VegaDataset("cars.json"))));
        var raw = Table(csv);

        Assert.DoesNotContain(StoryDiscovery.Prepare(raw).Groupings, c => c.Derived is { Kind: "weekday" or "hour" or "month" });
        Assert.DoesNotContain(StoryDiscovery.Ranked(raw, steering: null), i => i.Title.Contains("Friday", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { 800, 800, 800 }, new[] { 216, 136, 176 }, true)] // 27% against 17%: 1.6 times, 10 points
    [InlineData(new[] { 800, 800, 800 }, new[] { 200, 168, 184 }, false)] // 25% against 21%: too close
    [InlineData(new[] { 30, 30, 800 }, new[] { 9, 4, 176 }, false)] // 30% against 13% on 30 rows each: not significant after the correction
    [InlineData(new[] { 800, 800 }, new[] { 216, 136 }, false)] // two levels: the level against the rest already says it
    public void SpreadApart_HighestAgainstLowestLevel_NeedsSizeAndSignificance(int[] n, int[] k, bool apart) =>
        Assert.Equal(apart, DerivedGroups.SpreadApart(Enumerable.Range(0, n.Length).ToList(), n, k));

    [Fact]
    public void Discover_OneTypeMostlyOnMondays_TellsTheShareWithinTheType()
    {
        var rng = new Random(13);
        var types = new[] { "Sick", "Annual", "Training" };
        var rows = Enumerable.Range(0, 1500).Select(_ =>
        {
            var type = types[rng.Next(types.Length)];
            var day = new DateTime(2024, 1, 1).AddDays(7 * rng.Next(0, 52));
            var start = type == "Sick" && rng.NextDouble() < 0.6 ? day : day.AddDays(rng.Next(0, 5));
            return (Type: type, Start: start);
        }).ToList();
        var raw = Table(CsvText(("leave_type", Box(rows.Select(r => r.Type))), ("start_date", Box(rows.Select(r => (object)r.Start)))));

        var story = Assert.Single(StoryDiscovery.Ranked(raw, steering: null), i => i.Title.Contains("Monday", StringComparison.Ordinal));
        Assert.Matches("^[0-9]+% of Sick rows have start date on a Monday, against [0-9]+% of the other rows$", story.Title);
        Assert.Equal(["leave_type", "start_date"], story.EvidenceColumns);
    }

    [Theory]
    [InlineData(0.95, 1)]
    [InlineData(2.3, 5)]
    [InlineData(11, 20)]
    [InlineData(0.0031, 0.005)]
    [InlineData(80, 100)]
    public void Nice_RawStep_RoundsUpToOneTwoOrFive(double raw, double nice) => Assert.Equal(nice, DerivedGroups.Nice(raw), 9);

    /// <summary>
    /// Leave requests: sick leave is entered after the day began (requested_at after start_date) and rarely rejected; the
    /// other types are rejected <paramref name="shortRate"/> of the time when requested under a week ahead, 8% otherwise.
    /// </summary>
    private static AnalysisTable Leave(double shortRate, int seed, bool sick = true)
    {
        var rng = new Random(seed);
        string[] types = sick ? ["Annual", "Annual", "Annual", "Training", "Unpaid", "Sick", "Sick"] : ["Annual", "Annual", "Annual", "Training", "Unpaid"];
        var rows = Enumerable.Range(0, 1800).Select(i =>
        {
            var type = types[rng.Next(types.Length)];
            var requested = Start.AddHours(i * 4.7 + rng.Next(0, 3));
            double notice;
            bool rejected;
            if (type == "Sick")
            {
                notice = rng.NextDouble() < 0.85 ? -rng.NextDouble() * 0.6 : rng.NextDouble() * 3;
                rejected = rng.NextDouble() < 0.01;
            }
            else
            {
                notice = rng.NextDouble() < 0.25 ? 1 + rng.NextDouble() * 5 : 8 + rng.NextDouble() * 50;
                rejected = rng.NextDouble() < (notice < 7 ? shortRate : 0.08);
            }
            var start = requested.AddDays(notice).Date;
            return (Type: type, Requested: Stamp(requested), Start: start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Status: rejected ? "Rejected" : "Approved");
        }).ToList();
        return Table(CsvText(
            ("leave_type", Box(rows.Select(r => r.Type))), ("requested_at", Box(rows.Select(r => r.Requested))),
            ("start_date", Box(rows.Select(r => r.Start))), ("status", Box(rows.Select(r => r.Status)))));
    }

    [Fact]
    public void Add_ShortNoticeRejectedMoreAmongTypesThatGiveNotice_NoticeGroupingLeavesTheAfterTheFactTypeOut()
    {
        var table = StoryDiscovery.Prepare(Leave(0.22, 1));

        var notice = Assert.Single(table.Groupings, c => c.Derived is { Kind: "notice" });
        Assert.Equal(["requested_at", "start_date", "leave_type"], notice.Derived!.Sources);
        Assert.Equal(7, notice.Derived.Cut);
        Assert.Equal("requested less than a week ahead of start date (leave type other than Sick)", notice.Derived.Phrases[0]);
        var type = (CategoryColumn)table.Find("leave_type")!;
        var sick = Array.IndexOf(type.Labels, "Sick");
        Assert.All(Enumerable.Range(0, table.RowCount).Where(r => type.Codes[r] == sick), r => Assert.Equal(-1, notice.Codes[r]));
        Assert.Contains(Enumerable.Range(0, table.RowCount), r => type.Codes[r] != sick && notice.Codes[r] == 0);

        var rate = Assert.Single(StoryDiscovery.Ranked(Leave(0.22, 1), steering: null), i => i.Kind is RateStory && i.Columns.Contains(notice.Name));
        Assert.Contains("less than a week ahead", rate.Title, StringComparison.Ordinal);
        Assert.Contains("rejected", rate.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterTheFact_OneTypeMostlyEnteredAfterItsStart_NamesThatTypeOnly()
    {
        var table = StoryDiscovery.Prepare(Leave(0.22, 2));
        var (a, b) = ((DateColumn)table.Find("requested_at")!, (DateColumn)table.Find("start_date")!);
        var rows = Enumerable.Range(0, table.RowCount).ToArray();

        var after = DerivedGroups.AfterTheFact(table, a, b, rows);

        Assert.NotNull(after);
        Assert.Equal("leave_type", after.Value.Column.Name);
        Assert.Equal(["Sick"], after.Value.Column.Labels.Where((_, k) => after.Value.Levels[k]));
    }

    [Fact]
    public void Add_EveryTypeGivesNotice_NoticeGroupingOverAllRows()
    {
        var table = StoryDiscovery.Prepare(Leave(0.22, 3, sick: false));
        var (a, b) = ((DateColumn)table.Find("requested_at")!, (DateColumn)table.Find("start_date")!);

        Assert.Null(DerivedGroups.AfterTheFact(table, a, b, Enumerable.Range(0, table.RowCount).ToArray()));
        var notice = Assert.Single(table.Groupings, c => c.Derived is { Kind: "notice" });
        Assert.Equal(["requested_at", "start_date"], notice.Derived!.Sources);
        Assert.Equal("requested less than a week ahead of start date", notice.Derived.Phrases[0]);
    }

    /// <summary>Leave requests where only the December ones are requested months ahead, and December is refused more: the long notice is the month.</summary>
    private static AnalysisTable ChristmasLeave(int seed)
    {
        var rng = new Random(seed);
        var rows = Enumerable.Range(0, 1800).Select(i =>
        {
            var requested = Start.AddHours(i * 4.7 + rng.Next(0, 3));
            var christmas = rng.NextDouble() < 0.12;
            var start = christmas ? new DateTime(requested.Year + (requested.Month == 12 ? 1 : 0), 12, 20 + rng.Next(0, 8)) : requested.AddDays(3 + rng.NextDouble() * 52).Date;
            if (christmas && (start - requested).TotalDays < 100) start = start.AddYears(1);
            var rejected = rng.NextDouble() < (start.Month == 12 ? 0.3 : 0.08);
            return (Requested: Stamp(requested), Start: start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Status: rejected ? "Rejected" : "Approved");
        }).ToList();
        return Table(CsvText(("requested_at", Box(rows.Select(r => r.Requested))), ("start_date", Box(rows.Select(r => r.Start))), ("status", Box(rows.Select(r => r.Status)))));
    }

    [Fact]
    public void Add_LongNoticeIsOnlyTheMonth_NoNoticeCutThatStandsForDecember()
    {
        var table = StoryDiscovery.Prepare(ChristmasLeave(4));

        // The month tells it ("start date in December"); a notice of two months or more would tell it again.
        Assert.Contains(table.Groupings, c => c.Derived is { Kind: "month" });
        // Every request two months or more ahead starts in December: such a cut is not tried (a shorter one may be kept).
        Assert.DoesNotContain(table.Groupings, c => c.Derived is { Kind: "notice", Cut: >= 61 });
    }
}
