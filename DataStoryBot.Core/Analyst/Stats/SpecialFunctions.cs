namespace DataStoryBot.Core.Analyst.Stats;

/// <summary>Distribution functions needed by the tests: normal, Student t, chi-square, F.</summary>
internal static class SpecialFunctions
{
    /// <summary>Standard normal CDF.</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Two-sided p-value of a standard normal statistic.</summary>
    public static double NormalTwoSidedP(double z) => double.IsNaN(z) ? double.NaN : Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>Complementary error function (Numerical Recipes erfc, relative error below 1.2e-7).</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
            t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
        var y = x;
        var tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        var ser = 1.000000000190015;
        for (var j = 0; j < 6; j++)
        {
            ser += c[j] / ++y;
        }
        return -tmp + Math.Log(2.5066282746310005 * ser / x);
    }

    /// <summary>Regularized incomplete beta I_x(a, b).</summary>
    public static double IncompleteBeta(double a, double b, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var bt = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? bt * BetaContinuedFraction(a, b, x) / a
            : 1 - bt * BetaContinuedFraction(b, a, 1 - x) / b;
    }

    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double fpmin = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < fpmin) d = fpmin;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d; if (Math.Abs(d) < fpmin) d = fpmin;
            c = 1 + aa / c; if (Math.Abs(c) < fpmin) c = fpmin;
            d = 1 / d; h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d; if (Math.Abs(d) < fpmin) d = fpmin;
            c = 1 + aa / c; if (Math.Abs(c) < fpmin) c = fpmin;
            d = 1 / d;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 3e-12) break;
        }
        return h;
    }

    /// <summary>Regularized upper incomplete gamma Q(a, x).</summary>
    public static double UpperIncompleteGamma(double a, double x)
    {
        if (x <= 0) return 1;
        if (x < a + 1)
        {
            double ap = a, sum = 1 / a, del = sum;
            for (var n = 0; n < 1000; n++)
            {
                ap++; del *= x / ap; sum += del;
                if (Math.Abs(del) < Math.Abs(sum) * 1e-14) break;
            }
            return Math.Max(0, 1 - sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a)));
        }
        const double fpmin = 1e-300;
        double b = x + 1 - a, c = 1 / fpmin, d = 1 / b, h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < fpmin) d = fpmin;
            c = b + an / c; if (Math.Abs(c) < fpmin) c = fpmin;
            d = 1 / d;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-14) break;
        }
        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    /// <summary>Survival function of chi-square with <paramref name="df"/> degrees of freedom.</summary>
    public static double ChiSquareSurvival(double x, double df) => double.IsNaN(x) ? double.NaN : UpperIncompleteGamma(df / 2, x / 2);

    /// <summary>Two-sided p-value of a Student t statistic.</summary>
    public static double StudentTTwoSidedP(double t, double df)
    {
        if (double.IsNaN(t) || df <= 0) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        return IncompleteBeta(df / 2, 0.5, df / (df + t * t));
    }
}
