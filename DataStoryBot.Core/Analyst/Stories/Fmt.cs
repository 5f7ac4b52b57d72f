using System.Globalization;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>Formats computed numbers for titles, summaries and narratives (invariant culture, sensible precision).</summary>
public static class Fmt
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Num(double v)
    {
        if (double.IsNaN(v)) return "n/a";
        var a = Math.Abs(v);
        if (a >= 1e6) return v.ToString("#,0", C);
        if (a >= 1000) return v.ToString("#,0", C);
        if (a >= 100) return v.ToString("0.#", C);
        if (a >= 10) return v.ToString("0.#", C);
        if (a >= 1) return v.ToString("0.##", C);
        if (a == 0) return "0";
        if (a >= 0.01) return v.ToString("0.###", C);
        // Small values in plain decimals with two significant digits (0.0079), never exponent notation.
        var decimals = Math.Min(12, (int)Math.Ceiling(-Math.Log10(a)) + 1);
        return Math.Round(v, decimals).ToString("0." + new string('#', decimals), C);
    }

    public static string Int(double v) => v.ToString("#,0", C);

    public static string Pct(double share) => (share * 100).ToString(share * 100 >= 10 ? "0" : "0.#", C) + "%";

    public static string Coef(double v) => v.ToString("0.00", C);

    public static string P(double? p) => p is null || double.IsNaN(p.Value) ? "p not available" : p < 0.001 ? "p < 0.001" : "p = " + p.Value.ToString("0.000", C);

    public static string Signed(double v) => (v >= 0 ? "+" : "") + Num(v);

    public static string Date(double days, bool hasTime = false) =>
        Data.DateColumn.ToDateTime(days).ToString(hasTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", C);

    public static string Month(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    /// <summary>
    /// The time of one row on a time axis, as a reader names it: a date, or a year (or year index) without a thousands
    /// separator — 1879, never 1,879.
    /// </summary>
    public static string TimeOfRow(Data.DataColumn axis, double t) => axis is Data.DateColumn date
        ? Date(t, date.HasTime)
        : Math.Abs(t - Math.Round(t)) < 1e-9 ? ((long)Math.Round(t)).ToString(C) : t.ToString("0.###", C);

    /// <summary>A time point: a year number or a date.</summary>
    public static string Time(double t, bool isYear, string granularity) => isYear
        ? ((int)Math.Round(t)).ToString(C)
        : granularity switch
        {
            "year" => Data.DateColumn.ToDateTime(t).ToString("yyyy", C),
            "month" => Data.DateColumn.ToDateTime(t).ToString("MMM yyyy", C),
            "quarter" => $"Q{(Data.DateColumn.ToDateTime(t).Month - 1) / 3 + 1} {Data.DateColumn.ToDateTime(t).Year}",
            // A day as a reader writes it: "21 Apr 2024" (issue 21, item 8), not the ISO form.
            _ => Data.DateColumn.ToDateTime(t).ToString("d MMM yyyy", C),
        };

    /// <summary>
    /// A rate of change per year in a unit that reads well: per year, or per decade or century when the yearly figure
    /// is tiny (0.008 a year reads as 0.08 a decade). Returns the scaled value and the unit.
    /// </summary>
    public static (double Value, string Unit) Rate(double perYear)
    {
        var a = Math.Abs(perYear);
        if (a == 0 || a >= 0.05) return (perYear, "year");
        if (a * 10 >= 0.05) return (perYear * 10, "decade");
        return (perYear * 100, "century");
    }

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
