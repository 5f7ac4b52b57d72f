using Xunit;
using System.Text;
using DataStoryBot.Core.Csv;

namespace DataStoryBot.Tests.Csv;

public class DistinctCounterTests
{
    [Fact]
    public void Count_BelowCap_IsExact()
    {
        var counter = new DistinctCounter(cap: 5000);
        for (int i = 0; i < 30_000; i++)
        {
            counter.Add(SpanHash.Hash(Encoding.UTF8.GetBytes("v" + (i % 4321))));
        }

        Assert.False(counter.IsEstimate);
        Assert.Equal(4321, counter.Count);
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(50_000)]
    [InlineData(1_000_000)]
    public void Count_AboveCap_EstimateWithinThreePercent(int distinct)
    {
        var counter = new DistinctCounter(cap: 1024);
        for (int i = 0; i < distinct; i++)
        {
            counter.Add(SpanHash.Hash(Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        Assert.True(counter.IsEstimate);
        Assert.InRange(counter.Count, distinct * 0.97, distinct * 1.03);
    }

    [Fact]
    public void Count_SmallSketchForWideFiles_EstimateWithinTenPercent()
    {
        var counter = new DistinctCounter(cap: 128, sketchBits: 10);
        for (int i = 0; i < 100_000; i++)
        {
            counter.Add(SpanHash.Hash(BitConverter.GetBytes(i)));
        }

        Assert.True(counter.IsEstimate);
        Assert.InRange(counter.Count, 90_000, 110_000);
    }

    [Fact]
    public void Hash_SimilarShortValues_AllDifferent()
    {
        var seen = new HashSet<ulong>();
        for (int length = 0; length <= 40; length++)
        {
            for (int b = 0; b < 256; b++)
            {
                byte[] value = new byte[length];
                Array.Fill(value, (byte)'a');
                if (length > 0)
                {
                    value[b % length] = (byte)b;
                }

                seen.Add(SpanHash.Hash(value));
            }
        }

        int expected = 1 + Enumerable.Range(1, 40).Sum(length => 256 - CountDuplicates(length)); // the empty value, then each length's distinct values
        Assert.Equal(expected, seen.Count);
    }

    /// <summary>Values that repeat for a length: writing 'a' over an 'a' gives the all-'a' value again.</summary>
    private static int CountDuplicates(int length)
    {
        var values = new HashSet<string>();
        for (int b = 0; b < 256; b++)
        {
            char[] value = new string('a', length).ToCharArray();
            value[b % length] = (char)b;
            values.Add(new string(value));
        }

        return 256 - values.Count;
    }
}
