using Xunit;
using System.Globalization;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

public class UploadValidatorProfileTests
{
    private static readonly string[] Sentences =
    [
        "The delivery arrived two days late and the box was damaged",
        "Great value for the price, would certainly buy again",
        "Customer service answered quickly and solved the problem",
        "The colour is different from the pictures on the website",
    ];

    /// <summary>200 rows with one column per inferred type.</summary>
    private static string TypedCsv()
    {
        var sb = new StringBuilder("order_id,customer_key,quantity,price,paid,ordered_at,day,segment,review,sku\n");
        string[] segments = ["retail", "wholesale", "online"];
        for (int i = 1; i <= 200; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{1000 + i},C-{i * 7919 % 100000:00000},{i % 17},{i * 1.25:0.00},");
            sb.Append(i % 3 == 0 ? "false" : "true").Append(',');
            sb.Append(CultureInfo.InvariantCulture, $"2024-01-{1 + (i % 28):00}T{i % 24:00}:30:00,");
            sb.Append(CultureInfo.InvariantCulture, $"2023-{1 + (i % 12):00}-{1 + (i % 27):00},");
            sb.Append(segments[i % 3]).Append(',');
            sb.Append('"').Append(Sentences[i % 4]).Append(" (order ").Append(i).Append(")\",");
            sb.Append(CultureInfo.InvariantCulture, $"SKU{i % 150:000}\n");
        }

        return sb.ToString();
    }

    [Theory]
    [InlineData("order_id", ColumnType.Identifier)]
    [InlineData("customer_key", ColumnType.Identifier)]
    [InlineData("quantity", ColumnType.Integer)]
    [InlineData("price", ColumnType.Decimal)]
    [InlineData("paid", ColumnType.Boolean)]
    [InlineData("ordered_at", ColumnType.DateTime)]
    [InlineData("day", ColumnType.DateTime)]
    [InlineData("segment", ColumnType.Categorical)]
    [InlineData("review", ColumnType.Text)]
    [InlineData("sku", ColumnType.Identifier)]
    public async Task ValidateAsync_TypedColumns_InfersEachType(string column, ColumnType expected)
    {
        var (result, _) = await ValidateTextAsync(TypedCsv());

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(expected, Column(profile, column).Type);
    }

    [Fact]
    public async Task ValidateAsync_TypedColumns_MinMaxAreInvariantAndIso()
    {
        var (result, _) = await ValidateTextAsync(TypedCsv());

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(("1001", "1200"), (Column(profile, "order_id").Min, Column(profile, "order_id").Max));
        Assert.Equal(("0", "16"), (Column(profile, "quantity").Min, Column(profile, "quantity").Max));
        Assert.Equal(("1.25", "250"), (Column(profile, "price").Min, Column(profile, "price").Max));
        Assert.Equal(("2024-01-01T00:30:00", "2024-01-28T23:30:00"), (Column(profile, "ordered_at").Min, Column(profile, "ordered_at").Max));
        Assert.Equal(("2023-01-01", "2023-12-27"), (Column(profile, "day").Min, Column(profile, "day").Max));
        Assert.Null(Column(profile, "segment").Min);
        Assert.Null(Column(profile, "paid").Max);
        Assert.Equal(DecimalMark.Point, profile.DecimalSeparator);
    }

    [Fact]
    public async Task ValidateAsync_NullsAndDistinct_CountedExactly()
    {
        const string csv = "a,b,c\n1,x,\nNA,y,2.5\n3,N/A,-\nnull,x,NaN\n3,,7\n-,Y, 9 \n";

        var (result, _) = await ValidateTextAsync(csv);

        DatasetProfile profile = AssertAccepted(result);
        ColumnProfile a = Column(profile, "a"), b = Column(profile, "b"), c = Column(profile, "c");
        Assert.Equal((3L, 2L, false), (a.NullCount, a.DistinctCount, a.DistinctIsEstimate));
        Assert.Equal(("1", "3"), (a.Min, a.Max));
        Assert.Equal((2L, 3L), (b.NullCount, b.DistinctCount)); // x, y, Y
        Assert.Equal((3L, 3L), (c.NullCount, c.DistinctCount));
        Assert.Equal(ColumnType.Decimal, c.Type);
        Assert.Equal(("2.5", "9"), (c.Min, c.Max));
        Assert.Equal(["1", "x", ""], profile.Sample[0]);
        Assert.Equal(5, profile.Sample.Count);
    }

    [Fact]
    public async Task ValidateAsync_SemicolonFileWithDecimalCommas_InfersDecimalsAndDayFirstDates()
    {
        var (result, _) = await ValidateFileAsync("semicolon-decimal-comma.csv");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(DecimalMark.Comma, profile.DecimalSeparator);
        ColumnProfile revenue = Column(profile, "Umsatz");
        Assert.Equal(ColumnType.Decimal, revenue.Type);
        Assert.Equal(("0.99", "12345"), (revenue.Min, revenue.Max));
        Assert.Equal(ColumnType.Integer, Column(profile, "Menge").Type);
        ColumnProfile date = Column(profile, "Datum");
        Assert.Equal(ColumnType.DateTime, date.Type);
        Assert.Equal(("2024-01-03", "2024-03-01"), (date.Min, date.Max));
        Assert.Equal(ColumnType.Categorical, Column(profile, "Region").Type);
    }

