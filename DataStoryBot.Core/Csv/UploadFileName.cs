using System.Text;

namespace DataStoryBot.Core.Csv;

/// <summary>Turns a client-supplied file name into one that is safe to store, log and show.</summary>
public static class UploadFileName
{
    public const string Default = "upload.csv";
    public const int MaxLength = 100;
    private const int MaxExtensionLength = 10;

    private static readonly string[] ReservedDeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>
    /// Keeps the last path component only (no directories, no traversal), drops control characters and the characters
    /// reserved on common file systems (<c>&lt; &gt; : " / \ | ? *</c>), trims spaces and dots at both ends, avoids
    /// Windows device names and caps the length at <see cref="MaxLength"/> characters while keeping the extension.
    /// Returns <see cref="Default"/> when nothing usable is left.
    /// </summary>
    public static string Sanitize(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return Default;
        }

        string name = fileName;
        int slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        var sb = new StringBuilder(name.Length);
        foreach (char c in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*'
                || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator
                    or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            sb.Append(c);
        }

        name = sb.ToString().Trim().Trim('.').Trim();
        if (name.Length == 0)
        {
            return Default;
        }

        string stem = Path.GetFileNameWithoutExtension(name);
        string extension = Path.GetExtension(name);
        if (extension.Length > MaxExtensionLength || extension.Length == name.Length)
        {
            stem = name;
            extension = string.Empty;
        }

        if (Array.Exists(ReservedDeviceNames, r => r.Equals(stem.Split('.')[0], StringComparison.OrdinalIgnoreCase)))
        {
            stem = "_" + stem;
        }

        if (stem.Length + extension.Length > MaxLength)
        {
            int keep = MaxLength - extension.Length;
            if (char.IsHighSurrogate(stem[keep - 1]))
            {
                keep--;
            }

            stem = stem[..keep].TrimEnd(' ', '.');
        }

        return stem.Length == 0 ? Default : stem + extension;
    }
}
