using DataStoryBot.Core.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DataStoryBot.Core.Http;

/// <summary>RFC 9457 problem responses (<c>application/problem+json</c>) with a type, title, status and actionable detail.</summary>
public static class Problems
{
    public static IResult Create(int status, string slug, string title, string detail, IDictionary<string, object?>? extensions = null, TimeSpan? retryAfter = null)
    {
        var problem = new ProblemDetails
        {
            Type = JobProblems.TypePrefix + slug,
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        var result = TypedResults.Problem(problem);
        return retryAfter is { } wait ? new WithHeader(result, "Retry-After", ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)) : result;
    }

    public static IResult From(JobProblem problem, IDictionary<string, object?>? extensions = null) =>
        Create(problem.Status, problem.Type.StartsWith(JobProblems.TypePrefix, StringComparison.Ordinal) ? problem.Type[JobProblems.TypePrefix.Length..] : problem.Type,
            problem.Title, problem.Detail, extensions);

    /// <summary>The one answer for an unknown session, a missing token and a wrong token, so sessions cannot be enumerated.</summary>
    public static IResult SessionNotFound() => Create(404, "session-not-found", "Session not found",
        "No session matches this id and token. Check the session id and send the sessionToken from the upload as 'Authorization: Bearer <token>'.");

    public static IResult NotFound(string what, string detail) => Create(404, "not-found", $"{what} not found", detail);

    public static IResult BadRequest(string title, string detail) => Create(400, "bad-request", title, detail);

    /// <summary>An IResult that adds one response header before the inner result runs.</summary>
    public sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
