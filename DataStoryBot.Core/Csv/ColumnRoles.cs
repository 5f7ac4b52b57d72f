using System.Globalization;

namespace DataStoryBot.Core.Csv;

/// <summary>
/// Decides each column's role from its profile — before any detector runs, so that only measures are summed,
/// averaged, correlated or described. Time: dates, year-like integers, integer dates (yyyymmdd), decimal years and
/// evenly spaced time indexes; calendar components (month, quarter) are time too. Identifier: keys and row numbers.
/// Category: labels, booleans, and numbers with few distinct values used as codes or design factors. Measure: the rest
/// of the numbers.
/// </summary>
public static class ColumnRoles
{
    /// <summary>At most this many distinct whole numbers, each seen at least five times on average, read as a code (cylinders, diet, 1–5 ratings).</summary>
    public const int MaxCodeLevels = 12;

    /// <summary>Codes are whole numbers from 0 to this.</summary>
    public const int MaxCodeValue = 30;

    /// <summary>At most this many distinct fractional values, each seen several times, read as a design factor (dose 0.5/1/2).</summary>
    public const int MaxFactorLevels = 4;

    public static IReadOnlyList<ColumnProfile> Assign(IReadOnlyList<ColumnProfile> columns, long rowCount) =>
        columns.Select(c => Assign(c, rowCount)).ToArray();

    /// <summary>The column with its role set (a stored profile without roles gets them here too).</summary>
    public static ColumnProfile Assign(ColumnProfile c, long rowCount)
    {
        var (role, reason, timeFormat) = Decide(c, rowCount);
        return c with { Role = role, RoleReason = reason, TimeFormat = timeFormat };
    }

    /// <summary>Every column of a profile with a role (profiles stored before roles existed are filled in).</summary>
    public static DatasetProfile WithRoles(DatasetProfile profile) =>
        profile.Columns.All(c => c.Role is not null) ? profile : profile with { Columns = Assign(profile.Columns, profile.RowCount) };

