namespace DataStoryBot.Core.Sessions;

/// <summary>
/// Where a session is in its life. <see cref="Deleting"/> is the one name of the fifth state: a DELETE or the retention
/// sweep has marked the session, it is gone for every caller, and nothing may write to it again except its removal.
/// </summary>
public enum SessionStatus
{
    Uploaded,
    Analyzing,
    Analyzed,
    AnalysisFailed,
    Deleting,
}

/// <summary>The stored (and API) spelling of a <see cref="SessionStatus"/>: the strings rows hold today, so old rows stay readable.</summary>
public static class SessionStatusNames
{
    /// <summary>The stored spelling of <see cref="SessionStatus.Deleting"/> (the retention sweep's query filters on it).</summary>
    public const string Deleting = "expiring";

    public static string ToName(this SessionStatus status) => status switch
    {
        SessionStatus.Uploaded => "uploaded",
        SessionStatus.Analyzing => "analyzing",
        SessionStatus.Analyzed => "analyzed",
        SessionStatus.AnalysisFailed => "analysis_failed",
        SessionStatus.Deleting => Deleting,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Reads a stored status; an unknown or missing one reads as <see cref="SessionStatus.Uploaded"/> (the state every row starts in).</summary>
    public static SessionStatus Parse(string? name) => name switch
    {
        "analyzing" => SessionStatus.Analyzing,
        "analyzed" => SessionStatus.Analyzed,
        "analysis_failed" => SessionStatus.AnalysisFailed,
        Deleting or "deleting" => SessionStatus.Deleting,
        _ => SessionStatus.Uploaded,
    };
}
