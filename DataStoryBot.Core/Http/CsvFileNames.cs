namespace DataStoryBot.Core.Http;

/// <summary>Placeholder until the CSV library's sanitizer is merged.</summary>
internal static class CsvFileNames
{
    public static string Sanitize(string? name)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string(baseName.Where(c => !char.IsControl(c) && c is not ('/' or ':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray()).Trim().TrimStart('.');
        if (clean.Length == 0)
        {
            return "upload.csv";
        }

        return clean.Length > 100 ? clean[..(100 - Path.GetExtension(clean).Length)] + Path.GetExtension(clean) : clean;
    }
}
