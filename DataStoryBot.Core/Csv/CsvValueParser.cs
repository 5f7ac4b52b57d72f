using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataStoryBot.Core.Csv;

/// <summary>Flags returned by <see cref="CsvValueParser.ParseNumber"/>.</summary>
[Flags]
internal enum NumberForms
{
    None = 0,
    /// <summary>An integer that fits a long (no separators).</summary>
    Integer = 1,
    /// <summary>A number with "." as the decimal point (and "," grouping, if any).</summary>
    DotDecimal = 2,
    /// <summary>A number with "," as the decimal point (and "." grouping, if any).</summary>
    CommaDecimal = 4,
}

/// <summary>Flags returned by <see cref="CsvValueParser.ParseDate"/>: the field orders under which a value is a valid date.</summary>
[Flags]
internal enum DateOrders
{
    None = 0,
    YearMonthDay = 1,
    DayMonthYear = 2,
    MonthDayYear = 4,
}

/// <summary>Span-based parsers for the values of a CSV field: nulls, numbers, booleans and dates.</summary>
internal static class CsvValueParser
{
    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// The one set of missing-value tokens, for the upload's profile and the analyst alike: empty, NA, N/A, null, NaN,
    /// "-", "--", "?" and #N/A, in any case.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNull(ReadOnlySpan<byte> s)
    {
        if (s.Length == 0)
        {
            return true;
        }

        if (s.Length > 4)
        {
            return false;
        }

        byte first = (byte)(s[0] | 0x20);
        if (first != (byte)'n' && s[0] != (byte)'-' && s[0] != (byte)'#' && s[0] != (byte)'?')
        {
            return false;
        }

        return s.Length switch
        {
            1 => s[0] is (byte)'-' or (byte)'?',
            2 => Ascii.EqualsIgnoreCase(s, "na"u8) || (s[0] == (byte)'-' && s[1] == (byte)'-'),
            3 => Ascii.EqualsIgnoreCase(s, "n/a"u8) || Ascii.EqualsIgnoreCase(s, "nan"u8),
            _ => Ascii.EqualsIgnoreCase(s, "null"u8) || Ascii.EqualsIgnoreCase(s, "#n/a"u8),
        };
    }

    /// <summary>The analyst's view of a field (chars): <see cref="IsNull(ReadOnlySpan{byte})"/> after trimming.</summary>
    public static bool IsNull(ReadOnlySpan<char> s)
    {
        s = s.Trim(" \t");
        if (s.Length > 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] > 127)
            {
                return false;
            }

