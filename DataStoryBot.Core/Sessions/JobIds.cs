using System.Security.Cryptography;

namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Job ids are orchestration instance ids: "{sessionId}-{a|r}-{16 hex}". The session id prefix lets the job
/// endpoint check the session's token before it reads anything else.
/// </summary>
public static class JobIds
{
    public static string New(string sessionId, string phase) =>
        $"{sessionId}-{(phase == JobPhases.Analyze ? 'a' : 'r')}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    public static bool TryGetSessionId(string? jobId, out string sessionId)
    {
        sessionId = "";
        if (jobId is null || jobId.Length != 33 + 3 + 16 || jobId[33] != '-' || jobId[35] != '-' || (jobId[34] != 'a' && jobId[34] != 'r'))
        {
            return false;
        }

        var candidate = jobId[..33];
        if (!SessionSecrets.IsWellFormedSessionId(candidate) || jobId.AsSpan(36).ContainsAnyExcept("0123456789abcdef"))
        {
            return false;
        }

        sessionId = candidate;
        return true;
    }

    public static string PhaseOf(string jobId) => jobId[34] == 'a' ? JobPhases.Analyze : JobPhases.Refine;

    /// <summary>The session's job key of a discovery: the phase's name.</summary>
    public static string AnalyzeKey => JobPhases.Analyze;

    /// <summary>The session's job key of one story's refinement.</summary>
    public static string RefineKey(string storyId) => JobPhases.Refine + ":" + storyId;

    public static string StoryIdFor(string title) =>
        "st" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(title.Trim())))[..12];
}
