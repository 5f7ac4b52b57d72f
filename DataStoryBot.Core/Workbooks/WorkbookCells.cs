using System.Globalization;
using DocumentFormat.OpenXml.Packaging;

namespace DataStoryBot.Core.Workbooks;

/// <summary>How a number cell is shown, as far as the CSV cares: a plain number, a date, a date and time, or a time of day.</summary>
internal enum DateKind
{
    None,
    Date,
    DateTime,
    Time,
}

/// <summary>
/// Turns cell values into the text a CSV would hold: shared and inline strings as they are, booleans as
/// <c>true</c>/<c>false</c>, numbers at Excel's 15 significant digits in their shortest form (0.1 stays 0.1), and
/// numbers shown with a date format as ISO dates from the workbook's 1900 or 1904 date system. Formulas are never
/// evaluated: their cached value is what is read.
/// </summary>
internal sealed class WorkbookCells(SharedStrings sharedStrings, IReadOnlyList<DateKind> styles, bool date1904)
{
    /// <summary>31 Dec 9999, the last day Excel can show.</summary>
    const double MaxSerial = 2958465.99999;

    public long ErrorCells { get; private set; }

    /// <summary>The cell's text, or null when it is empty or an error (#N/A, #DIV/0!…).</summary>
    public string? Decode(string? type, uint style, string? value, string? inlineText)
    {
        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? sharedStrings.Get(i) : null;
            case "inlineStr":
                return NullIfEmpty(inlineText);
            case "b":
                return value is null ? null : value.Trim() is "1" or "true" ? "true" : "false";
            case "e":
                ErrorCells++;
                return null;
            case "str" or "d":
                return NullIfEmpty(value);
            default:
                if (string.IsNullOrEmpty(value))
                {
                    return NullIfEmpty(inlineText);
                }

                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                {
                    return value;
                }

                DateKind kind = style < styles.Count ? styles[(int)style] : DateKind.None;
                return kind == DateKind.None ? Number(number) : Date(number, kind, date1904) ?? Number(number);
        }
    }

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The number as Excel shows it at full precision (15 significant digits), in its shortest round-trip form.</summary>
    public static string Number(double value)
    {
        double shown = double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (shown == Math.Floor(shown) && Math.Abs(shown) < 1e15)
        {
            return ((long)shown).ToString(CultureInfo.InvariantCulture);
        }

        return shown.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>An ISO date (and time) for a serial number, or null when the serial is outside Excel's dates.</summary>
    public static string? Date(double serial, DateKind kind, bool date1904)
    {
        if (double.IsNaN(serial) || serial < 0 || serial > MaxSerial)
        {
            return null;
        }

        long seconds = (long)Math.Round(serial * 86_400, MidpointRounding.AwayFromZero);
        long days = seconds / 86_400;
        var time = TimeSpan.FromSeconds(seconds % 86_400);
        DateTime day;
        if (date1904)
        {
            day = new DateTime(1904, 1, 1).AddDays(days);
        }
        else if (days < 60)
        {
            day = new DateTime(1899, 12, 31).AddDays(days); // serial 1 is 1 Jan 1900
        }
        else if (days == 60)
        {
            day = new DateTime(1900, 2, 28); // Excel's 29 Feb 1900, a day that never was (kept from Lotus 1-2-3)
        }
        else
        {
            day = new DateTime(1899, 12, 30).AddDays(days);
        }

        DateTime at = day + time;
        return kind switch
        {
            DateKind.Date => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateKind.Time => at.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            _ => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// For each cell format (the <c>s</c> index of a cell), whether it shows numbers as dates or times: the
    /// <c>cellXfs</c> of <c>xl/styles.xml</c> and the custom number formats they use, read with the budgeted reader
    /// (the part is held to <see cref="WorkbookLimits.MaxPartElements"/> elements and its formats to the memory budget).
    /// </summary>
    public static IReadOnlyList<DateKind> DateKinds(WorkbookStylesPart? part, WorkbookXml xml)
    {
        if (part is null)
        {
            return [];
        }

        var custom = new Dictionary<uint, string>();
        var formatIds = new List<uint>();
        using (var reader = xml.Open(part, "xl/styles.xml (the cell formats)", heldInMemory: true))
        {
            int cellXfsDepth = -1;
            while (reader.Read())
            {
                if (reader.NodeType == System.Xml.XmlNodeType.EndElement)
                {
                    if (reader.Name == "cellXfs" && reader.Depth == cellXfsDepth)
                    {
                        cellXfsDepth = -1;
                    }

                    continue;
                }

                if (reader.NodeType != System.Xml.XmlNodeType.Element)
                {
                    continue;
                }

                switch (reader.Name)
                {
                    case "numFmt":
                        if (uint.TryParse(reader.Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out uint id)
                            && reader.Attribute("formatCode") is { } code)
                        {
                            string kept = code.Length > 1024 ? code[..1024] : code; // a format code Excel writes has a few dozen characters
                            xml.Charge(64 + 2L * kept.Length, "the number formats");
                            custom[id] = kept;
                        }

                        break;
                    case "cellXfs" when cellXfsDepth < 0 && !reader.IsEmptyElement:
                        cellXfsDepth = reader.Depth;
                        break;
                    case "xf" when cellXfsDepth >= 0 && reader.Depth == cellXfsDepth + 1:
                        xml.Charge(8, "the cell formats");
                        formatIds.Add(uint.TryParse(reader.Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out uint f) ? f : 0);
                        break;
                }
            }
        }

        var kinds = new DateKind[formatIds.Count];
        var known = new Dictionary<uint, DateKind>();
        for (int i = 0; i < kinds.Length; i++)
        {
            uint id = formatIds[i];
            if (!known.TryGetValue(id, out DateKind kind))
            {
                kind = custom.TryGetValue(id, out string? code) ? KindOfCode(code) : KindOfBuiltIn(id);
                known[id] = kind;
            }

            kinds[i] = kind;
        }

        return kinds;
    }

    /// <summary>Excel's built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30, plus the East Asian ones).</summary>
    static DateKind KindOfBuiltIn(uint id) => id switch
    {
        >= 14 and <= 17 => DateKind.Date,
        >= 18 and <= 21 => DateKind.Time,
        22 => DateKind.DateTime,
        >= 27 and <= 36 => DateKind.Date,
        >= 45 and <= 47 => DateKind.Time,
        >= 50 and <= 58 => DateKind.Date,
        _ => DateKind.None,
    };

    /// <summary>Reads a custom format code's first section, skipping quoted text, escapes and [colour] tags.</summary>
    internal static DateKind KindOfCode(string code)
    {
        bool date = false, time = false, month = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            switch (c)
            {
                case ';':
                    i = code.Length;
                    break;
                case '"':
                    int close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case '[':
                    int end = code.IndexOf(']', i + 1);
                    string tag = end < 0 ? "" : code[(i + 1)..end].ToLowerInvariant();
                    if (tag.Length > 0 && tag.All(ch => ch is 'h' or 'm' or 's'))
                    {
                        time = true; // elapsed time: [h]:mm
                    }

                    i = end < 0 ? code.Length : end;
                    break;
                default:
                    switch (char.ToLowerInvariant(c))
                    {
                        case 'd' or 'y':
                            date = true;
                            break;
                        case 'h' or 's':
                            time = true;
                            break;
                        case 'm':
                            month = true;
                            break;
                    }

                    break;
            }
        }

        // "m" is minutes next to hours or seconds, months otherwise.
        date |= month && !time;
        return (date, time) switch
        {
            (true, true) => DateKind.DateTime,
            (true, false) => DateKind.Date,
            (false, true) => DateKind.Time,
            _ => DateKind.None,
        };
    }
}
