using DataStoryBot.Core.Sessions;
using Microsoft.AspNetCore.Http;

namespace DataStoryBot.Core.Http;

/// <summary>Loads a session only for a caller holding its token (<c>Authorization: Bearer …</c>).</summary>
public sealed class SessionAuthenticator(SessionStore sessions)
{
    public async Task<SessionRecord?> AuthenticateAsync(HttpRequest request, string sessionId, CancellationToken cancellationToken)
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
        return session is not null && session.Status != SessionStore.ExpiringStatus && SessionSecrets.Verify(token, session.TokenHash) ? session : null;
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
