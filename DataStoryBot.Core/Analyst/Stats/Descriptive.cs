namespace DataStoryBot.Core.Analyst.Stats;

/// <summary>Descriptive statistics over finite values (callers pass arrays without NaN unless stated).</summary>
internal static class Descriptive
{
    public static double[] Finite(ReadOnlySpan<double> values)
    {
        var count = 0;
        foreach (var v in values) if (double.IsFinite(v)) count++;
        var result = new double[count];
        var i = 0;
        foreach (var v in values) if (double.IsFinite(v)) result[i++] = v;
        return result;
    }

    public static double Mean(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) return double.NaN;
        double s = 0;
        foreach (var v in x) s += v;
        return s / x.Length;
    }

    /// <summary>Sample variance (n − 1).</summary>
    public static double Variance(ReadOnlySpan<double> x)
    {
        if (x.Length < 2) return double.NaN;
        var m = Mean(x);
        double s = 0;
        foreach (var v in x) s += (v - m) * (v - m);
        return s / (x.Length - 1);
    }

    public static double StdDev(ReadOnlySpan<double> x) => Math.Sqrt(Variance(x));

    /// <summary>Quantile with linear interpolation (type 7) of a sorted array.</summary>
    public static double QuantileSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double[] Sorted(ReadOnlySpan<double> x)
    {
        var copy = x.ToArray();
        Array.Sort(copy);
        return copy;
    }

    public static double Median(ReadOnlySpan<double> x) => QuantileSorted(Sorted(x), 0.5);

    /// <summary>Median absolute deviation (unscaled), by selection rather than a full sort.</summary>
    public static double Mad(ReadOnlySpan<double> x, double median)
    {
        var dev = new double[x.Length];
        for (var i = 0; i < x.Length; i++) dev[i] = Math.Abs(x[i] - median);
        return MedianInPlace(dev);
    }

    /// <summary>Median by quickselect; reorders the array.</summary>
    public static double MedianInPlace(double[] a)
    {
        var n = a.Length;
        if (n == 0) return double.NaN;
        var upper = Select(a, n / 2);
        if (n % 2 == 1) return upper;
        // The lower middle is the largest value left of position n/2 after selection.
        var lower = double.NegativeInfinity;
        for (var i = 0; i < n / 2; i++) if (a[i] > lower) lower = a[i];
        return (lower + upper) / 2;
    }

    /// <summary>The k-th smallest value (0-based); partitions the array around it (Hoare, median-of-three pivot).</summary>
    public static double Select(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            var mid = lo + (hi - lo) / 2;
            double x = a[lo], y = a[mid], z = a[hi];
            var pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }

    /// <summary>Sample skewness g1 and excess kurtosis g2.</summary>
    public static (double Skewness, double ExcessKurtosis) Shape(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        if (n < 4) return (double.NaN, double.NaN);
        var m = Mean(x);
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in x)
        {
            var d = v - m;
            var d2 = d * d;
            m2 += d2; m3 += d2 * d; m4 += d2 * d2;
        }
        m2 /= n; m3 /= n; m4 /= n;
        if (m2 <= 0) return (0, 0);
        return (m3 / Math.Pow(m2, 1.5), m4 / (m2 * m2) - 3);
    }

    /// <summary>Gini coefficient of non-negative values (0 = equal, 1 = all in one).</summary>
    public static double Gini(ReadOnlySpan<double> values)
    {
        var sorted = Sorted(values);
        var n = sorted.Length;
        if (n == 0) return double.NaN;
        double cum = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            cum += (i + 1) * sorted[i];
            total += sorted[i];
        }
        return total <= 0 ? 0 : (2 * cum) / (n * total) - (n + 1.0) / n;
    }

    /// <summary>Average ranks (1-based) with ties sharing the mean rank; also returns Σ(t³ − t) over tie groups.</summary>
    public static double[] Ranks(ReadOnlySpan<double> x, out double tieSum)
    {
        var n = x.Length;
        var index = new int[n];
        for (var i = 0; i < n; i++) index[i] = i;
        var keys = x.ToArray();
        Array.Sort(keys, index);
        var ranks = new double[n];
        tieSum = 0;
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            var avg = (start + end + 1) / 2.0;
            for (var k = start; k < end; k++) ranks[index[k]] = avg;
            double t = end - start;
            if (t > 1) tieSum += t * t * t - t;
            start = end;
        }
        return ranks;
    }

    /// <summary>Evenly spaced indices: <paramref name="m"/> of <paramref name="n"/>, the first always included.</summary>
    public static int[] EvenlySpaced(int n, int m)
    {
        if (m >= n)
        {
            var all = new int[n];
            for (var i = 0; i < n; i++) all[i] = i;
            return all;
        }
        var idx = new int[m];
        for (var j = 0; j < m; j++) idx[j] = (int)((long)j * n / m);
        return idx;
    }
}
