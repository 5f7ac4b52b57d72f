using System.Globalization;
using System.Text;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The load behind a group's step (issue 21): its rows a month before the step and from then on.</summary>
public class SupportingFactsStepLoadTests
{
    private static AnalysisTable Changes()
    {
        var sb = new StringBuilder("change_id,category,failed\n");
        for (var i = 0; i < 200; i++) sb.Append(CultureInfo.InvariantCulture, $"CR{i:0000},{(i % 2 == 0 ? "Network" : "Database")},{(i % 7 == 0 ? "yes" : "no")}\n");
        return Table(sb.ToString());
    }

    /// <summary>
    /// A step of Network's failure rate from the sixth of ten whole months on, with the given decided rows on each side; the
    /// counts also hold the data's partial first and last months (Jan and Dec 2024), so each side spans six months.
    /// </summary>
    private static Insight NetworkStep(int nBefore, int nAfter)
    {
        string[] labels = ["Feb 2024", "Mar 2024", "Apr 2024", "May 2024", "Jun 2024", "Jul 2024", "Aug 2024", "Sep 2024", "Oct 2024", "Nov 2024"];
        var outcome = new RateOutcome("failed", "yes", true, "failed", []);
        var detail = new GroupDriftDetail("opened", "failed", outcome, "category", "Network", "%", labels, labels.Select((_, i) => 19000.0 + 30 * i).ToList(),
            labels.Select((_, i) => i < 5 ? 0.05 : 0.25).ToList(), null, 5, 0.05, 0.25, 0.06, 0.06, nBefore, nAfter, nBefore / 20, nAfter / 4, 20, 0.001, 10, 6, 6);
        return new Insight(StoryKinds.Of<GroupDriftStory>(), ["opened", "category", "failed"], "Network changes: failed 25% of the time from Jul 2024 on, 5% before", "", ["line"], "", 0, 0.001, 0, nBefore + nAfter, 0.5, detail);
    }

    [Fact]
    public void StepLoad_SameRowsAMonth_SaysTheSameLoad()
    {
        var fact = OwnRowsFacts.StepLoad(Changes(), NetworkStep(240, 246));

        Assert.NotNull(fact);
        Assert.Equal("The step came under the same load: 40 Network rows a month before Jul 2024, 41 from then on.", fact.Sentence);
        Assert.Equal(["40", "41"], fact.Facts.Select(f => f.Text));
    }

    [Fact]
    public void StepLoad_MoreRowsAMonth_SaysAHeavierLoad()
    {
        var fact = OwnRowsFacts.StepLoad(Changes(), NetworkStep(120, 360));

        Assert.NotNull(fact);
        Assert.StartsWith("The step came with a heavier load: 20 Network rows a month before Jul 2024, 60 from then on", fact.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void StepLoad_TooFewRowsOnASide_IsNotTold() =>
        Assert.Null(OwnRowsFacts.StepLoad(Changes(), NetworkStep(200, 20)));
}
