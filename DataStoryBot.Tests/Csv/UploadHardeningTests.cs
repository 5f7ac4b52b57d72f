using Xunit;
using System.Diagnostics;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

/// <summary>Issue 12 on the upload side: blank files, Excel's sep= line, the column limit, linear header repair, cancellation.</summary>
public sealed class UploadHardeningTests
{
    [Theory]
    [InlineData(" \n \n")]
    [InlineData("\n \n \n")]
    [InlineData("   \r\n  \t \r\n \n")]
    [InlineData("\t\t\n\t\n")]
    public async Task ValidateAsync_OnlyWhitespaceAndLineBreaks_Rejects422Empty(string text)
    {
        var (result, _) = await ValidateTextAsync(text);

        var rejection = AssertRejected(result, 422, UploadRejections.EmptyType);
        Assert.Contains("only spaces and line breaks", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_WhitespaceBeforeRealData_IsAccepted()
    {
        var (result, _) = await ValidateTextAsync("\n\n a , b \n 1 , 2 \n");

        Assert.Equal(1, AssertAccepted(result).RowCount);
    }

    [Theory]
    [InlineData("sep=;\n", ';')]
    [InlineData("sep=,\r\n", ',')]
    [InlineData("SEP=\t\n", '\t')]
    [InlineData("sep=|\r\n", '|')]
    public async Task ValidateAsync_ExcelSepLine_TakesTheDelimiterFromItAndLeavesTheLineOutOfTheData(string sepLine, char delimiter)
    {
        // The first column holds another candidate delimiter three times in every row, so the body alone would be split on
        // that one (four even fields beat three): only the sep line says otherwise.
        string d = delimiter.ToString();
        string o = delimiter == ';' ? "," : ";";
        string body = $"a{o}b{o}c{o}d{d}price{d}qty\nw{o}x{o}y{o}z{d}1{d}3\nk{o}l{o}m{o}n{d}2{d}4\nq{o}r{o}s{o}t{d}3{d}5\n";

        var (result, output) = await ValidateTextAsync(sepLine + body);

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal(d, profile.Delimiter.ToWire());
        Assert.Equal([$"a{o}b{o}c{o}d", "price", "qty"], profile.Columns.Select(c => c.Name));
        Assert.Equal(3, profile.RowCount);
        Assert.Equal(body, Encoding.UTF8.GetString(output));
    }

    [Fact]
    public async Task ValidateAsync_ExcelSepLineWithRaggedRows_ReportsLineNumbersOfTheFile()
    {
        var (result, _) = await ValidateTextAsync("sep=;\na;b\n1;2\n3;4;5\n6;7\n");

        DatasetProfile profile = AssertAccepted(result);
        Assert.Contains(profile.Warnings, w => w.Contains("first at line(s) 4", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sep=;x\na;b\n1;2\n")]
    [InlineData("sep=\na,b\n1,2\n")]
    [InlineData("sep=:\na,b\n1,2\n")]
    public async Task ValidateAsync_SepLookalikeFirstLine_IsReadAsData(string csv)
    {
        var (result, output) = await ValidateTextAsync(csv);

        Assert.Equal(csv, Encoding.UTF8.GetString(output));
        if (result.IsAccepted)
        {
            Assert.NotEqual("a", result.Profile!.Columns[0].Name);
        }
    }

    [Fact]
    public async Task ValidateAsync_MoreColumnsThanTheLimit_Rejects422NamingTheLimit()
    {
        string csv = string.Join(',', Enumerable.Range(1, 11).Select(i => "c" + i)) + "\n" + string.Join(',', Enumerable.Range(1, 11)) + "\n";

        var (result, _) = await ValidateTextAsync(csv, new DataStoryBotOptions { MaxColumns = 10 });

        var rejection = AssertRejected(result, 422, UploadRejections.TooManyColumnsType);
        Assert.Contains("more than 10 columns", rejection.Detail);
    }

    [Fact]
    public async Task ValidateAsync_ExactlyTheColumnLimit_IsAccepted()
    {
        string csv = string.Join(',', Enumerable.Range(1, 10).Select(i => "c" + i)) + "\n" + string.Join(',', Enumerable.Range(1, 10)) + "\n";

        var (result, _) = await ValidateTextAsync(csv, new DataStoryBotOptions { MaxColumns = 10 });

        Assert.Equal(10, AssertAccepted(result).Columns.Count);
    }

    [Fact]
    public async Task ValidateAsync_900000Columns_Rejects422BeforeProfilingThem()
    {
        byte[] header = Encoding.ASCII.GetBytes(string.Join(',', Enumerable.Repeat("x", 900_000)) + "\n1\n");

        var watch = Stopwatch.StartNew();
        var (result, _) = await ValidateBytesAsync(header);
        watch.Stop();

        AssertRejected(result, 422, UploadRejections.TooManyColumnsType);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Repair_OneName20000Times_GivesUniqueNamesInLinearTime()
    {
        var raw = Enumerable.Repeat("value", 20_000).ToList();
        var warnings = new List<string>();

        var watch = Stopwatch.StartNew();
        string[] names = ColumnNames.Repair(raw, warnings);
        watch.Stop();

        Assert.Equal(20_000, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(["value", "value_2", "value_3"], names[..3]);
        Assert.Equal("value_20000", names[^1]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"repair took {watch.Elapsed.TotalMilliseconds:0} ms (quadratic?)");
    }

    [Fact]
    public void Repair_SuffixAlreadyTakenByAnotherColumn_SkipsIt()
    {
        var warnings = new List<string>();

        string[] names = ColumnNames.Repair(["a", "a_2", "A", "a", "a_3"], warnings);

        Assert.Equal(["a", "a_2", "A_4", "a_5", "a_3"], names);
    }

    [Fact]
    public void Repair_ManyRenames_DescribesTheFirstTenAndCountsTheRest()
    {
        var warnings = new List<string>();

        ColumnNames.Repair(Enumerable.Repeat("x", 31).ToList(), warnings);

        Assert.Equal(ColumnNames.WarningsPerKind, warnings.Count(w => w.Contains("repeats the name", StringComparison.Ordinal)));
        Assert.Contains(warnings, w => w.StartsWith("20 more column(s) repeat an earlier name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateAsync_HeaderRepeatingOneName20000Times_ValidatesFast()
    {
        string csv = string.Join(',', Enumerable.Repeat("n", 20_000)) + "\n" + string.Join(',', Enumerable.Repeat("1", 20_000)) + "\n";

        var watch = Stopwatch.StartNew();
        var (result, _) = await ValidateTextAsync(csv, new DataStoryBotOptions { MaxColumns = 20_000 });
        watch.Stop();

        DatasetProfile profile = AssertAccepted(result);
        Assert.Equal("n_20000", profile.Columns[^1].Name);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"validation took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ValidateAsync_TokenCancelledWhileReading_StopsWithoutReadingTheRest()
    {
        using var cts = new CancellationTokenSource();
        var input = new EndlessCsvStream(onRead: reads => { if (reads == 3) cts.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Validator().ValidateAsync(input, "x.csv", Stream.Null, cts.Token));

        Assert.InRange(input.Reads, 3, 4);
    }

    [Fact]
    public async Task ValidateAsync_InputAlreadyInMemory_ChecksTheTokenBetweenChunks()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 2_000_000)));
        using var cts = new CancellationTokenSource();
        var sink = new RecordingSink(onData: total => { if (total > 1_000_000) cts.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Validator().ValidateAsync(new MemoryStream(bytes), "x.csv", sink, cts.Token));

        Assert.True(sink.Data.Length < bytes.Length / 2, $"went on to {sink.Data.Length:N0} of {bytes.Length:N0} bytes after the cancellation");
    }

    [Fact]
    public async Task ValidateAsync_Utf8WithoutBom_DataIsTheOriginalThroughout()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("city,temp\nZürich,3\nKraków,5\n" + string.Concat(Enumerable.Repeat("Malmö,1\n", 300_000)));
        var sink = new RecordingSink();

        AssertAccepted(await Validator().ValidateAsync(new ChunkedStream(bytes, 100_000), "x.csv", sink));

        Assert.Equal(bytes, sink.Original.ToArray());
        Assert.Equal(bytes, sink.Data.ToArray());
        Assert.All(sink.Same, Assert.True);
    }

    [Fact]
    public async Task ValidateAsync_Utf8WithBom_DataDiffersFromTheStart()
    {
        byte[] body = Encoding.UTF8.GetBytes("a,b\n1,2\n");
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. body];
        var sink = new RecordingSink();

        AssertAccepted(await Validator().ValidateAsync(new MemoryStream(bytes), "x.csv", sink));

        Assert.Equal(bytes, sink.Original.ToArray());
        Assert.Equal(body, sink.Data.ToArray());
        Assert.All(sink.Same, Assert.False);
    }

    [Fact]
    public async Task ValidateAsync_AsciiThenWindows1252AfterTheSniffWindow_DataIsTheOriginalUntilTheSwitch()
    {
        string ascii = "name,value\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"n{i},{i}\n"));
        byte[] bytes = [.. Encoding.ASCII.GetBytes(ascii), .. Encoding.Latin1.GetBytes("Caf\u00e9,1\n")];
        var sink = new RecordingSink();

        // Reads of at most 64 KiB: the first chunks are pure ASCII, the 1252 byte comes ~500 KB later.
        DatasetProfile profile = AssertAccepted(await Validator().ValidateAsync(new ChunkedStream(bytes, 65_536), "x.csv", sink));

        Assert.Equal("windows-1252", profile.Encoding);
        Assert.True(sink.Same[0]);
        Assert.False(sink.Same[^1]);
        Assert.Equal(ascii + "Caf\u00e9,1\n", Encoding.UTF8.GetString(sink.Data.ToArray()));
        Assert.Equal(bytes, sink.Original.ToArray());
    }

    [Fact]
    public async Task ValidateAsync_StreamHandingOver4KiBPerRead_GathersChunksOfAtLeast64KiB()
    {
        // A multipart section hands over a few KB per read; per-chunk work (hashing, staging, decoding) must not be paid
        // per 4 KB. Every chunk but the last is at least 64 KiB, and nothing is lost or reordered on the way.
        byte[] bytes = Encoding.ASCII.GetBytes("id,value\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"{i},{i % 97}\n")));
        var sink = new RecordingSink();

        DatasetProfile profile = AssertAccepted(await Validator().ValidateAsync(new ChunkedStream(bytes, 4096), "x.csv", sink));

        Assert.Equal(100_000, profile.RowCount);
        Assert.Equal(bytes, sink.Original.ToArray());
        Assert.True(sink.OriginalWrites.Count > 2, $"only {sink.OriginalWrites.Count} chunks");
        Assert.All(sink.OriginalWrites[..^1], n => Assert.True(n >= 64 * 1024, $"a chunk of {n:N0} bytes"));
    }

    /// <summary>Keeps everything the validator hands to a sink, and whether each data chunk was still the original.</summary>
    private sealed class RecordingSink(Action<long>? onData = null) : IUploadSink
    {
        public MemoryStream Original { get; } = new();
        public MemoryStream Data { get; } = new();
        public List<bool> Same { get; } = [];
        public List<int> OriginalWrites { get; } = [];

        public ValueTask WriteOriginalAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            OriginalWrites.Add(bytes.Length);
            Original.Write(bytes.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask WriteDataAsync(ReadOnlyMemory<byte> utf8, bool sameAsOriginal, CancellationToken cancellationToken)
        {
            Data.Write(utf8.Span);
            Same.Add(sameAsOriginal);
            onData?.Invoke(Data.Length);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A CSV without end, 64 KB per read, that reports each read (as a client trickling its body would).</summary>
    private sealed class EndlessCsvStream(Action<int> onRead) : Stream
    {
        private static readonly byte[] Block = Encoding.ASCII.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 16_383)));

        public int Reads { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            onRead(Reads);
            int n = Math.Min(count, Block.Length);
            Array.Copy(Block, 0, buffer, offset, n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
