using System.Globalization;

namespace DataStoryBot.Core.Analyst.Detectors;

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
        return v.ToString("0.###E+0", C);
    }

    public static string Int(double v) => v.ToString("#,0", C);

    public static string Pct(double share) => (share * 100).ToString(share * 100 >= 10 ? "0" : "0.#", C) + "%";

    public static string Coef(double v) => v.ToString("0.00", C);

    public static string P(double? p) => p is null || double.IsNaN(p.Value) ? "p not available" : p < 0.001 ? "p < 0.001" : "p = " + p.Value.ToString("0.000", C);

    public static string Signed(double v) => (v >= 0 ? "+" : "") + Num(v);

    public static string Date(double days, bool hasTime = false) =>
        Data.DateColumn.ToDateTime(days).ToString(hasTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", C);

    public static string Month(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    /// <summary>A time point: a year number or a date.</summary>
    public static string Time(double t, bool isYear, string granularity) => isYear
        ? ((int)Math.Round(t)).ToString(C)
        : granularity switch
        {
            "year" => Data.DateColumn.ToDateTime(t).ToString("yyyy", C),
            "month" => Data.DateColumn.ToDateTime(t).ToString("MMM yyyy", C),
            _ => Date(t),
        };

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
