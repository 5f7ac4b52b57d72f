namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// What a time story claims (the direction, the step, the fall, the peak month, the record), re-read from the series
/// its chart plots. A detector's test can pass while its words say something the chart does not show: a Theil-Sen slope
/// that is positive under a series that ends 92% lower, a "step" that is steady growth or a boom and bust, a record
/// that is a run of ties. Each check returns why the claim and the data disagree, or null when they agree.
/// </summary>
public static class ClaimChecks
{
    /// <summary>The share of the points at each end that "start" and "end" are read from (a third, at least two points).</summary>
    private static int EndWindow(int n) => Math.Max(2, n / 3);

    private static double Mean(ReadOnlySpan<double> y)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in y)
        {
            if (!double.IsFinite(v)) continue;
            sum += v;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>The mean of the first and of the last third of a series.</summary>
    public static (double Start, double End) Ends(double[] y)
    {
        var k = Math.Min(EndWindow(y.Length), y.Length);
        return (Mean(y.AsSpan(0, k)), Mean(y.AsSpan(y.Length - k)));
    }

    /// <summary>"Rose" / "fell": the series' last third must sit on the claimed side of its first third, and so must the
    /// two endpoint values the story quotes.</summary>
    public static string? Direction(bool claimsRise, double[] y, double quotedStart, double quotedEnd)
    {
        if (y.Length < 2) return null;
        var (start, end) = Ends(y);
        if (double.IsFinite(start) && double.IsFinite(end) && (claimsRise ? end < start : end > start))
        {
            return $"claims the series {(claimsRise ? "rose" : "fell")}, but its last third averages {end:G4} against {start:G4} in its first third";
        }
        if (double.IsFinite(quotedStart) && double.IsFinite(quotedEnd) && (claimsRise ? quotedEnd < quotedStart : quotedEnd > quotedStart))
        {
            return $"claims the series {(claimsRise ? "rose" : "fell")}, but the values it quotes go from {quotedStart:G4} to {quotedEnd:G4}";
        }
        return null;
    }

    /// <summary>Largest share of a straight line's squared error a two-level step must leave to be told as a step.</summary>
    public const double StepBeatsLine = 0.8;

    /// <summary>
    /// "Stepped up around T": a step is a level that moves and stays. It must fit the series clearly better than a
    /// straight line (steady growth "splits" anywhere), and the last third of the time after the step must still sit on
    /// the new side of the midpoint between the two levels (a boom that busts again is not a step).
    /// </summary>
    public static string? Step(double[] y, int lastBefore, double meanBefore, double meanAfter)
    {
        var n = y.Length;
        if (n < 4 || lastBefore < 0 || lastBefore >= n - 1) return null;
        double stepError = 0;
        for (var i = 0; i < n; i++)
        {
            var level = i <= lastBefore ? meanBefore : meanAfter;
            if (double.IsFinite(y[i])) stepError += (y[i] - level) * (y[i] - level);
        }
        var lineError = LineError(y);
        // Both fits leave at least the series' own point-to-point noise; what counts is what each leaves beyond it.
        var floor = NoiseFloor(y);
        var (stepExcess, lineExcess) = (Math.Max(0, stepError - floor), Math.Max(0, lineError - floor));
        if (stepExcess > 0 && stepExcess > StepBeatsLine * lineExcess)
        {
            return $"claims a step, but a straight line fits as well (beyond the noise, the step leaves {stepExcess:G3} of squared error against the line's {lineExcess:G3})";
        }
        if (Wanders(y, lastBefore, meanBefore, meanAfter) is { } wander) return wander;
        var after = y.AsSpan(lastBefore + 1);
        var tail = Mean(after[(after.Length - Math.Max(1, after.Length / 3))..]);
        var middle = (meanBefore + meanAfter) / 2;
        var up = meanAfter > meanBefore;
        if (double.IsFinite(tail) && (up ? tail < middle : tail > middle))
        {
            return $"claims a lasting step {(up ? "up" : "down")}, but the last third after it averages {tail:G4}, back past the midpoint {middle:G4}";
        }
        return null;
    }

    /// <summary>Smoothed moves within a side at least this share of the step, with persistent residuals, are not a level.</summary>
    public const double MaxWanderShare = 0.5;

    /// <summary>Residuals this autocorrelated (lag one) around the two levels are a path, not noise around a level.</summary>
    public const double MinPathAutocorrelation = 0.5;

    /// <summary>
    /// A step claims two levels, each held: within either side, the series smoothed over a tenth of its length (at least
    /// three points) must not move as far as the step itself (a growth that collapses later, a boom and bust), nor half
    /// as far when what the two levels leave is a smooth path rather than noise (a series that rose, dipped and rose
    /// again). Noisy flat sides (a river's yearly flow) keep their step.
    /// </summary>
    public static string? Wanders(double[] y, int lastBefore, double meanBefore, double meanAfter)
    {
        var step = Math.Abs(meanAfter - meanBefore);
        if (!(step > 0)) return null;
        var window = Math.Max(3, y.Length / 10);
        var before = SmoothedRange(y.AsSpan(0, lastBefore + 1), window);
        var after = SmoothedRange(y.AsSpan(lastBefore + 1), window);
        var wander = Math.Max(before, after);
        if (wander >= step) return $"claims a step of {step:G3}, but within one side the smoothed series itself moves {wander:G3}";
        if (wander >= MaxWanderShare * step && ResidualAutocorrelation(y, lastBefore, meanBefore, meanAfter) >= MinPathAutocorrelation)
        {
            return $"claims a step of {step:G3}, but within one side the series follows a path that moves {wander:G3}, not a level";
        }
        return null;
    }

    /// <summary>The range (highest minus lowest) of a trailing moving average; the plain range when the span is shorter than the window.</summary>
    private static double SmoothedRange(ReadOnlySpan<double> y, int window)
    {
        var finite = new List<double>();
        foreach (var v in y) if (double.IsFinite(v)) finite.Add(v);
        if (finite.Count == 0) return 0;
        if (finite.Count < window) return finite.Max() - finite.Min();
        double sum = 0, high = double.MinValue, low = double.MaxValue;
        for (var i = 0; i < finite.Count; i++)
        {
            sum += finite[i];
            if (i >= window) sum -= finite[i - window];
            if (i < window - 1) continue;
            var mean = sum / window;
            high = Math.Max(high, mean);
            low = Math.Min(low, mean);
        }
        return high - low;
    }

    /// <summary>The lag-one autocorrelation of what the two levels leave.</summary>
    private static double ResidualAutocorrelation(double[] y, int lastBefore, double meanBefore, double meanAfter)
    {
        var r = new List<double>();
        for (var i = 0; i < y.Length; i++) if (double.IsFinite(y[i])) r.Add(y[i] - (i <= lastBefore ? meanBefore : meanAfter));
        if (r.Count < 3) return 0;
        var m = r.Average();
        double num = 0, den = 0;
        for (var i = 0; i < r.Count; i++)
        {
            den += (r[i] - m) * (r[i] - m);
            if (i > 0) num += (r[i] - m) * (r[i - 1] - m);
        }
        return den > 0 ? num / den : 0;
    }

    /// <summary>The least-squares line through the finite points of a series, over the point index (flat when it cannot be fitted).</summary>
    private static (double Intercept, double Slope) Line(double[] y)
    {
        var fit = Stats.LeastSquares.OverIndex(y);
        return fit.N == 0 ? (0, 0) : (fit.Intercept, double.IsNaN(fit.Slope) ? 0 : fit.Slope);
    }

    /// <summary>The squared error the series' point-to-point noise alone would leave: n times half the variance of
    /// its successive differences (a trend's steady slope is taken out with their mean).</summary>
    private static double NoiseFloor(double[] y)
    {
        var d = new List<double>();
        for (var i = 1; i < y.Length; i++) if (double.IsFinite(y[i]) && double.IsFinite(y[i - 1])) d.Add(y[i] - y[i - 1]);
        if (d.Count < 2) return 0;
        var mean = d.Average();
        var variance = d.Sum(v => (v - mean) * (v - mean)) / (d.Count - 1);
        return y.Count(double.IsFinite) * variance / 2;
    }

    private static double LineError(double[] y)
    {
        if (y.Count(double.IsFinite) < 3) return 0;
        var (intercept, slope) = Line(y);
        double error = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (!double.IsFinite(y[i])) continue;
            var e = y[i] - (intercept + slope * i);
            error += e * e;
        }
        return error;
    }

    /// <summary>"Fell X% from A to B": the quoted values must be the chart's values at those points, the low below the
    /// high, and the fall larger than the series' usual swings over that many steps.</summary>
    public static string? Fall(double[] y, int peak, int trough, double peakValue, double troughValue, double noiseZ)
    {
        if (peak < 0 || trough >= y.Length || trough <= peak) return $"claims a fall from point {peak} to point {trough}, which the series does not have";
        if (!Same(y[peak], peakValue) || !Same(y[trough], troughValue)) return $"quotes {peakValue:G4} → {troughValue:G4}, but the series reads {y[peak]:G4} → {y[trough]:G4} there";
        if (troughValue >= peakValue) return "claims a fall, but the low is not below the high";
        if (noiseZ < 1) return $"claims a fall, but it is only {noiseZ:G2} times the series' usual swings over that span";
        return null;
    }

    /// <summary>"Reached its highest level in T": the quoted point must be the series' extreme, and the extreme values
    /// counted must not be the arbitrary cut of a run of ties (ten zeros "in the last fifth" out of forty zeros).</summary>
    public static string? Record(double[] y, bool high, IReadOnlyList<int> top)
    {
        if (top.Count == 0) return null;
        var finite = y.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return null;
        var extreme = high ? finite.Max() : finite.Min();
        if (!Same(y[top[0]], extreme)) return $"names {y[top[0]]:G4} as the {(high ? "highest" : "lowest")} value, but the series reaches {extreme:G4}";
        var cut = y[top[^1]];
        var inTop = top.ToHashSet();
        var tiedOutside = Enumerable.Range(0, y.Length).Count(i => !inTop.Contains(i) && Same(y[i], cut));
        if (tiedOutside > 0) return $"counts the {top.Count} {(high ? "highest" : "lowest")} values, but {tiedOutside} more are tied with the last of them ({cut:G4}): which ones count is arbitrary";
        return null;
    }

    /// <summary>
    /// "Peaks every June and dips every January": the named months must be among the three highest and the three lowest
    /// of the chart's monthly values once each year's own level is taken out.
    /// </summary>
    public static string? PeakMonth(double[] t, double[] y, int peakMonth, int troughMonth)
    {
        // A long-run rise would lift every December above its January: the straight line through the whole series
        // comes out first, then each year's own level.
        var (intercept, slope) = Line(y);
        var r = y.Select((v, i) => v - (intercept + slope * i)).ToArray();
        var sums = new double[12];
        var counts = new int[12];
        foreach (var year in Enumerable.Range(0, t.Length).Where(i => double.IsFinite(r[i])).GroupBy(i => Data.DateColumn.ToDateTime(t[i]).Year))
        {
            var points = year.ToList();
            if (points.Count < 12) continue;
            var level = points.Average(i => r[i]);
            foreach (var i in points)
            {
                var m = Data.DateColumn.ToDateTime(t[i]).Month - 1;
                sums[m] += r[i] - level;
                counts[m]++;
            }
        }
        if (counts.Count(c => c > 0) < 12) return null;
        var order = Enumerable.Range(0, 12).OrderByDescending(m => sums[m] / counts[m]).ToList();
        if (order.IndexOf(peakMonth - 1) > 2) return $"names month {peakMonth} as the peak, but in the data's whole years it ranks {order.IndexOf(peakMonth - 1) + 1} of 12 (highest: month {order[0] + 1})";
        if (order.IndexOf(troughMonth - 1) < 9) return $"names month {troughMonth} as the low, but in the data's whole years it ranks {order.IndexOf(troughMonth - 1) + 1} of 12 (lowest: month {order[^1] + 1})";
        return null;
    }

    private static bool Same(double a, double b) => a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
}
