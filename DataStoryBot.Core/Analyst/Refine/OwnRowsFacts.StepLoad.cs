using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stories;
using DataStoryBot.Core.Engines;
using static DataStoryBot.Core.Analyst.Refine.StoryText;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>The load behind a step (issue 21): whether the group's rows came in faster when its level moved.</summary>
public static partial class OwnRowsFacts
{
    /// <summary>How many times the rows a month before a step the rows a month after must be (or a fraction thereof) to be called a heavier (lighter) load.</summary>
    public const double StepLoadRatio = 1.1;

    /// <summary>
    /// Behind a step (a group's rate or measure that moved to another level from one month on): how many of the group's
    /// rows came in a month before and from then on, from the story's own counts, each side at least
    /// <see cref="MinSide"/> rows. Said whichever way it went: a step under a heavier load has a rival explanation (more
    /// work, more haste), one under the same load has not.
    /// </summary>
    public static SupportingFact? StepLoad(AnalysisTable table, Insight story)
    {
        if (story.Detail is not GroupDriftDetail d || d.MonthsBefore <= 0 || d.MonthsAfter <= 0 || d.NBefore < MinSide || d.NAfter < MinSide) return null;
        // The counts cover the data's partial first and last months too, so they are spread over those months as well.
        var (monthsBefore, monthsAfter) = (d.MonthsBefore, d.MonthsAfter);
        var (before, after) = (d.NBefore / (double)monthsBefore, d.NAfter / (double)monthsAfter);
        var noun = table.Noun;
        var g = d.Group is null ? null : table.Find(d.Group) as CategoryColumn;
        var who = g is not null && d.Level is not null && Array.IndexOf(g.Labels, d.Level) is var code and >= 0 ? GroupWho(g, code, noun) : noun;
        var decided = d.Outcome is not null ? $" ({d.Outcome.Column} decided)" : "";
        var nb = new NarrativeBuilder();
        var cols = new List<string> { d.TimeColumn };
        if (d.Group is not null) cols.Add(d.Group);
        if (d.Outcome is not null) cols.Add(d.Outcome.Column);
        var when = d.Labels[d.Split];
        string Per(double v, string what) => nb.N(v, $"{what} per month", cols, AllRows(table), x => Fmt.Num(Math.Round(x)));
        var counts = $"{Per(before, $"{who}{decided} before {when}")} {who} a month before {when}, {Per(after, $"{who}{decided} from {when} on")} from then on";
        var sentence = after >= StepLoadRatio * before ? $"The step came with a heavier load: {counts}."
            : after <= before / StepLoadRatio ? $"The step came with a lighter load: {counts}."
            : $"The step came under the same load: {counts}.";
        return new SupportingFact(story, sentence, nb.Facts.ToList());
    }
}
