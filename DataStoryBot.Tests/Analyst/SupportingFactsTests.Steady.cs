using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stats;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// The purchase requests the checks under a steady whole are read on (shared by the mover, held-share, held-within and
/// load tests), and the load under a steady whole.
/// </summary>
public partial class SupportingFactsRivalTests
{
    private static readonly string[] Teams = ["A", "B", "C", "D"];

    /// <summary>
    /// 2,400 requests over 2024, each from one of four teams at random: its days to approve is
    /// <paramref name="level"/> of its team and third of the year, spread by ±<paramref name="spread"/> of it; with
    /// <paramref name="rejectedIn"/>, a status column (rejected with that chance in the third). The requests come in
    /// evenly over the year, or at the day <paramref name="day"/> draws.
    /// </summary>
    private static AnalysisTable Requests(int seed, Func<string, int, double> level, double spread, Func<int, double>? rejectedIn = null, Func<Random, int>? day = null)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("request_id,requested_at,team,days_to_approve" + (rejectedIn is null ? "" : ",status") + "\n");
        for (var i = 0; i < 2400; i++)
        {
            var at = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddMinutes(day is null ? rng.Next(0, 365 * 24 * 60) : day(rng) * 24 * 60 + rng.Next(0, 24 * 60));
            var team = Teams[rng.Next(Teams.Length)];
            var third = (at.DayOfYear - 1) * 3 / 366;
            var days = level(team, third);
            var rejected = rejectedIn is not null && rng.NextDouble() < rejectedIn(third);
            // A measure, not a handful of values: each request's days spread around its level.
            days = Math.Round(days * (1 - spread + 2 * spread * rng.NextDouble()), 3);
            sb.Append(CultureInfo.InvariantCulture, $"PR{i:00000},{at:yyyy-MM-dd HH:mm},{team},{days.ToString(CultureInfo.InvariantCulture)}");
            sb.Append(rejectedIn is null ? "\n" : rejected ? ",Rejected\n" : ",Approved\n");
        }
        return Table(sb.ToString());
    }

    /// <summary>The story "Days to approve held steady" over the 12 months of 2024, at the monthly levels <paramref name="y"/>.</summary>
    private static Insight SteadyApproval(double[] y, double level, double low, double high)
    {
        var t = Enumerable.Range(0, y.Length).Select(m => DateColumn.FromDateTime(new DateTime(2024, 1 + m, 1, 0, 0, 0, DateTimeKind.Unspecified))).ToArray();
        var series = new TimeSeries("requested_at", false, "days_to_approve", null, null, t, y, "month", 2400);
        var detail = new SteadyDetail(series, new MannKendallResult(0, 0, 0.9, 0, y.Length), new TheilSenResult(0, level), level, low, high, 0.01);
        return new Insight(StoryKinds.Of<SteadyStory>(), ["requested_at", "days_to_approve"], "Days to approve held steady", "", ["line"], "", 0, 0.9, 0, 2400, 0.5, detail);
    }

    /// <summary>The median days to approve of the requests of the teams <paramref name="teams"/> takes in the first or the last third of the span.</summary>
    private static string ThirdMedian(AnalysisTable table, Func<string, bool> teams, bool last)
    {
        var team = (CategoryColumn)table.Find("team")!;
        var at = (DateColumn)table.Find("requested_at")!;
        var days = (NumericColumn)table.Find("days_to_approve")!;
        double min = at.Days.Min(), max = at.Days.Max(), cut = (max - min) / 3;
        return Fmt.Num(Descriptive.MedianInPlace(Enumerable.Range(0, table.RowCount)
            .Where(r => teams(team.Labels[team.Codes[r]]) && (last ? at.Days[r] >= max - cut : at.Days[r] < min + cut)).Select(r => days.Values[r]).ToArray()));
    }

    /// <summary>The requests whose day of the year lies in the first (or the last) third of the span.</summary>
    private static int ThirdCount(AnalysisTable table, bool last)
    {
        var at = (DateColumn)table.Find("requested_at")!;
        double min = at.Days.Min(), max = at.Days.Max(), cut = (max - min) / 3;
        return Enumerable.Range(0, table.RowCount).Count(r => last ? at.Days[r] >= max - cut : at.Days[r] < min + cut);
    }

    // ---------------------------------------------------------------- the load under a steady whole

    private static readonly double[] FlatMonths = [2.5, 2.4, 2.5, 2.6, 2.5, 2.5, 2.4, 2.5, 2.6, 2.5, 2.5, 2.5];

    [Fact]
    public void SteadyFacts_MoreRequestsCameInLater_SaysTheLevelHeldWhileTheLoadGrew()
    {
        // Twice as many requests a day in the last third as in the first: the day drawn from a rising density.
        var table = Requests(23, (_, _) => 2.5, 0.2, day: rng => (int)(365 * Math.Sqrt(rng.NextDouble())));
        var story = SteadyApproval(FlatMonths, 2.5, 2.4, 2.6);

        var facts = OwnRowsFacts.SteadyFacts(table, story);

        var load = Assert.Single(facts, f => f.Sentence.StartsWith("The median days to approve held while the load grew: ", StringComparison.Ordinal));
        Assert.Contains($": {Fmt.Int(ThirdCount(table, false))} {table.Noun} in Jan 2024", load.Sentence, StringComparison.Ordinal);
        Assert.Contains($" and {Fmt.Int(ThirdCount(table, true))} in ", load.Sentence, StringComparison.Ordinal);
        Assert.All(load.Facts, f => Assert.Contains("requested_at", f.Columns));
    }

    [Fact]
    public void SteadyFacts_RequestsCameInEvenly_SaysTheLevelHeldUnderTheSameLoad()
    {
        var table = Requests(23, (_, _) => 2.5, 0.2);
        var story = SteadyApproval(FlatMonths, 2.5, 2.4, 2.6);

        var facts = OwnRowsFacts.SteadyFacts(table, story);

        Assert.Single(facts, f => f.Sentence.StartsWith("The median days to approve held under the same load: ", StringComparison.Ordinal));
        Assert.DoesNotContain(facts, f => f.Sentence.Contains("the load grew", StringComparison.Ordinal));
    }
}
