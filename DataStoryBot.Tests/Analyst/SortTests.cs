using DataStoryBot.Core.Analyst.Stats;
using Xunit;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The radix sort behind sorted columns, medians and ranks gives exactly what the comparison sort gave.</summary>
public class SortTests
{
    /// <summary>Arrays long enough for the radix sort: prices, counts with many ties, signed values with infinities, one value.</summary>
    public static TheoryData<string> Shapes => new() { "prices", "counts", "signed", "constant", "tiny" };

    private static double[] Values(string shape, int n = 20_000, int seed = 7)
    {
        var random = new Random(seed);
        return shape switch
        {
            "prices" => Enumerable.Range(0, n).Select(_ => Math.Round(5 + 200 * random.NextDouble(), 2)).ToArray(),
            "counts" => Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 40)).ToArray(),
            "signed" => Enumerable.Range(0, n).Select(i => i % 997 == 0 ? double.PositiveInfinity : i % 991 == 0 ? double.NegativeInfinity
                : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 12))).ToArray(),
            "constant" => Enumerable.Repeat(3.25, n).ToArray(),
            _ => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1e-300).ToArray(),
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sorted_LongArray_SameBitsAsArraySort(string shape)
    {
        var values = Values(shape);
        var expected = values.ToArray();
        Array.Sort(expected);

        var sorted = Descriptive.Sorted(values);

        Assert.True(values.Length >= Descriptive.MinRadixSort);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), sorted.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Sorted_NaNAndNegativeZero_SameBitsAsArraySort()
    {
        var values = Values("signed");
        values[10] = double.NaN;
        values[20] = -0.0;
        values[30] = 0.0;
        var expected = values.ToArray();
        Array.Sort(expected);

        var sorted = Descriptive.Sorted(values);

        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), sorted.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Ranks_LongArray_SameAsComparisonSortRanks(string shape)
    {
        var values = Values(shape, seed: 11);
        values[5] = -0.0;
        values[6] = 0.0;
        var (expected, expectedTies) = ComparisonRanks(values);

        var ranks = Descriptive.Ranks(values, out var ties);

        Assert.Equal(expected, ranks);
        Assert.Equal(expectedTies, ties);
    }

    [Theory]
    [InlineData(20_001)]
    [InlineData(20_000)]
    public void Median_LongArray_SameAsQuantileOfArraySort(int n)
    {
        var values = Values("signed", n);
        var expected = values.ToArray();
        Array.Sort(expected);

        Assert.Equal(BitConverter.DoubleToInt64Bits(Descriptive.QuantileSorted(expected, 0.5)), BitConverter.DoubleToInt64Bits(Descriptive.Median(values)));
    }

    [Theory]
    [InlineData("prices", 20_001)]
    [InlineData("prices", 20_000)]
    [InlineData("counts", 4_001)]
    [InlineData("counts", 4_000)]
    [InlineData("signed", 999)]
    [InlineData("constant", 10)]
    [InlineData("prices", 1)]
    [InlineData("prices", 2)]
    public void Mad_SortedValues_SameAsSelectionOverDeviations(string shape, int n)
    {
        var sorted = Values(shape, n).Where(double.IsFinite).ToArray();
        Array.Sort(sorted);
        var median = Descriptive.QuantileSorted(sorted, 0.5);
        var expected = Descriptive.MedianInPlace(sorted.Select(v => Math.Abs(v - median)).ToArray());

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(Descriptive.MadOfSorted(sorted, median)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(Descriptive.Mad(sorted, median)));
    }

    /// <summary>The ranks as computed before the radix sort: a comparison sort of values and positions, ties averaged.</summary>
    private static (double[] Ranks, double TieSum) ComparisonRanks(double[] x)
    {
        var n = x.Length;
        var index = Enumerable.Range(0, n).ToArray();
        var keys = x.ToArray();
        Array.Sort(keys, index);
        var ranks = new double[n];
        double tieSum = 0;
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
        return (ranks, tieSum);
    }
}