            bytes[i] = (byte)s[i];
        }

        return IsNull(bytes[..s.Length]);
    }

    /// <summary>
    /// Reads a number the way the upload's profile typed its column: <paramref name="decimalComma"/> picks the
    /// convention. Missing tokens and anything the profile would not call a number give false.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> s, bool decimalComma, out double value)
    {
        value = double.NaN;
        s = s.Trim(" \t");
        if (s.IsEmpty || s.Length > 64)
        {
            return false;
        }

        // Fast path for the common case, plain digits with a point: the same numbers ParseNumber accepts.
        if (!decimalComma && IsPlainDotNumber(s))
        {
            return double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }

        Span<byte> bytes = stackalloc byte[s.Length * 3];
        int n = System.Text.Encoding.UTF8.GetBytes(s, bytes);
        var forms = ParseNumber(bytes[..n], out _, out double dot, out double comma);
        if (decimalComma ? (forms & NumberForms.CommaDecimal) != 0 : (forms & NumberForms.DotDecimal) != 0)
        {
            value = decimalComma ? comma : dot;
            return double.IsFinite(value);
        }

        return false;
    }

    /// <summary>An optional sign, digits, at most one point with digits after it and no exponent: "12", "-3.5", ".5".</summary>
    private static bool IsPlainDotNumber(ReadOnlySpan<char> s)
    {
        int i = s[0] is '-' or '+' ? 1 : 0;
        bool digit = false, point = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }

        return digit;
    }

    /// <summary>Reads a date in the field order the profile chose (<c>ymd</c>, <c>dmy</c> or <c>mdy</c>).</summary>
    public static bool TryParseDate(ReadOnlySpan<char> s, string? order, out DateTime value)
    {
        value = default;
        s = s.Trim(" \t");
        if (s.IsEmpty || s.Length > 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[s.Length * 3];
        int n = System.Text.Encoding.UTF8.GetBytes(s, bytes);
        var orders = ParseDate(bytes[..n], out long ymd, out long dmy, out long mdy, out _);
        (DateOrders wanted, long ticks) = order switch
        {
            "dmy" => (DateOrders.DayMonthYear, dmy),
            "mdy" => (DateOrders.MonthDayYear, mdy),
            _ => (DateOrders.YearMonthDay, ymd),
        };
        if ((orders & wanted) == 0)
        {
            return false;
        }

        value = new DateTime(ticks);
        return true;
    }

    /// <summary>true/false, yes/no, t/f, y/n in any case.</summary>
    public static bool IsBoolean(ReadOnlySpan<byte> s) => s.Length switch
    {
        1 => (s[0] | 0x20) is 't' or 'f' or 'y' or 'n',
        2 => Ascii.EqualsIgnoreCase(s, "no"u8),
        3 => Ascii.EqualsIgnoreCase(s, "yes"u8),
        4 => Ascii.EqualsIgnoreCase(s, "true"u8),
        5 => Ascii.EqualsIgnoreCase(s, "false"u8),
        _ => false,
    };

    /// <summary>
    /// Parses a number under both decimal conventions at once. "12" is all three forms, "1.5" only dot-decimal,
    /// "1,5" and "1.234,56" only comma-decimal, "1.234" both decimals (1.234, or 1234 with "." grouping).
    /// </summary>
    public static NumberForms ParseNumber(ReadOnlySpan<byte> s, out long integer, out double dotValue, out double commaValue)
    {
        var forms = ParsePlainNumber(s, out integer, out dotValue, out commaValue);
        if (forms != NumberForms.None || s.Length < 2)
        {
            return forms;
        }

        // Amounts as people write them: a currency sign before the number ($1,234.50, €12, -$3), a percent sign after.
        var inner = StripUnits(s, out bool negative);
        if (inner.Length == s.Length || inner.IsEmpty)
        {
            return NumberForms.None;
        }

        forms = ParsePlainNumber(inner, out integer, out dotValue, out commaValue) & ~NumberForms.Integer;
        if (negative)
        {
            dotValue = -dotValue;
            commaValue = -commaValue;
        }

        return forms;
    }

    private static readonly byte[][] CurrencySigns = ["$"u8.ToArray(), "€"u8.ToArray(), "£"u8.ToArray(), "¥"u8.ToArray()];

    private static ReadOnlySpan<byte> StripUnits(ReadOnlySpan<byte> s, out bool negative)
    {
        negative = false;
        if (s[^1] == (byte)'%')
        {
            return s[..^1];
        }

        if (s[0] == (byte)'-')
        {
            negative = true;
            s = s[1..];
        }

        foreach (var bytes in CurrencySigns)
        {
            if (s.StartsWith(bytes) && s.Length > bytes.Length && (uint)(s[bytes.Length] - '0') <= 9)
            {
                return s[bytes.Length..];
            }
        }

        negative = false;
        return ReadOnlySpan<byte>.Empty;
    }

    private static NumberForms ParsePlainNumber(ReadOnlySpan<byte> s, out long integer, out double dotValue, out double commaValue)
    {
        integer = 0;
        dotValue = commaValue = 0;
        int len = s.Length;
        int i = 0;
        bool negative = false;
        if (len > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        int intStart = i;
        ulong mantissa = 0;
        while (i < len && i - intStart < 18)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                break;
            }

            mantissa = mantissa * 10 + d;
            i++;
        }

        int intDigits = i - intStart;
        if (i == len)
        {
            if (intDigits == 0)
            {
                return NumberForms.None;
            }

            integer = negative ? -(long)mantissa : (long)mantissa;
            dotValue = commaValue = integer;
            return NumberForms.Integer | NumberForms.DotDecimal | NumberForms.CommaDecimal;
        }

        byte separator = s[i];
        if ((separator == (byte)'.' || separator == (byte)',') && intDigits < 18)
        {
            int fracStart = ++i;
            while (i < len && i - intStart < 19)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    break;
                }

                mantissa = mantissa * 10 + d;
                i++;
            }

            int fracDigits = i - fracStart;
            if (i == len && intDigits + fracDigits > 0 && mantissa < (1UL << 53))
            {
                double value = mantissa / PowersOf10[fracDigits];
                if (negative)
                {
                    value = -value;
                }

                // "1.234" may also be 1234 written with a grouping separator.
                bool grouping = fracDigits == 3 && intDigits is >= 1 and <= 3 && s[intStart] != (byte)'0';
                double grouped = negative ? -(double)mantissa : mantissa;
                if (separator == (byte)'.')
                {
                    dotValue = value;
                    commaValue = grouped;
                    return NumberForms.DotDecimal | (grouping ? NumberForms.CommaDecimal : NumberForms.None);
                }

                commaValue = value;
                dotValue = grouped;
                return NumberForms.CommaDecimal | (grouping ? NumberForms.DotDecimal : NumberForms.None);
            }
        }

        // Not a plain number: the separators may be grouped several times, or there is an exponent or many digits.
        if (intDigits == 0 && (i >= len || (s[i] != (byte)'.' && s[i] != (byte)',')))
        {
            return NumberForms.None;
        }

        NumberForms forms = NumberForms.None;
        if (TryParseGeneral(s, (byte)'.', (byte)',', out dotValue, out bool dotIsInteger))
        {
            forms |= NumberForms.DotDecimal;
            if (dotIsInteger && Utf8Parser.TryParse(s, out long big, out int used) && used == len)
            {
                integer = big;
                forms |= NumberForms.Integer;
            }
        }

        if (TryParseGeneral(s, (byte)',', (byte)'.', out commaValue, out _))
        {
            forms |= NumberForms.CommaDecimal;
        }

        return forms;
    }

    /// <summary>
    /// Sign, digits with optional grouping (groups of three after a first group of one to three digits), an optional
    /// fraction after <paramref name="point"/> and an optional exponent.
    /// </summary>
    private static bool TryParseGeneral(ReadOnlySpan<byte> s, byte point, byte group, out double value, out bool isInteger)
    {
        value = 0;
        isInteger = false;
        if (s.Length > 64)
        {
            return false;
        }

        Span<byte> plain = stackalloc byte[64];
        int n = 0, i = 0, len = s.Length;
        if (s[0] == (byte)'-' || s[0] == (byte)'+')
        {
            plain[n++] = s[i++];
        }

        int digitsInGroup = 0, groups = 0, intDigits = 0;
        bool grouped = false;
        for (; i < len; i++)
        {
            byte b = s[i];
            if ((uint)(b - '0') <= 9)
            {
                plain[n++] = b;
                digitsInGroup++;
                intDigits++;
            }
            else if (b == group)
            {
                if (digitsInGroup == 0 || (groups == 0 ? digitsInGroup > 3 : digitsInGroup != 3))
                {
                    return false;
                }

                grouped = true;
                groups++;
                digitsInGroup = 0;
            }
            else
            {
                break;
            }
        }

        if (intDigits == 0 && (i >= len || s[i] != point))
        {
            return false;
        }

        if (grouped && (digitsInGroup != 3 || s[n > 0 && (plain[0] == (byte)'-' || plain[0] == (byte)'+') ? 1 : 0] == (byte)'0'))
        {
            return false;
        }

        isInteger = true;
        if (i < len && s[i] == point)
        {
            isInteger = false;
            plain[n++] = (byte)'.';
            i++;
            int fracDigits = 0;
            while (i < len && (uint)(s[i] - '0') <= 9)
            {
                plain[n++] = s[i++];
                fracDigits++;
            }

            if (fracDigits + intDigits == 0)
            {
                return false;
            }
        }

        if (i < len && (s[i] | 0x20) == 'e')
        {
            isInteger = false;
            plain[n++] = (byte)'e';
            i++;
            if (i < len && (s[i] == (byte)'-' || s[i] == (byte)'+'))
            {
                plain[n++] = s[i++];
            }

            int expDigits = 0;
            while (i < len && (uint)(s[i] - '0') <= 9)
            {
                plain[n++] = s[i++];
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        if (i != len)
        {
            return false;
        }

        return Utf8Parser.TryParse(plain[..n], out value, out int used) && used == n && double.IsFinite(value);
    }

    /// <summary>
    /// Dates as year-month-day (<c>2024-03-05</c>, <c>2024/03/05</c>, <c>2024.03.05</c>), day.month.year
    /// (<c>05.03.2024</c>) or ambiguous day/month orders (<c>05/03/2024</c>, <c>05-03-2024</c>), optionally followed by
    /// a time (<c>T</c> or a space, <c>HH:mm[:ss[.fffffff]]</c>, then <c>Z</c> or an offset, which is applied to
    /// give UTC). Returns the orders under which the value is valid and their ticks.
    /// </summary>
    public static DateOrders ParseDate(ReadOnlySpan<byte> s, out long ymdTicks, out long dmyTicks, out long mdyTicks, out bool hasTime)
    {
        ymdTicks = dmyTicks = mdyTicks = 0;
        hasTime = false;
        if (s.Length > 0 && (uint)((s[0] | 0x20) - 'a') < 26u || (s.Length > 2 && (uint)(s[0] - '0') <= 9 && !s.Contains((byte)'-') && !s.Contains((byte)'/') && !s.Contains((byte)'.')))
        {
            // Month names are unambiguous: the same date under every field order.
            if (TryParseMonthNameDate(s, out long named))
            {
                ymdTicks = dmyTicks = mdyTicks = named;
                return DateOrders.YearMonthDay | DateOrders.DayMonthYear | DateOrders.MonthDayYear;
            }

            if (s.Length > 0 && (uint)((s[0] | 0x20) - 'a') < 26u)
            {
                return DateOrders.None;
            }
        }

        int i = 0;
        int a = ReadNumber(s, ref i, 4, out int aDigits);
        if (aDigits == 0 || i >= s.Length)
        {
            return DateOrders.None;
        }

        byte sep = s[i];
        if (sep is not ((byte)'-' or (byte)'/' or (byte)'.'))
        {
            return DateOrders.None;
        }

        i++;
        int b = ReadNumber(s, ref i, 2, out int bDigits);
        if (aDigits == 4 && bDigits == 2 && i == s.Length && sep is (byte)'-' or (byte)'/')
        {
            // Year and month (2020-03): the first of the month.
            return TryTicks(a, b, 1, 0, out ymdTicks) ? DateOrders.YearMonthDay : DateOrders.None;
        }

        if (aDigits == 4 && (uint)(s[i - 1] - '0') <= 9 && TryParseMonthNameDate(s, out long alsoNamed))
        {
            // 2000-Jan-01 style
            ymdTicks = dmyTicks = mdyTicks = alsoNamed;
            return DateOrders.YearMonthDay | DateOrders.DayMonthYear | DateOrders.MonthDayYear;
        }

        if (bDigits == 0 || i >= s.Length || s[i] != sep)
        {
            if (bDigits == 0 && TryParseMonthNameDate(s, out long dayFirstNamed))
            {
                ymdTicks = dmyTicks = mdyTicks = dayFirstNamed;
                return DateOrders.YearMonthDay | DateOrders.DayMonthYear | DateOrders.MonthDayYear;
            }

            return DateOrders.None;
        }

        i++;
        int c = ReadNumber(s, ref i, 4, out int cDigits);
        if (cDigits == 0)
        {
            return DateOrders.None;
        }

        long timeTicks = 0;
        if (i < s.Length)
        {
            if (s[i] is not ((byte)'T' or (byte)' ') || !TryParseTime(s[(i + 1)..], out timeTicks))
            {
                return DateOrders.None;
            }

            hasTime = true;
        }

        DateOrders orders = DateOrders.None;
        if (aDigits == 4)
        {
            if (cDigits <= 2 && TryTicks(a, b, c, timeTicks, out ymdTicks))
            {
                orders |= DateOrders.YearMonthDay;
            }
        }
        else if (aDigits <= 2 && cDigits == 4)
        {
            if (TryTicks(c, b, a, timeTicks, out dmyTicks))
            {
                orders |= DateOrders.DayMonthYear;
            }

            if (sep != (byte)'.' && TryTicks(c, a, b, timeTicks, out mdyTicks))
            {
                orders |= DateOrders.MonthDayYear;
            }
        }

        return orders;
    }

    private static readonly string[] MonthNames =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>
    /// Dates with an English month name, in the orders people write them: <c>Jan 1 2000</c>, <c>Jan-1-1995</c>,
    /// <c>January 1, 2000</c>, <c>1 Jan 2000</c>, <c>01-Jan-2000</c>, <c>Mar 2020</c>, <c>March 2020</c> (the first of the
    /// month). The month may be abbreviated (three letters, optionally with a dot) or written out.
    /// </summary>
    private static bool TryParseMonthNameDate(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (s.Length is < 6 or > 32)
        {
            return false;
        }

        // Split into up to three tokens on space, '-', '/', ',' and '.'.
        Span<Range> parts = stackalloc Range[4];
        int count = 0, start = -1;
        for (int k = 0; k <= s.Length; k++)
        {
            bool boundary = k == s.Length || s[k] is (byte)' ' or (byte)'-' or (byte)'/' or (byte)',' or (byte)'.';
            if (!boundary && start < 0)
            {
                start = k;
            }
            else if (boundary && start >= 0)
            {
                if (count == 3)
                {
                    return false;
                }

                parts[count++] = start..k;
                start = -1;
            }
        }

        int month = 0, day = 0, year = 0;
        for (int p = 0; p < count; p++)
        {
            var token = s[parts[p]];
            if ((uint)((token[0] | 0x20) - 'a') < 26u)
            {
                if (month != 0 || token.Length < 3 || token.Length > 9)
                {
                    return false;
                }

                int m = -1;
                for (int n = 0; n < MonthNames.Length && m < 0; n++)
                {
                    if (Ascii.EqualsIgnoreCase(token[..3], MonthNames[n]))
                    {
                        m = n;
                    }
                }

                if (m < 0 || (token.Length > 3 && !IsMonthWord(token, m)))
                {
                    return false;
                }

                month = m + 1;
                continue;
            }

            int at = 0;
            int number = ReadNumber(token, ref at, 4, out int digits);
            if (at != token.Length || digits == 0)
            {
                return false;
            }

            if (digits == 4 && year == 0)
            {
                year = number;
            }
            else if (digits <= 2 && day == 0)
            {
                day = number;
            }
            else
            {
                return false;
            }
        }

        if (month == 0 || year == 0)
        {
            return false;
        }

        return TryTicks(year, month, day == 0 ? 1 : day, 0, out ticks);
    }

    private static bool IsMonthWord(ReadOnlySpan<byte> token, int month)
    {
        ReadOnlySpan<string> full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
        return Ascii.EqualsIgnoreCase(token, full[month])
            || (month == 8 && Ascii.EqualsIgnoreCase(token, "sept"u8));
    }

    private static int ReadNumber(ReadOnlySpan<byte> s, ref int i, int maxDigits, out int digits)
    {
        int value = 0;
        int start = i;
        while (i < s.Length && i - start < maxDigits)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9)
            {
                break;
            }

            value = value * 10 + (int)d;
            i++;
        }

        digits = i - start;
        return value;
    }

    private static bool TryTicks(int year, int month, int day, long timeTicks, out long ticks)
    {
        ticks = 0;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        ticks = new DateTime(year, month, day).Ticks + timeTicks;
        return ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks;
    }

    /// <summary><c>H:mm</c>, <c>HH:mm:ss</c>, <c>HH:mm:ss.fffffff</c>, then optionally <c>Z</c> or <c>±hh[:mm]</c>.</summary>
    private static bool TryParseTime(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        int i = 0;
        int hour = ReadNumber(s, ref i, 2, out int hd);
        if (hd == 0 || i >= s.Length || s[i] != (byte)':')
        {
            return false;
        }

        i++;
        int minute = ReadNumber(s, ref i, 2, out int md);
        if (md != 2)
        {
            return false;
        }

        int second = 0;
        long fraction = 0;
        if (i < s.Length && s[i] == (byte)':')
        {
            i++;
            second = ReadNumber(s, ref i, 2, out int sd);
            if (sd != 2)
            {
                return false;
            }

            if (i < s.Length && s[i] == (byte)'.')
            {
                i++;
                int start = i;
                while (i < s.Length && (uint)(s[i] - '0') <= 9)
                {
                    if (i - start < 7)
                    {
                        fraction = fraction * 10 + (s[i] - '0');
                    }

                    i++;
                }

                int fd = i - start;
                if (fd == 0)
                {
                    return false;
                }

                for (int k = fd; k < 7; k++)
                {
                    fraction *= 10;
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long offset = 0;
        if (i < s.Length)
        {
            byte z = s[i];
            if (z == (byte)'Z' && i + 1 == s.Length)
            {
                i++;
            }
            else if (z is (byte)'+' or (byte)'-')
            {
                i++;
                int oh = ReadNumber(s, ref i, 2, out int ohd);
                int om = 0;
                if (ohd != 2)
                {
                    return false;
                }

                if (i < s.Length && s[i] == (byte)':')
                {
                    i++;
                }

                if (i < s.Length)
                {
                    om = ReadNumber(s, ref i, 2, out int omd);
                    if (omd != 2)
                    {
                        return false;
                    }
                }

                if (oh > 14 || om > 59)
                {
                    return false;
                }

                offset = (z == (byte)'+' ? 1 : -1) * ((oh * 60L) + om) * TimeSpan.TicksPerMinute;
            }

            if (i != s.Length)
            {
                return false;
            }
        }

        ticks = (((hour * 60L) + minute) * 60 + second) * TimeSpan.TicksPerSecond + fraction - offset;
        return true;
    }
}
