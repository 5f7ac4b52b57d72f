using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Stats;

namespace DataStoryBot.Core.Analyst.Refine;

/// <summary>
/// Whether a category read within (<see cref="OwnRowsFacts.Within"/>) could explain the story's gap at all: a column that
/// only sets a row's plan (payment terms set the due date) bears on an outcome measured against that plan (paid late),
/// not on another one (disputed); under a standout within a category value, a column that neither explains the standout's
/// share nor goes with the category value is the story again per value.
/// </summary>
public static partial class OwnRowsFacts
{
    /// <summary>The least share of a value's rows whose span to the planned date is that value's usual one, for the value to set the plan.</summary>
    public const double MinPlanShare = 0.9;

    /// <summary>How strongly (Cramér's V, |φ|) an outcome must agree with the actual date falling after the planned one to be measured against the plan.</summary>
    public const double MinPlanAgreement = 0.5;

    /// <summary>The p-value (chi-square) below which a category value's mix of another category differs from the other rows' beyond chance.</summary>
    public const double MaxMixP = 0.05;

    /// <summary>
    /// Whether <paramref name="c"/> only sets a planned date of the row and the outcome <paramref name="y"/> is not measured
    /// against it: the span from a recorded date of the row (the invoice date) to a planned date (the due date, a name of
    /// <see cref="Planned"/>) is, for at least <see cref="MinPlanShare"/> of the rows of each of at least two values of
    /// <paramref name="c"/> with <see cref="MinStratumRows"/> rows, that value's own whole number of days, not the same for
    /// all (Net 30, Net 45, Net 60); and no recorded date falling after that planned date agrees with the outcome
    /// (<see cref="MinPlanAgreement"/>) over the rows where both are known (paid late does; disputed, unpaid, does not).
    /// Such a column bears on the outcome by design only through the plan.
    /// </summary>
    internal static bool OnlySetsPlan(AnalysisTable table, CategoryColumn c, sbyte[] y)
    {
        var recorded = table.Dates.Where(d => !Planned().IsMatch(d.Name)).ToList();
        foreach (var plan in table.Dates.Where(d => Planned().IsMatch(d.Name)))
        {
            if (!recorded.Any(start => SetsSpan(c, start, plan))) continue;
            // The outcome measured against the plan: an actual date after the planned one agrees with it.
            var measured = recorded.Any(actual =>
            {
                var after = new sbyte[y.Length];
                for (var r = 0; r < y.Length; r++) after[r] = actual.IsMissing(r) || plan.IsMissing(r) ? (sbyte)-1 : (sbyte)(actual.Days[r] > plan.Days[r] ? 1 : 0);
                return Agree(y, after) >= MinPlanAgreement;
            });
            return !measured;
        }
        return false;
    }

    /// <summary>Whether each value of <paramref name="c"/> fixes the whole days from <paramref name="start"/> to <paramref name="plan"/> (see <see cref="OnlySetsPlan"/>).</summary>
    private static bool SetsSpan(CategoryColumn c, DateColumn start, DateColumn plan)
    {
        var spans = new Dictionary<long, int>[c.Labels.Length];
        for (var i = 0; i < spans.Length; i++) spans[i] = [];
        for (var r = 0; r < c.Codes.Length; r++)
        {
            var code = c.Codes[r];
            if (code < 0 || start.IsMissing(r) || plan.IsMissing(r)) continue;
            var days = (long)Math.Round(plan.Days[r] - start.Days[r]);
            spans[code][days] = spans[code].GetValueOrDefault(days) + 1;
        }
        var usual = new HashSet<long>();
        var values = 0;
        for (var i = 0; i < spans.Length; i++)
        {
            var n = spans[i].Values.Sum();
            if (n < MinStratumRows) continue;
            var (span, count) = spans[i].MaxBy(kv => kv.Value) is var top ? (top.Key, top.Value) : (0, 0);
            if (count < MinPlanShare * n) return false;
            usual.Add(span);
            values++;
        }
        return values >= 2 && usual.Count >= 2;
    }

    /// <summary>Whether the category value's rows (<paramref name="subject"/>) differ from the others' in their mix of a category beyond chance (<see cref="MaxMixP"/>).</summary>
    private static bool GoesWith(int[] subject, int[] others)
    {
        var table = new long[2, subject.Length];
        for (var i = 0; i < subject.Length; i++) (table[0, i], table[1, i]) = (subject[i], others[i]);
        return StatTests.ChiSquare(table).PValue is var p && p < MaxMixP;
    }
}
