using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The numbers the model computed for the narrative, from the <c>facts.json</c> the instructions ask it to save: each
/// with its computation, columns and rows. Only facts whose text the narrative really states are kept. A missing or
/// unreadable file leaves the list empty (logged); it never fails the story.
/// </summary>
internal sealed class FactsReader(OpenAIContainerApi containers, ILogger logger)
{
    /// <summary>Largest facts file read.</summary>
    public const long MaxFactsBytes = 1024 * 1024;

    public async Task<IReadOnlyList<NarrativeFact>> ReadAsync(string containerId, string prefix, string narrative, CancellationToken ct)
    {
        var files = await containers.ListFilesAsync(containerId, ct).ConfigureAwait(false);
        var file = files.FirstOrDefault(f => Path.GetFileName(f.Path ?? "") == prefix + "facts.json");
        if (file is null || file.SizeInBytes is > MaxFactsBytes or 0)
        {
            OpenAIEngineLog.FileSkipped(logger, file?.Id ?? "-", prefix + "facts.json", containerId, file is null ? "no facts file" : $"facts file of {file.SizeInBytes} bytes");
            return [];
        }

        await using var stream = await containers.OpenFileAsync(containerId, file.Id, ct).ConfigureAwait(false);
        try
        {
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            return Parse(json.RootElement, narrative);
        }
        catch (JsonException e)
        {
            OpenAIEngineLog.FileSkipped(logger, file.Id, file.Path ?? "", containerId, "facts file is not JSON: " + e.Message);
            return [];
        }
    }

    /// <summary>The facts of a parsed <c>facts.json</c> array that have a text the narrative states and a finite value.</summary>
    public static IReadOnlyList<NarrativeFact> Parse(JsonElement root, string narrative)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var facts = new List<NarrativeFact>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } stated
                && item.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble())
                && narrative.Contains(stated, StringComparison.Ordinal))
            {
                facts.Add(new NarrativeFact(stated, value.GetDouble(),
                    item.TryGetProperty("computation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "",
                    item.TryGetProperty("columns", out var cols) && cols.ValueKind == JsonValueKind.Array
                        ? cols.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                        : [],
                    item.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.String ? rows.GetString()! : ""));
            }
        }

        return facts;
    }
}
