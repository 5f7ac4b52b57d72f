using System.Text.RegularExpressions;

namespace DataStoryBot.Core.Csv;

/// <summary>
/// What a timestamp column's name says about a row's own process: a start (opened, submitted), an end (resolved,
/// shipped) or a plan (due, scheduled). The built-in analyst derives durations from the pairs; the OpenAI engine names
/// them in its prompt.
/// </summary>
public static partial class TimestampNames
{
    private static readonly (string Stem, string Verb)[] Ends =
    [
        ("resolv", "resolve"), ("clos", "close"), ("complet", "complete"), ("finish", "finish"), ("process", "process"),
        ("approv", "approve"), ("paid", "pay"), ("ship", "ship"), ("deliver", "deliver"), ("fulfil", "fulfil"),
        ("respon", "respond"), ("answer", "answer"), ("fix", "fix"), ("hired", "hire"), ("decid", "decide"),
        ("review", "review"), ("end", "end"), ("done", "finish"), ("return", "return"), ("arriv", "arrive"), ("settl", "settle"),
        ("reimburs", "reimburse"), ("accept", "accept"), ("reject", "reject"), ("declin", "decline"),
    ];

    private static readonly string[] Starts =
    [
        "open", "creat", "submit", "start", "request", "report", "raise", "receiv", "order", "logged", "begin", "assign",
        "sent", "appl", "post", "issued", "filed", "entered", "placed", "incurred", "purchas", "depart", "invoic",
    ];

    /// <summary>
    /// Whether two timestamp columns read as the start and the end of each row's own process (opened → closed), by
    /// their names: the rule the built-in analyst's durations and the OpenAI engine's prompt share.
    /// </summary>
    public static bool IsStartEndPair(string start, string end) =>
        IsStart(start) && EndVerb(end) is not null && !IsPlan(start) && !IsPlan(end);

    /// <summary>Whether a timestamp's name reads as when something was asked for or began (requested, opened), not a plan.</summary>
    public static bool IsStartName(string name) => IsStart(name) && !IsPlan(name);

    /// <summary>Whether a timestamp's name reads as a plan (planned, due, target, warranty end), not an event.</summary>
    public static bool IsPlanName(string name) => IsPlan(name);

    private static bool IsPlan(string name) =>
        Tokens(name).Any(t => t.StartsWith("plan", StringComparison.Ordinal) || t.StartsWith("sched", StringComparison.Ordinal)
            || t is "due" || t.StartsWith("target", StringComparison.Ordinal) || t.StartsWith("expect", StringComparison.Ordinal) || t.StartsWith("estimat", StringComparison.Ordinal)
            || t.StartsWith("warrant", StringComparison.Ordinal) || t.StartsWith("expir", StringComparison.Ordinal) || t.StartsWith("renew", StringComparison.Ordinal));

    private static bool IsStart(string name) => Tokens(name).Any(t => Starts.Any(st => t.StartsWith(st, StringComparison.Ordinal)));

    /// <summary>The verb an end timestamp's name stands for ("resolved_at" → "resolve"), or null when it names no end.</summary>
    public static string? EndVerb(string name)
    {
        if (IsStart(name)) return null;
        var tokens = Tokens(name);
        return Ends.FirstOrDefault(e => tokens.Any(t => t.StartsWith(e.Stem, StringComparison.Ordinal))).Verb;
    }

    private static List<string> Tokens(string name) =>
        NameTokens().Matches(CamelBreak().Replace(name, "$1 $2")).Select(m => m.Value.ToLowerInvariant()).ToList();

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex NameTokens();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex CamelBreak();
}
