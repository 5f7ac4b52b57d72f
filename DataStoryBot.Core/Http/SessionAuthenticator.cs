using DataStoryBot.Core.Sessions;
using Microsoft.AspNetCore.Http;

namespace DataStoryBot.Core.Http;

/// <summary>Loads a session only for a caller holding its token (<c>Authorization: Bearer …</c>).</summary>
public sealed class SessionAuthenticator(SessionStore sessions)
{
    public Task<SessionRecord?> AuthenticateAsync(HttpRequest request, string sessionId, CancellationToken cancellationToken) =>
        AuthenticateAsync(request, sessionId, includeDeleting: false, cancellationToken);

    /// <summary>
    /// For DELETE: also a session already being deleted (marked by a sweep, or by a DELETE that stopped half-way), so a
    /// repeated DELETE by its owner finishes the removal instead of answering 404 over data that is still there.
    /// </summary>
    public Task<SessionRecord?> AuthenticateForDeleteAsync(HttpRequest request, string sessionId, CancellationToken cancellationToken) =>
        AuthenticateAsync(request, sessionId, includeDeleting: true, cancellationToken);

    async Task<SessionRecord?> AuthenticateAsync(HttpRequest request, string sessionId, bool includeDeleting, CancellationToken cancellationToken)
    {
        if (!SessionSecrets.IsWellFormedSessionId(sessionId))
        {
            return null;
        }

        var token = BearerToken(request);
        if (token is null)
        {
            return null;
        }

        // A session the retention sweep has marked is being deleted: it is gone for every caller from that moment,
        // so no job can start and write artifacts behind the sweep's back.
        var session = await sessions.GetAsync(sessionId, cancellationToken);
        return session is not null && (includeDeleting || session.Status != SessionStatus.Deleting) && SessionSecrets.Verify(token, session.TokenHash) ? session : null;
    }

    static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
