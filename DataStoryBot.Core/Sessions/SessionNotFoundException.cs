namespace DataStoryBot.Core.Sessions;

/// <summary>The session was deleted (or expired) while a job ran. Never retried.</summary>
public sealed class SessionNotFoundException(string sessionId) : Exception($"Session {sessionId} no longer exists.")
{
    public string SessionId { get; } = sessionId;
}
