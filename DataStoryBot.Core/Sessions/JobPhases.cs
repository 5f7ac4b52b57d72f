namespace DataStoryBot.Core.Sessions;

/// <summary>
/// The two phases of an analysis: discovery ("analyze") and refinement ("refine"). A phase's name is also the start of
/// its job key on the session (<see cref="JobIds.AnalyzeKey"/>, <see cref="JobIds.RefineKey"/>), the letter in its job
/// ids and the word in its problems' texts.
/// </summary>
public static class JobPhases
{
    public const string Analyze = "analyze";
    public const string Refine = "refine";
}
