using System.Diagnostics;
using System.Globalization;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Workbooks;
using DataStoryBot.Tests.Csv;

namespace DataStoryBot.Tests.Workbooks;

/// <summary>No other test runs beside the hostile corpus, so that its time and memory are its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCorpusCollection
{
    public const string Name = "Hostile corpus (alone)";
}

/// <summary>
/// Issue 23: every upload of the hostile corpus (<see cref="HostileWorkbooks"/>) through the upload path in this very
/// process (a stack overflow would end the test run): the right 4xx, or a 201 whose profile stays small, within 2 s
/// of CPU time and 256 MB of peak memory beyond the one before it.
/// </summary>
[Collection(HostileCorpusCollection.Name)]
public sealed class HostileCorpusTests
{
    public static TheoryData<string> Cases() => [.. HostileWorkbooks.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Validate_HostileUpload_AnswersItsStatusWithin2SecondsAnd256MB(string name)
    {
        var hostile = HostileWorkbooks.All.Single(c => c.Name == name);
        byte[] bytes = hostile.Bytes();
        Assert.True(bytes.Length < 20 * 1024 * 1024, $"the upload is {bytes.Length:N0} bytes");
        var memory = PeakMemory.Start();
        var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        var result = await ValidateAsync(bytes, hostile.Sheet);

        clock.Stop();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        long grewBy = memory.GrowthBytes();
        Assert.Equal(hostile.Status, result.Rejection?.Status ?? 201);
        if (hostile.ProblemType is { } type)
        {
            Assert.Equal(type, result.Rejection!.Type);
            Assert.True(result.Rejection.Detail.Length < 8_000, $"the detail has {result.Rejection.Detail.Length:N0} characters");
        }
        else
        {
            AssertBounded(result.Profile!);
        }

        // The machine running the tests may be shared: the 2 s are the CPU time this process spent (nothing else runs in it
        // meanwhile), and the wall clock only has to rule out a hang.
        Assert.True(cpu < TimeSpan.FromSeconds(2), $"{name}: took {cpu.TotalMilliseconds:N0} ms of CPU ({clock.Elapsed.TotalMilliseconds:N0} ms elapsed)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{name}: took {clock.Elapsed.TotalMilliseconds:N0} ms");
        Assert.True(grewBy < 256L * 1024 * 1024, $"{name}: peak memory grew by {grewBy / 1048576.0:N0} MB");
    }

    /// <summary>What a 201 stores and sends does not grow with the file: names, sample values, warnings and the sheet list are capped.</summary>
    internal static void AssertBounded(DatasetProfile profile)
    {
        Assert.All(profile.Columns, c => Assert.True(c.Name.Length <= TextCaps.NameChars + 30, $"a column name has {c.Name.Length:N0} characters"));
        Assert.All(profile.Sample.SelectMany(r => r), v => Assert.True(v.Length <= TextCaps.SampleValueChars + 30));
        Assert.True(profile.Warnings.Count <= TextCaps.MaxWarnings);
        Assert.All(profile.Warnings, w => Assert.True(w.Length <= TextCaps.WarningChars + 30, $"a warning has {w.Length:N0} characters"));
        Assert.True((profile.Sheets?.Count ?? 0) <= WorkbookLimits.MaxSheetsListed + 1, $"{profile.Sheets?.Count} sheets listed");
        Assert.All(profile.Sheets ?? [], s => Assert.True(s.Name.Length <= TextCaps.NameChars + 30));
    }

    internal static async Task<UploadValidationResult> ValidateAsync(byte[] bytes, string? sheet, DataStoryBotOptions? options = null)
    {
        options ??= new DataStoryBotOptions();
        var sink = new WorkbookUploadTests.CapturingSink();
        var (kind, body) = await UploadSniffer.PeekAsync(new MemoryStream(bytes, writable: false), CancellationToken.None);
        return kind == UploadKind.Text
            ? await CsvTestSupport.Validator(options).ValidateAsync(body, "hostile.csv", sink, CancellationToken.None)
            : await new WorkbookUpload(CsvTestSupport.Validator(options), options).ValidateAsync(kind, body, "hostile.xlsx", sheet, sink, CancellationToken.None);
    }
}

/// <summary>The process's peak resident memory (Linux <c>VmHWM</c>), reset at <see cref="Start"/> through <c>/proc/self/clear_refs</c>.</summary>
internal sealed class PeakMemory
{
    readonly long before;

    PeakMemory(long before) => this.before = before;

    public static PeakMemory Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5");
        return new PeakMemory(Status("VmRSS"));
    }

    /// <summary>Peak resident bytes since <see cref="Start"/>, beyond the resident bytes at it.</summary>
    public long GrowthBytes() => Status("VmHWM") - before;

    static long Status(string field) =>
        1024 * long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
