using System.Text.Json;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The structured answer of the discovery phase: the JSON schema sent as <c>text.format</c> (strict), and the validation
/// the answer must pass before it is accepted — the schema is a request to the model, not a guarantee.
/// </summary>
internal static class DiscoveryAnswer
{
    public const string FormatName = "story_candidates";

    public const int MaxTitleLength = 120;

    /// <summary>Exactly three candidates {title, summary, chartTypes[], evidence{test, statistic, pValue, effectSize, n, columns[]}}.</summary>
    public static readonly BinaryData Schema = BinaryData.FromString("""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["candidates"],
          "properties": {
            "candidates": {
              "type": "array",
              "minItems": 3,
              "maxItems": 3,
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title", "summary", "chartTypes", "evidence"],
                "properties": {
                  "title": { "type": "string", "description": "Specific headline, at most 120 characters." },
                  "summary": { "type": "string", "description": "Two sentences stating the computed finding." },
                  "chartTypes": { "type": "array", "items": { "type": "string" }, "description": "1 to 3 of: line, bar, scatter, histogram, box, heatmap, area." },
                  "evidence": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["test", "statistic", "pValue", "effectSize", "n", "columns"],
                    "properties": {
                      "test": { "type": "string", "description": "The statistical test or measure computed." },
                      "statistic": { "type": ["number", "null"] },
                      "pValue": { "type": ["number", "null"] },
                      "effectSize": { "type": ["number", "null"] },
                      "n": { "type": "integer", "description": "Rows used." },
                      "columns": { "type": "array", "items": { "type": "string" }, "description": "Exact column names from the profile." }
                    }
                  }
                }
              }
            }
          }
        }
        """);

    /// <summary>Parses and validates the model's answer; throws EngineException(InvalidResult) with the first problems found.</summary>
    public static IReadOnlyList<StoryCandidate> Parse(string? text, DatasetProfile profile)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid("the answer is empty");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Invalid($"the answer is not JSON ({e.Message})");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("candidates", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("the answer has no 'candidates' array");
            }

            if (list.GetArrayLength() != 3)
            {
                throw Invalid($"the answer has {list.GetArrayLength()} candidates; exactly 3 are required");
            }

            var columns = profile.Columns
                .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
            var problems = new List<string>();
            var result = new List<StoryCandidate>(3);
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                index++;
                var candidate = ReadCandidate(item, $"candidate {index}", columns, problems);
                if (candidate is not null)
                {
                    result.Add(candidate);
                }
            }

            var duplicate = result.GroupBy(c => c.Title, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                problems.Add($"two candidates share the title '{duplicate.Key}'");
            }

            if (problems.Count > 0)
            {
                throw Invalid(string.Join("; ", problems.Take(3)));
            }

            return result;
        }
    }

    private static StoryCandidate? ReadCandidate(JsonElement item, string where, Dictionary<string, string> columns, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where} is not an object");
            return null;
        }

        var before = problems.Count;
        var title = RequiredString(item, "title", where, problems);
        if (title is { Length: > MaxTitleLength })
        {
            problems.Add($"{where}: title is longer than {MaxTitleLength} characters");
        }

        var summary = RequiredString(item, "summary", where, problems);
        var chartTypes = StringArray(item, "chartTypes", where, problems);
        StoryEvidence? evidence = null;
        if (!item.TryGetProperty("evidence", out var ev) || ev.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: evidence is missing");
        }
        else
        {
            evidence = ReadEvidence(ev, where, columns, problems);
        }

        return problems.Count == before && title is not null && summary is not null && chartTypes is not null && evidence is not null
            ? new StoryCandidate(title, summary, chartTypes, evidence)
            : null;
    }

    private static StoryEvidence? ReadEvidence(JsonElement ev, string where, Dictionary<string, string> columns, List<string> problems)
    {
        var before = problems.Count;
        var test = RequiredString(ev, "test", where + ": evidence", problems);
        // The optional numbers support a story, they are not the story: an unusable one is dropped with a note rather
        // than costing the three candidates a second model call.
        var notes = new List<string>();
        var statistic = OptionalNumber(ev, "statistic", notes);
        var pValue = OptionalNumber(ev, "pValue", notes);
        if (pValue is < 0 or > 1)
        {
            notes.Add($"The stated p-value {pValue.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside [0, 1] and was dropped.");
            pValue = null;
        }

        var effect = OptionalNumber(ev, "effectSize", notes);
        long n = 0;
        if (!ev.TryGetProperty("n", out var nEl) || nEl.ValueKind != JsonValueKind.Number || !nEl.TryGetInt64(out n) || n < 1)
        {
            problems.Add($"{where}: evidence.n must be a positive integer");
        }

        var named = StringArray(ev, "columns", where + ": evidence", problems);
        var canonical = new List<string>();
        foreach (var c in named ?? [])
        {
            if (columns.TryGetValue(c.Trim(), out var real))
            {
                canonical.Add(real);
            }
            else
            {
                problems.Add($"{where}: evidence.columns names '{c}', which is not a column of the file");
            }
        }

        return problems.Count == before && test is not null
            ? new StoryEvidence(test, statistic, pValue, effect, n, canonical.Distinct(StringComparer.Ordinal).ToList(), Notes: notes.Count > 0 ? notes : null)
            : null;
    }

    private static string? RequiredString(JsonElement e, string name, string where, List<string> problems)
    {
        if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
        {
            return v.GetString()!.Trim();
        }

        problems.Add($"{where}: {name} must be a non-empty string");
        return null;
    }

    private static List<string>? StringArray(JsonElement e, string name, string where, List<string> problems)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0)
        {
            problems.Add($"{where}: {name} must be a non-empty array");
            return null;
        }

        var list = new List<string>();
        foreach (var s in v.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()))
            {
                problems.Add($"{where}: {name} holds an empty or non-string item");
                return null;
            }

            list.Add(s.GetString()!.Trim());
        }

        return list;
    }

    /// <summary>The number, or null when it is absent, null or not a finite number (then with a note saying so).</summary>
    private static double? OptionalNumber(JsonElement e, string name, List<string> notes)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d))
        {
            return d;
        }

        notes.Add($"The stated {name} ({v.GetRawText()}) is not a number and was dropped.");
        return null;
    }

    private static EngineException Invalid(string detail) =>
        new(EngineFailureKind.InvalidResult, $"The model's discovery answer was not usable: {detail}.");
}
