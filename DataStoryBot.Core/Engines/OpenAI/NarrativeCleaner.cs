using System.Text.RegularExpressions;
using DataStoryBot.Core.Output;

namespace DataStoryBot.Core.Engines.OpenAI;

/// <summary>
/// The model links charts and files into its sandbox (<c>sandbox:/mnt/data/…</c>; that is how they are cited). This
/// reads the chart titles from those links and cleans them out of the narrative the user reads.
/// </summary>
internal static partial class NarrativeCleaner
{
    /// <summary>
    /// The narrative as the user reads it: the page shows the charts and offers the dataset itself, and sandbox paths mean
    /// nothing outside the container. A chart image on its own line goes, one inside a sentence leaves its title, a link
    /// to a file keeps only its text. What remains passes <see cref="ModelMarkdown.Sanitize"/>: no raw HTML, no other
    /// image, no link but http(s) and mailto (the model read the file, so its text may carry the data's payloads).
    /// </summary>
    public static string Clean(string text)
    {
        var withoutImages = ImageLine().Replace(text, "");
        withoutImages = ImageLink().Replace(withoutImages, m => m.Groups["alt"].Value);
        var withoutLinks = FileLink().Replace(withoutImages, m => m.Groups["text"].Value);
        return ExtraBlankLines().Replace(ModelMarkdown.Sanitize(withoutLinks), "\n\n").Trim() + "\n";
    }

    /// <summary>Chart file name → the alt text the model gave its image link.</summary>
    public static Dictionary<string, string> ChartTitles(string text)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in ImageLink().Matches(text))
        {
            var alt = m.Groups["alt"].Value.Trim();
            if (alt.Length > 0)
            {
                titles.TryAdd(Path.GetFileName(m.Groups["file"].Value), alt);
            }
        }

        return titles;
    }

    /// <summary>
    /// Chart file name → the description the model gave as its image link's title (<c>![title](sandbox:… "description")</c>),
    /// kept only when it names one of <paramref name="columns"/> (as written, or with _ and - read as spaces).
    /// </summary>
    public static Dictionary<string, string> ChartDescriptions(string text, IEnumerable<string> columns)
    {
        var names = columns.Where(c => c.Length > 0).SelectMany(c => new[] { c, c.Replace('_', ' ').Replace('-', ' ') }).Distinct().ToList();
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in ImageLink().Matches(text))
        {
            var description = m.Groups["desc"].Value.Trim();
            if (description.Length > 0 && names.Any(n => description.Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                descriptions.TryAdd(Path.GetFileName(m.Groups["file"].Value), description);
            }
        }

        return descriptions;
    }

    [GeneratedRegex(@"!\[(?<alt>[^\]]*)\]\(sandbox:/mnt/data/(?<file>[^)\s]+)(?:\s+""(?<desc>[^""]*)"")?\)")]
    private static partial Regex ImageLink();

    [GeneratedRegex(@"^[ \t]*!\[[^\]]*\]\(sandbox:/mnt/data/[^)\s]+(?:\s+""[^""]*"")?\)[ \t]*\r?\n?", RegexOptions.Multiline)]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"(?<!!)\[(?<text>[^\]]*)\]\(sandbox:/mnt/data/[^)\s]+\)")]
    private static partial Regex FileLink();

    [GeneratedRegex(@"(\r?\n){3,}")]
    private static partial Regex ExtraBlankLines();
}
