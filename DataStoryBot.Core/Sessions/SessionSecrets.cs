using System.Security.Cryptography;
using System.Text;

namespace DataStoryBot.Core.Sessions;

/// <summary>Unguessable session ids and 256-bit bearer tokens, stored only as SHA-256 hashes.</summary>
public static class SessionSecrets
{
    /// <summary>A session id: "s" + 32 hex characters of 128 random bits. Safe in blob paths, table keys and instance ids.</summary>
    public static string NewSessionId() => "s" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A token: 256 random bits, base64url without padding.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares a presented token with a stored hash in constant time.</summary>
    public static bool Verify(string? presentedToken, string storedHash)
    {
        if (string.IsNullOrEmpty(presentedToken) || storedHash.Length != 64)
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedToken));
        Span<byte> stored = stackalloc byte[32];
        if (Convert.FromHexString(storedHash, stored, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    /// <summary>True when the text has the shape of a session id (so it can go into paths and keys).</summary>
    public static bool IsWellFormedSessionId(string? id) =>
        id is { Length: 33 } && id[0] == 's' && id.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
