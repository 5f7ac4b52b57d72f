using System.Diagnostics;
using System.Globalization;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Workbooks;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>
/// <c>workbook [rows] [columns]</c>: writes an .xlsx of <c>rows</c> rows (a date with a date format, numbers, a
/// category as a shared string), then times the workbook upload path without storage (spool, archive checks,
/// <c>OpenXmlReader</c> into CSV, the CSV validator) — median of 3, with the peak resident memory beyond the one just
/// before — and pandas <c>read_excel</c> (openpyxl) of the same file once.
/// </summary>
public static class WorkbookBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int columns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        string path = Path.Combine(Path.GetTempPath(), $"datastorybot-bench-{rows}x{columns}.xlsx");
        var sw = Stopwatch.StartNew();
        Generate(path, rows, columns);
        Console.WriteLine($"workbook: {rows:N0} rows x {columns} columns, {new FileInfo(path).Length / 1048576.0:0.0} MB (written in {sw.Elapsed.TotalSeconds:0.0} s); load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        var options = new DataStoryBotOptions();
        var upload = new WorkbookUpload(new UploadValidator(Options.Create(options)), options);
        var times = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long before = Status("VmRSS");
            File.WriteAllText("/proc/self/clear_refs", "5");
            sw.Restart();
            await using var file = File.OpenRead(path);
            var (kind, body) = await UploadSniffer.PeekAsync(file, CancellationToken.None);
            var result = await upload.ValidateAsync(kind, body, "bench.xlsx", null, new DiscardSink(), CancellationToken.None);
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (result.Rejection is { } r && i == 0)
            {
                Console.WriteLine($"  refused: {r.Detail}");
            }

            Console.WriteLine($"  run {i + 1}: {sw.Elapsed.TotalMilliseconds:0} ms, peak RSS +{(Status("VmHWM") - before) / 1024.0:0} MB, " +
                (result.Profile is { } p ? $"accepted: {p.RowCount:N0} rows, {p.Columns.Count} columns" : $"refused: {result.Rejection!.Status} {result.Rejection.Type}"));
        }

        times.Sort();
        Console.WriteLine($"workbook upload path (no storage): median {times[1]:0} ms");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", "import sys, time, pandas as pd\nt = time.perf_counter(); pd.read_excel(sys.argv[1], engine='openpyxl'); print(f'{(time.perf_counter() - t) * 1000:.0f}')", path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        string output = python.StandardOutput.ReadToEnd().Trim();
        string error = python.StandardError.ReadToEnd().Trim();
        python.WaitForExit();
        Console.WriteLine(python.ExitCode == 0 ? $"pandas read_excel (openpyxl): {output} ms" : $"pandas read_excel failed: {error.Split('\n').LastOrDefault()}");
        File.Delete(path);
        return 0;
    }

    sealed class DiscardSink : IUploadSink
    {
        public ValueTask WriteOriginalAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask WriteDataAsync(ReadOnlyMemory<byte> utf8, bool sameAsOriginal, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    internal static void Generate(string path, int rows, int columns)
    {
        string[] categories = ["North", "South", "East", "West", "Central"];
        var random = new Random(42);
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        WorkbookPart book = document.AddWorkbookPart();
        book.Workbook = new Workbook(new Sheets());
        book.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
            new Fonts(new Font()), new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })), new Borders(new Border()),
            new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
        var strings = new List<string> { "date", "region" };
        strings.AddRange(Enumerable.Range(1, columns - 2).Select(c => "value" + c));
        strings.AddRange(categories);
        book.AddNewPart<SharedStringTablePart>().SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s))));
        var sheet = book.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            writer.WriteStartElement(new Row { RowIndex = 1 });
            for (int c = 0; c < columns; c++)
            {
                writer.WriteElement(new Cell { CellReference = Ref(c, 1), DataType = CellValues.SharedString, CellValue = new CellValue(c) });
            }

            writer.WriteEndElement();
            for (int r = 2; r <= rows + 1; r++)
            {
                writer.WriteStartElement(new Row { RowIndex = (uint)r });
                writer.WriteElement(new Cell { CellReference = Ref(0, r), StyleIndex = 1, CellValue = new CellValue(40000 + r / 100) });
                writer.WriteElement(new Cell { CellReference = Ref(1, r), DataType = CellValues.SharedString, CellValue = new CellValue(columns + random.Next(categories.Length)) });
                for (int c = 2; c < columns; c++)
                {
                    writer.WriteElement(new Cell { CellReference = Ref(c, r), CellValue = new CellValue(Math.Round(random.NextDouble() * 1000, 2)) });
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        book.Workbook.Sheets!.Append(new Sheet { Name = "data", SheetId = 1, Id = book.GetIdOfPart(sheet) });
    }

    static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture); // kB

    static string Ref(int column, int row) => $"{(char)('A' + column)}{row}";
}
