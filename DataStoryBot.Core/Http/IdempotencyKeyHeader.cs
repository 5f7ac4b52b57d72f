using Microsoft.AspNetCore.Http;

namespace DataStoryBot.Core.Http;

/// <summary>
/// The optional <c>Idempotency-Key</c> header of analyze and refine: at most <see cref="MaxLength"/> printable ASCII
/// characters, sent once. A key that breaks these rules is refused with 400 (a retry with it would otherwise start a
/// second job, the very thing the key is for).
/// </summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>The key (null when none was sent), or the problem to answer.</summary>
    public static (string? Key, IResult? Error) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Name, out var values) || values.Count == 0)
        {
            return (null, null);
        }

        if (values.Count > 1)
        {
            return (null, Invalid($"The request carries {values.Count} {Name} headers; send exactly one."));
        }

        var key = values[0] ?? "";
        if (key.Length == 0)
        {
            return (null, Invalid($"The {Name} header is empty. Send a unique key (a UUID, say) or leave the header out."));
        }

        if (key.Length > MaxLength)
        {
            return (null, Invalid($"The {Name} has {key.Length} characters; at most {MaxLength} are allowed. A UUID (36 characters) is a good key."));
        }

        var bad = key.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (bad >= 0)
        {
            return (null, Invalid($"The {Name} has a control or non-ASCII character at position {bad + 1}; use printable ASCII only (a UUID is a good key)."));
        }

        return (key, null);
    }

    static IResult Invalid(string detail) => Problems.Create(400, "invalid-idempotency-key", "Invalid Idempotency-Key", detail);
}
