using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>
/// Upload validation and profiling of a generated 1,000,000-row CSV (about 48 MB, 8 mixed columns), read from a
/// file and from memory. Run: <c>dotnet run -c Release --project bench/DataStoryBot.Bench -- --filter *Upload*</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class UploadBenchmarks
{
    private readonly UploadValidator _validator = new(Options.Create(new DataStoryBotOptions()));
    private byte[] _bytes = [];
    private long _baselineWorkingSet;

    [GlobalSetup(Target = nameof(FromFile))]
    public void SetupFile()
    {
        UploadBenchmarkData.EnsureFile();
        RecordBaseline();
    }

    [GlobalSetup(Target = nameof(FromMemory))]
    public void SetupMemory()
    {
        _bytes = File.ReadAllBytes(UploadBenchmarkData.EnsureFile());
        RecordBaseline();
    }

    private void RecordBaseline()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        _baselineWorkingSet = Environment.WorkingSet;
    }

    /// <summary>Prints the process's peak working set beyond the one after setup: an upper bound of what validation adds.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(
            $"// Upload memory: peak working set {self.PeakWorkingSet64 / 1048576.0:0.0} MB, after setup {_baselineWorkingSet / 1048576.0:0.0} MB, " +
            $"peak beyond setup {(self.PeakWorkingSet64 - _baselineWorkingSet) / 1048576.0:0.0} MB (input held in memory: {_bytes.Length > 0})");
    }

    [Benchmark(Baseline = true, Description = "Validate+profile, FileStream")]
    public async Task<long> FromFile()
    {
        await using var input = new FileStream(UploadBenchmarkData.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 1, FileOptions.SequentialScan);
        UploadValidationResult result = await _validator.ValidateAsync(input, "bench.csv", Stream.Null);
        return result.Profile?.RowCount ?? throw new InvalidOperationException(result.Rejection?.Detail);
    }

    [Benchmark(Description = "Validate+profile, MemoryStream")]
    public async Task<long> FromMemory()
    {
        using var input = new MemoryStream(_bytes, writable: false);
        UploadValidationResult result = await _validator.ValidateAsync(input, "bench.csv", Stream.Null);
        return result.Profile?.RowCount ?? throw new InvalidOperationException(result.Rejection?.Detail);
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new ThroughputColumn());
    }

    /// <summary>MB/s (1 MB = 10^6 bytes) of the generated file at the mean time.</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "Throughput";
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Megabytes (10^6 bytes) of CSV validated and profiled per second, at the mean time";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (meanNs is not > 0 || !File.Exists(UploadBenchmarkData.FilePath))
            {
                return "-";
            }

            double megabytes = new FileInfo(UploadBenchmarkData.FilePath).Length / 1e6;
            return (megabytes / (meanNs.Value / 1e9)).ToString("0", CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>The benchmark's CSV: 1,000,000 rows, 8 columns, deterministic (seed 20261101).</summary>
public static class UploadBenchmarkData
{
    public const int Rows = 1_000_000;
    private const int Seed = 20261101;

    public static string FilePath { get; } = Path.Combine(Path.GetTempPath(), "datastorybot-bench", "upload-1m.csv");

    private static readonly string[] Categories = ["Books", "Games", "Food", "Toys", "Home", "Garden", "Music", "Tools", "Sports", "Beauty"];

    private static readonly string[] Words =
    [
        "great", "value", "late", "delivery", "box", "damaged", "works", "fine", "would", "buy", "again", "gift", "for",
        "my", "son", "too", "small", "cheap", "quality", "fast", "shipping", "not", "as", "described", "love", "it",
        "colour", "size", "returned", "refund", "happy", "customer", "service", "excellent", "poor", "packaging",
    ];

    /// <summary>Writes the file unless an identical one (same length) is there; returns its path.</summary>
    public static string EnsureFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        string temp = FilePath + ".tmp";
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 20))
        {
            Write(writer);
        }

        if (File.Exists(FilePath) && new FileInfo(FilePath).Length == new FileInfo(temp).Length)
        {
            File.Delete(temp);
        }
        else
        {
            File.Move(temp, FilePath, overwrite: true);
        }

        return FilePath;
    }

    public static void Write(TextWriter writer)
    {
        var random = new Random(Seed);
        var start = new DateOnly(2021, 1, 1);
        var text = new StringBuilder(64);
        writer.Write("order_id,order_date,category,quantity,unit_price,rating,store,comment\n");
        for (int i = 1; i <= Rows; i++)
        {
            writer.Write(i.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(start.AddDays(random.Next(1461)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Categories[random.Next(Categories.Length)]);
            writer.Write(',');
            writer.Write((1 + random.Next(9)).ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write((random.Next(100, 10000) / 100m).ToString("0.00", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write((random.Next(10, 51) / 10m).ToString("0.0", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write("ST-" + random.Next(1, 41).ToString("00", CultureInfo.InvariantCulture));
            writer.Write(',');
            if (random.Next(100) < 35)
            {
                text.Clear();
                int words = 2 + random.Next(4);
                for (int w = 0; w < words; w++)
                {
                    text.Append(w == 0 ? "" : " ").Append(Words[random.Next(Words.Length)]);
                }

                int quoting = random.Next(20);
                if (quoting == 0)
                {
                    writer.Write("\"" + text + ", \"\"really\"\"\"");
                }
                else if (quoting == 1)
                {
                    writer.Write("\"" + text + "\nsecond line\"");
                }
                else
                {
                    writer.Write(text);
                }
            }

            writer.Write('\n');
        }
    }
}
