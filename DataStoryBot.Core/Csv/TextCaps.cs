using System.Globalization;

namespace DataStoryBot.Core.Csv;

/// <summary>
/// Caps on every string an upload's parser hands on (to the profile, the answer, a problem detail or a log line), so
/// that nothing the service stores or sends grows with a hostile file's size. A capped string keeps its start and ends
/// with a marker that counts what was cut: <c>"Quarterly sal… (+39,744 characters)"</c>.
/// </summary>
public static class TextCaps
{
    /// <summary>Column and sheet names (Excel allows 31 characters for a sheet name and 255 for a header cell it shows in full).</summary>
    public const int NameChars = 256;

    /// <summary>A cell value quoted in a warning (a title above the table).</summary>
    public const int QuotedValueChars = 100;

    /// <summary>One value of the profile's sample rows.</summary>
    public const int SampleValueChars = 1_000;

    /// <summary>One warning.</summary>
    public const int WarningChars = 2_000;

    /// <summary>Warnings in one profile; past them, one last warning counts the rest.</summary>
    public const int MaxWarnings = 40;

    /// <summary>A problem's detail (and the log line that repeats it).</summary>
    public const int DetailChars = 4_000;

    /// <summary>Names listed one by one in a warning or a problem detail; the rest are counted.</summary>
    public const int NamesListed = 20;

    /// <summary><paramref name="text"/> as it is when it has at most <paramref name="max"/> characters, else its start and a marker counting the rest.</summary>
    public static string Cap(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        int keep = max;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--; // never cut a character in two
        }

        return string.Concat(text.AsSpan(0, keep), "… (+", (text.Length - keep).ToString("N0", CultureInfo.InvariantCulture), " characters)");
    }

    /// <summary>The first <see cref="NamesListed"/> names, quoted and capped, then a count of the rest: <c>"a", "b" and 49,998 more</c>.</summary>
    /// <param name="names">The names (only the first <see cref="NamesListed"/> are read).</param>
    /// <param name="total">How many there are, when <paramref name="names"/> holds only the first of them.</param>
    public static string QuotedList(IReadOnlyCollection<string> names, int? total = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        var listed = names.Take(NamesListed).Select(n => $"\"{Cap(n, NameChars)}\"").ToList();
        int count = Math.Max(total ?? names.Count, names.Count);
        return count > listed.Count
            ? $"{string.Join(", ", listed)} and {(count - listed.Count).ToString("N0", CultureInfo.InvariantCulture)} more"
            : string.Join(", ", listed);
    }

    /// <summary>Every warning capped at <see cref="WarningChars"/>, at most <see cref="MaxWarnings"/> of them, the last counting the ones left out.</summary>
    public static IReadOnlyList<string> Warnings(IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (warnings.Count <= MaxWarnings && warnings.All(w => w.Length <= WarningChars))
        {
            return warnings;
        }

        var capped = warnings.Take(warnings.Count <= MaxWarnings ? MaxWarnings : MaxWarnings - 1).Select(w => Cap(w, WarningChars)).ToList();
        if (warnings.Count > MaxWarnings)
        {
            capped.Add($"{(warnings.Count - capped.Count).ToString("N0", CultureInfo.InvariantCulture)} more warning(s) were left out.");
        }

        return capped;
    }
}