    [Fact]
    public async Task ValidateAsync_AmbiguousThousandsInCommaDecimalFile_ReadsGrouping()
    {
        const string csv = "a;b\n1.234;0,5\n2.500;1,5\n";

        var (result, _) = await ValidateTextAsync(csv);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(DecimalMark.Comma, profile.DecimalSeparator);
        Assert.Equal(("1234", "2500"), (Column(profile, "a").Min, Column(profile, "a").Max));
    }

    [Fact]
    public async Task ValidateAsync_DotDecimalsWithGrouping_ReadAsNumbers()
    {
        const string csv = "amount,label\n\"1,234.50\",a\n\"12,000\",b\n-3.5,c\n1e3,d\n";

        var (result, _) = await ValidateTextAsync(csv);

        DatasetProfile profile = AssertAccepted(result);
        ColumnProfile amount = Column(profile, "amount");
        Assert.Equal(ColumnType.Decimal, amount.Type);
        Assert.Equal(("-3.5", "12000"), (amount.Min, amount.Max));
        Assert.Equal(DecimalMark.Point, profile.DecimalSeparator);
    }

    [Fact]
    public async Task ValidateAsync_MonthFirstSlashDates_ChoosesTheOnlyValidOrder()
    {
        const string csv = "when,n\n12/31/2023,1\n01/15/2024,2\n02/01/2024,3\n";

        var (result, _) = await ValidateTextAsync(csv);

        ColumnProfile when = Column(AssertAccepted(result), "when");
        Assert.Equal(ColumnType.DateTime, when.Type);
        Assert.Equal(("2023-12-31", "2024-02-01"), (when.Min, when.Max));
    }

    [Fact]
    public async Task ValidateAsync_MixedValues_FallBackToText()
    {
        const string csv = "v\n1\n2024-01-01\ntrue\n";

        var (result, _) = await ValidateTextAsync(csv);

        ColumnProfile v = Column(AssertAccepted(result), "v");
        Assert.Equal(ColumnType.Categorical, v.Type);
        Assert.Null(v.Min);
    }

    [Fact]
    public async Task ValidateAsync_ManyDistinctValues_EstimatesWithinThreePercent()
    {
        var sb = new StringBuilder("key,group\n");
        for (int i = 0; i < 200_000; i++)
        {
            sb.Append("k").Append(i * 31).Append(',').Append(i % 3).Append('\n');
        }

        var (result, _) = await ValidateTextAsync(sb.ToString());

        DatasetProfile profile = AssertAccepted(result);
        ColumnProfile key = Column(profile, "key");
        Assert.True(key.DistinctIsEstimate);
        Assert.InRange(key.DistinctCount, 194_000, 200_000);
        Assert.Equal(ColumnType.Identifier, key.Type);
        Assert.Equal((3L, false), (Column(profile, "group").DistinctCount, Column(profile, "group").DistinctIsEstimate));
    }

    [Fact]
    public async Task ValidateAsync_FileOverWarnSize_WarnsAnalysisMayBeSlow()
    {
        var sb = new StringBuilder("id,label,value\n", 16_500_000);
        int i = 0;
        while (sb.Length < 16_300_000) // about 15.5 MB (MiB)
        {
            sb.Append(i).Append(",a-longer-label-for-row-").Append(i % 100).Append(',').Append(i % 1000 / 10.0).Append('\n');
            i++;
        }

        var (result, _) = await ValidateTextAsync(sb.ToString());

        DatasetProfile profile = AssertAccepted(result);
        Assert.True(profile.SizeBytes > new DataStoryBotOptions().WarnUploadBytes);
        Assert.Contains(profile.Warnings, w => w.Contains("analysis may be slow", StringComparison.Ordinal));
        Assert.DoesNotContain(profile.Warnings, w => w.Contains("will sample", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_SmallFile_HasNoSizeOrSamplingWarning()
    {
        var (result, _) = await ValidateTextAsync(TypedCsv());

        Assert.Empty(AssertAccepted(result).Warnings);
    }

    [Fact]
    public async Task ValidateAsync_MoreRowsThanSampleThreshold_WarnsAnalysisWillSample()
    {
        var sb = new StringBuilder("n\n");
        for (int i = 0; i < 500_001; i++)
        {
            sb.Append(i % 10).Append('\n');
        }

        var (result, _) = await ValidateTextAsync(sb.ToString());

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(500_001, profile.RowCount);
        Assert.Contains(profile.Warnings, w => w.Contains("500,001 rows", StringComparison.Ordinal) && w.Contains("will sample", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_ExactlySampleThresholdRows_DoesNotWarn()
    {
        var sb = new StringBuilder("n\n");
        for (int i = 0; i < 500_000; i++)
        {
            sb.Append(i % 10).Append('\n');
        }

        var (result, _) = await ValidateTextAsync(sb.ToString());

        Assert.DoesNotContain(AssertAccepted(result).Warnings, w => w.Contains("will sample", StringComparison.Ordinal));
    }
}