    private static (ColumnRole Role, string Reason, TimeFormat? TimeFormat) Decide(ColumnProfile c, long rowCount)
    {
        var lower = c.Name.Trim().ToLowerInvariant();
        var nonNull = Math.Max(0, rowCount - c.NullCount);
        switch (c.Type)
        {
            case ColumnType.DateTime:
                return (ColumnRole.Time, "dates", TimeFormat.Date);
            case ColumnType.Identifier when IsTimeName(lower) && c.Min is not null:
                return (ColumnRole.Time, "an evenly spaced time index", TimeFormat.Index);
            case ColumnType.Identifier:
                return (ColumnRole.Identifier, "a unique key or row number", null);
            case ColumnType.Text:
                return (ColumnRole.Text, "free text", null);
            case ColumnType.Boolean:
                return (ColumnRole.Category, "yes/no values", null);
            case ColumnType.Categorical:
                return (ColumnRole.Category, "labels", null);
        }

        // Numbers.
        var isInteger = c.Type == ColumnType.Integer;
        var hasRange = double.TryParse(c.Min, NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            & double.TryParse(c.Max, NumberStyles.Float, CultureInfo.InvariantCulture, out var max);
        var distinct = c.DistinctIsEstimate ? long.MaxValue : c.DistinctCount;
        var timeName = IsTimeName(lower);
        if (hasRange)
        {
            if (isInteger && min >= 1000_01_01 && max <= 2500_12_31 && (timeName || lower.Contains("date")) && LooksLikeYyyymmdd(min) && LooksLikeYyyymmdd(max))
            {
                return (ColumnRole.Time, "whole-number dates written as yyyymmdd", TimeFormat.Yyyymmdd);
            }

            if (isInteger && min >= 1000 && max <= 2500)
            {
                if (IsYearName(lower) || timeName)
                {
                    return (ColumnRole.Time, "years", TimeFormat.Year);
                }

                // Unnamed years: evenly spaced whole numbers in the range of years (1871, 1872, …; 1955, 1960, …).
                if (distinct is >= 3 and <= 600 && EvenlySpaced(min, max, distinct, isInteger: true))
                {
                    return (ColumnRole.Time, "evenly spaced years", TimeFormat.Year);
                }
            }

            if (!isInteger && min >= 1000 && max <= 2500 && (IsYearName(lower) || timeName) && distinct >= 3)
            {
                return (ColumnRole.Time, "decimal years (year plus fraction of the year)", TimeFormat.DecimalYear);
            }

            if (isInteger && lower is "quarter" or "qtr" or "q" && min >= 1 && max <= 4)
            {
                return (ColumnRole.Time, "a calendar quarter (1–4)", TimeFormat.Quarter);
            }

            if (isInteger && lower is "month" or "mon" or "mo" && min >= 1 && max <= 12)
            {
                return (ColumnRole.Time, "a calendar month (1–12)", TimeFormat.Month);
            }

            // A time index: evenly spaced numbers counting up from 0 or 1 in a column named like time.
            if (timeName && min >= 0 && distinct >= 3 && distinct == nonNull && EvenlySpaced(min, max, distinct, isInteger))
            {
                return (ColumnRole.Time, "an evenly spaced time index", TimeFormat.Index);
            }
        }

        if (IsIdentifierName(lower) && isInteger)
        {
            return (ColumnRole.Identifier, "named like an id", null);
        }

        if (distinct >= 1 && nonNull >= 5 * distinct)
        {
            // Codes are small whole numbers (cylinders 3–8, ratings 1–5, diet 1–4); larger ones are amounts.
            if (isInteger && distinct <= MaxCodeLevels && hasRange && min >= 0 && max <= MaxCodeValue)
            {
                return (ColumnRole.Category, $"{distinct} distinct whole numbers, each repeated: read as codes or groups", null);
            }

            if (!isInteger && distinct <= MaxFactorLevels)
            {
                return (ColumnRole.Category, $"{distinct} distinct values, each repeated: read as a design factor", null);
            }

            // Evenly spaced bands starting at 0 or 1 with a step above one (age groups 0, 5, 10, …), each repeated.
            if (isInteger && hasRange && min is 0 or 1 && distinct <= 60 && EvenlySpaced(min, max, distinct, true) && (max - min) / (distinct - 1) > 1 && nonNull >= 5 * distinct)
            {
                return (ColumnRole.Category, "evenly spaced bands from " + (min == 0 ? "0" : "1") + ", each repeated: read as groups", null);
            }
        }

        return (ColumnRole.Measure, "numbers", null);
    }

    private static bool EvenlySpaced(double min, double max, long distinct, bool isInteger)
    {
        if (distinct < 2 || max <= min) return false;
        var step = (max - min) / (distinct - 1);
        if (isInteger) return step >= 1 && Math.Abs(step - Math.Round(step)) < 1e-9;
        return step > 0;
    }

    private static bool LooksLikeYyyymmdd(double v)
    {
        var x = (long)v;
        var month = x / 100 % 100;
        var day = x % 100;
        return month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }

    public static bool IsYearName(string lower) =>
        lower.Contains("year") || lower is "yr" or "yyyy" or "jahr" or "année" or "annee" or "año" or "ano" or "anno";

    public static bool IsTimeName(string lower) =>
        lower is "time" or "t" or "period" or "date" or "when" or "timestamp" or "epoch" or "tid" or "zeit" or "temps"
        || lower.StartsWith("time", StringComparison.Ordinal) || lower.EndsWith("_time", StringComparison.Ordinal) || lower.EndsWith(" time", StringComparison.Ordinal)
        || lower.EndsWith("date", StringComparison.Ordinal);

    private static bool IsIdentifierName(string lower) =>
        lower is "id" or "index" or "idx" or "key" or "row" or "rowid" or "row_id" or "#" or "obs" or "no" or "nr"
        || lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith(" id", StringComparison.Ordinal) || ColumnNames.SuggestsIdentifier(lower);
}
