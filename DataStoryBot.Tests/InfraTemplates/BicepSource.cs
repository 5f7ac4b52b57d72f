using System.Globalization;
using System.Text.RegularExpressions;

namespace DataStoryBot.Tests.InfraTemplates;

/// <summary>One app setting as written in a Bicep object: its key, the value expression, and where.</summary>
internal sealed record BicepSetting(string Key, string Expression, string File, int Line);

/// <summary>
/// A deliberately small reader of the Bicep conventions infra/ follows. It is not a Bicep parser: it reads
/// object properties one per line (how `bicep format` lays them out), parameter and variable declarations
/// with literal defaults, and the bodies of <c>var *Settings = { ... }</c> objects.
/// </summary>
internal static partial class BicepSource
{
    /// <summary>Object properties whose key holds <c>__</c>: App Service's spelling of a configuration key's <c>:</c>.</summary>
    public static IReadOnlyList<BicepSetting> DoubleUnderscoreSettings(string text, string file = "")
    {
        var result = new List<BicepSetting>();
        var lines = SplitLines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var match = DoubleUnderscoreProperty().Match(lines[i]);
            if (match.Success)
            {
                result.Add(new BicepSetting(match.Groups["key"].Value, StripComment(match.Groups["value"].Value), file, i + 1));
            }
        }

        return result;
    }

    /// <summary>All keys of every <c>var NAMESettings = { ... }</c> object (multi-line form).</summary>
    public static IReadOnlyList<BicepSetting> SettingsObjects(string text, string file = "")
    {
        var result = new List<BicepSetting>();
        var lines = SplitLines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!SettingsVarStart().IsMatch(lines[i]))
            {
                continue;
            }

            var depth = 1;
            for (var j = i + 1; j < lines.Length && depth > 0; j++)
            {
                var code = StripComment(lines[j]);
                if (depth == 1)
                {
                    var property = AnyProperty().Match(code);
                    if (property.Success)
                    {
                        result.Add(new BicepSetting(property.Groups["key"].Value, property.Groups["value"].Value.Trim(), file, j + 1));
                    }
                }

                depth += CountBraces(code);
            }
        }

        return result;
    }

    /// <summary>Parameters and variables whose default or value is a literal (string, integer, bool), as .NET strings.</summary>
    public static IReadOnlyDictionary<string, string> LiteralDeclarations(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in SplitLines(text))
        {
            var match = Declaration().Match(line);
            if (match.Success && TryLiteral(StripComment(match.Groups["value"].Value), out var literal))
            {
                result[match.Groups["name"].Value] = literal;
            }
        }

        return result;
    }

    /// <summary>Names of every parameter and variable declared in the file.</summary>
    public static IReadOnlySet<string> DeclaredNames(string text, string keyword)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in SplitLines(text))
        {
            var match = DeclaredName().Match(line);
            if (match.Success && match.Groups["kind"].Value == keyword)
            {
                names.Add(match.Groups["name"].Value);
            }
        }

        return names;
    }

    /// <summary>
    /// The identifier an app setting takes its value from, when the expression is just a reference
    /// (<c>engine</c>) or a conversion of one (<c>string(maxUploadBytes)</c>); otherwise null.
    /// </summary>
    public static string? ReferencedIdentifier(string expression)
    {
        var match = Reference().Match(expression.Trim());
        return match.Success && match.Groups["name"].Value is not ("true" or "false" or "null")
            ? match.Groups["name"].Value
            : null;
    }

    /// <summary>A Bicep literal as the string App Service would hand the app.</summary>
    public static bool TryLiteral(string expression, out string value)
    {
        var text = expression.Trim();
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' && !text.Contains("${", StringComparison.Ordinal))
        {
            value = text[1..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            value = number.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        if (text is "true" or "false")
        {
            value = text;
            return true;
        }

        value = "";
        return false;
    }

    /// <summary>Removes a trailing <c>//</c> comment that is outside any string literal.</summary>
    public static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString && c == '\\')
            {
                i++;
            }
            else if (c == '\'')
            {
                inString = !inString;
            }
            else if (!inString && c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                return line[..i].TrimEnd();
            }
        }

        return line.TrimEnd();
    }

    private static int CountBraces(string code)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (inString && c == '\\')
            {
                i++;
            }
            else if (c == '\'')
            {
                inString = !inString;
            }
            else if (!inString && c == '{')
            {
                depth++;
            }
            else if (!inString && c == '}')
            {
                depth--;
            }
        }

        return depth;
    }

    private static string[] SplitLines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex(@"^\s*'?(?<key>[A-Za-z_][A-Za-z0-9_]*?__[A-Za-z0-9_]+)'?\s*:\s*(?<value>.*)$")]
    private static partial Regex DoubleUnderscoreProperty();

    [GeneratedRegex(@"^\s*'?(?<key>[A-Za-z_][A-Za-z0-9_\-\.]*)'?\s*:\s*(?<value>.*)$")]
    private static partial Regex AnyProperty();

    [GeneratedRegex(@"^\s*var\s+\w*[Ss]ettings\s*=\s*\{\s*(//.*)?$")]
    private static partial Regex SettingsVarStart();

    [GeneratedRegex(@"^\s*(?:param\s+(?<name>\w+)\s+\w+(?:\[\])?|var\s+(?<name>\w+))\s*=\s*(?<value>.+)$")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*(?<kind>param|var)\s+(?<name>\w+)\b")]
    private static partial Regex DeclaredName();

    [GeneratedRegex(@"^(?:string\(\s*(?<name>[A-Za-z_]\w*)\s*\)|(?<name>[A-Za-z_]\w*))$")]
    private static partial Regex Reference();
}
