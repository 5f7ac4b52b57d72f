using System.Globalization;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>Number parsing that accepts thousands separators, decimal commas, currency signs and percent.</summary>
public static class NumberParser
{
    public static bool IsMissingToken(ReadOnlySpan<char> s)
    {
        s = s.Trim();
        if (s.IsEmpty) return true;
        if (s.Length > 4) return false;
        return s.Equals("NA", StringComparison.OrdinalIgnoreCase) || s.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || s.Equals("null", StringComparison.OrdinalIgnoreCase) || s.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || s.Equals("none", StringComparison.OrdinalIgnoreCase) || s.Equals("-", StringComparison.Ordinal)
            || s.Equals("?", StringComparison.Ordinal) || s.Equals("#N/A", StringComparison.OrdinalIgnoreCase)
            || s.Equals("nil", StringComparison.OrdinalIgnoreCase) || s.Equals("--", StringComparison.Ordinal);
    }

    /// <summary>Parses a number; <paramref name="decimalSeparator"/> is '.' or ','. The other one (and spaces, apostrophes) may group thousands.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, char decimalSeparator, out double value)
    {
        s = s.Trim();
        value = double.NaN;
        if (s.IsEmpty) return false;
        if (decimalSeparator == '.' && IsPlain(s))
        {
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }
        return TryParseSlow(s, decimalSeparator, out value);
    }

    private static bool IsPlain(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
        }
        return true;
    }

    private static bool TryParseSlow(ReadOnlySpan<char> s, char decimalSeparator, out double value)
    {
        value = double.NaN;
        if (s.Length > 64) return false;
        var group = decimalSeparator == '.' ? ',' : '.';
        Span<char> buffer = stackalloc char[s.Length];
        var len = 0;
        var percent = false;
        var negative = false;
        if (s[0] == '(' && s[^1] == ')') { negative = true; s = s[1..^1].Trim(); }
        var digitsSinceGroup = -1;
        var seenDecimal = false;
        var seenDigit = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                buffer[len++] = c;
                seenDigit = true;
                if (digitsSinceGroup >= 0) digitsSinceGroup++;
            }
            else if (c == decimalSeparator)
            {
                if (seenDecimal || (digitsSinceGroup >= 0 && digitsSinceGroup != 3)) return false;
                seenDecimal = true;
                digitsSinceGroup = -1;
                buffer[len++] = '.';
            }
            else if (c == group || c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\'' || c == '_')
            {
                if (seenDecimal || !seenDigit || (digitsSinceGroup >= 0 && digitsSinceGroup != 3)) return false;
                digitsSinceGroup = 0;
            }
            else if ((c == '-' || c == '+') && len == 0)
            {
                buffer[len++] = c;
            }
            else if ((c == 'e' || c == 'E') && seenDigit && i + 1 < s.Length)
            {
                if (digitsSinceGroup >= 0 && digitsSinceGroup != 3) return false;
                digitsSinceGroup = -1;
                buffer[len++] = 'e';
                if (s[i + 1] is '-' or '+') buffer[len++] = s[++i];
            }
            else if (c == '%' && i == s.Length - 1)
            {
                percent = true;
            }
            else if ((c is '$' or '€' or '£' or '¥') && !seenDigit)
            {
                continue;
            }
            else
            {
                return false;
            }
        }
        if (!seenDigit || (digitsSinceGroup >= 0 && digitsSinceGroup != 3)) return false;
        if (!double.TryParse(buffer[..len], NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)) return false;
        if (negative) value = -value;
        _ = percent; // a percent sign keeps the number as written (12% → 12)
        return true;
    }
}

/// <summary>Date parsing in common formats. A column picks the one format that reads most of its sample.</summary>
public static class DateParser
{
    public const string IsoFormat = "iso";

    /// <summary>Formats tried in order; on a tie the earlier wins (so month-first beats day-first).</summary>
    public static readonly string[] Formats =
    [
        IsoFormat, "yyyy/MM/dd", "yyyy-MM", "yyyy/M/d", "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "d/M/yyyy", "d/M/yyyy H:mm",
        "d.M.yyyy", "d.M.yyyy H:mm", "d-M-yyyy", "M/d/yy", "d/M/yy", "MMM yyyy", "MMMM yyyy", "MMM d yyyy", "MMM d, yyyy",
        "MMMM d, yyyy", "MMMM d yyyy", "d MMM yyyy", "d MMMM yyyy", "dd-MMM-yyyy", "dd-MMM-yy", "MMM-yy", "MMM-yyyy", "yyyy-MMM-dd",
        "ddd MMM d yyyy", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
    ];

    public static bool TryParse(ReadOnlySpan<char> s, string format, out DateTime value)
    {
        s = s.Trim();
        value = default;
        if (s.Length < 4) return false;
        if (format == IsoFormat)
        {
            if (TryParseIsoDate(s, out value)) return true;
            if (s.Length >= 10 && s[4] == '-' && s[7] == '-'
                && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var dto))
            {
                value = s.Length > 19 && (s[^1] == 'Z' || s[^3] == ':' || s[^5] == '+' || s[^5] == '-') ? dto.UtcDateTime : dto.DateTime;
                value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
                return true;
            }
            return false;
        }
        if (format == "yyyyMMdd" && (s.Length != 8 || !int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 1000))
        {
            return false;
        }
        return DateTime.TryParseExact(s, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>Fast path for yyyy-MM-dd.</summary>
    private static bool TryParseIsoDate(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        if (!TryDigits(s[..4], out var y) || !TryDigits(s.Slice(5, 2), out var m) || !TryDigits(s.Slice(8, 2), out var d)) return false;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        value = new DateTime(y, m, d);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>Picks the format that parses most of the values (at least <paramref name="minShare"/> of them).</summary>
    public static string? DetectFormat(IReadOnlyList<string> values, double minShare = 0.9)
    {
        if (values.Count == 0) return null;
        string? best = null;
        var bestCount = 0;
        foreach (var format in Formats)
        {
            var count = 0;
            foreach (var v in values) if (TryParse(v, format, out _)) count++;
            if (count > bestCount) { best = format; bestCount = count; }
            if (bestCount == values.Count) break;
        }
        return bestCount >= minShare * values.Count ? best : null;
    }
}
