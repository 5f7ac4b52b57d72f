using System.Globalization;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using nietras.SeparatedValues;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>How to read a file: delimiter and decimal separator (from the upload's profile), sampling threshold, columns wanted.</summary>
/// <param name="ExpectedRows">Row count from the upload's profile; above the threshold only the evenly spaced sample rows are parsed (checked against the real count).</param>
public sealed record CsvLoadOptions(char Delimiter, char DecimalSeparator, int SampleRowThreshold, IReadOnlySet<string>? Columns = null, IReadOnlySet<string>? Identifiers = null, long ExpectedRows = 0)
{
    public static CsvLoadOptions FromProfile(DatasetProfile profile, int sampleRowThreshold, IEnumerable<string>? columns = null)
    {
        var identifiers = profile.Columns.Where(c => c.Type == ColumnType.Identifier).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new(ParseDelimiter(profile.Delimiter), profile.DecimalSeparator == "," ? ',' : '.', sampleRowThreshold,
            columns?.ToHashSet(StringComparer.Ordinal), identifiers, profile.RowCount);
    }

    public static char ParseDelimiter(string? delimiter) => delimiter switch
    {
        null or "" => ',',
        "\\t" or "tab" or "TAB" => '\t',
        _ => delimiter[0],
    };
}

/// <summary>
/// Loads a UTF-8 CSV into typed columns with Sep: numbers as double[] (NaN missing), dates as day numbers,
/// categories as codes. Types are inferred from the first rows; above the threshold rows are sampled evenly.
/// </summary>
public static class CsvTableLoader
{
    private const int InferenceRows = 2000;
    private const int MaxCategories = 5000;

    public static AnalysisTable Load(Stream stream, CsvLoadOptions options)
    {
        var canSeek = stream.CanSeek;
        var start = canSeek ? stream.Position : 0;
        var table = LoadOnce(stream, options, out var total);
        if (options.ExpectedRows > options.SampleRowThreshold && total != options.ExpectedRows && canSeek)
        {
            // The profile's row count was wrong: sample again from the real count.
            stream.Position = start;
            table = LoadOnce(stream, options with { ExpectedRows = total }, out _);
        }
        return table;
    }

    private static AnalysisTable LoadOnce(Stream stream, CsvLoadOptions options, out int totalRows)
    {
        // Rows to keep while reading: every row, or the evenly spaced sample of the expected count.
        int[]? planned = options.ExpectedRows > options.SampleRowThreshold && options.ExpectedRows <= int.MaxValue
            ? Stats.Descriptive.EvenlySpaced((int)options.ExpectedRows, options.SampleRowThreshold)
            : null;
        var nextPlanned = 0;
        var rowIndex = 0;
        bool Keep(int index)
        {
            if (planned is null) return true;
            if (nextPlanned < planned.Length && planned[nextPlanned] == index) { nextPlanned++; return true; }
            return false;
        }
        using var reader = Sep.Reader(o => o with
        {
            Sep = new Sep(options.Delimiter),
            HasHeader = true,
            Unescape = true,
            DisableColCountCheck = true,
        }).From(new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true));

        var names = MakeNames(reader.Header.ColNames);
        var wanted = Enumerable.Range(0, names.Length).Where(i => options.Columns is null || options.Columns.Contains(names[i])).ToArray();

        // 1. Buffer the first rows as strings and infer each column's type.
        var head = new List<string[]>();
        var rowEnumerator = reader.GetEnumerator();
        var hasMore = true;
        while (head.Count < InferenceRows && (hasMore = rowEnumerator.MoveNext()))
        {
            var row = rowEnumerator.Current;
            var values = new string[wanted.Length];
            for (var k = 0; k < wanted.Length; k++) values[k] = wanted[k] < row.ColCount ? row[wanted[k]].ToString() : string.Empty;
            head.Add(values);
        }

        var builders = new ColumnBuilder[wanted.Length];
        for (var k = 0; k < wanted.Length; k++)
        {
            var name = names[wanted[k]];
            var sample = head.Select(r => r[k]).Where(v => !NumberParser.IsMissingToken(v)).ToList();
            builders[k] = ColumnBuilder.Infer(name, wanted[k], sample, options.DecimalSeparator, options.Identifiers?.Contains(name) == true);
        }

        // 2. Parse every kept row into the builders.
        foreach (var values in head)
        {
            if (Keep(rowIndex++))
            {
                for (var k = 0; k < wanted.Length; k++) builders[k].Add(values[k]);
            }
        }
        if (hasMore && head.Count == InferenceRows)
        {
            while (rowEnumerator.MoveNext())
            {
                if (!Keep(rowIndex++)) continue;
                var row = rowEnumerator.Current;
                for (var k = 0; k < wanted.Length; k++)
                {
                    var col = wanted[k];
                    builders[k].Add(col < row.ColCount ? row[col].Span : ReadOnlySpan<char>.Empty);
                }
            }
        }

        var total = rowIndex;
        totalRows = total;
        var columns = builders.Select(b => b.Build()).ToList();

        // 3. Sample evenly above the threshold (already done while reading when the row count was known).
        if (total > options.SampleRowThreshold)
        {
            var rows = Descriptive_EvenlySpaced(total, options.SampleRowThreshold);
            if (planned is null || planned.Length != rows.Length || !planned.AsSpan().SequenceEqual(rows))
            {
                if (planned is not null)
                {
                    // Rows kept from a wrong plan: the caller reloads (seekable) or we keep the plan's rows.
                    rows = planned.Where(r => r < total).ToArray();
                }
                else
                {
                    columns = columns.Select(c => c.Take(rows)).ToList();
                }
            }
            var step = total / (double)options.SampleRowThreshold;
            var sampling = new SamplingInfo(true, total, rows.Length,
                string.Create(CultureInfo.InvariantCulture, $"systematic sample of {rows.Length:N0} of {total:N0} rows: evenly spaced rows (one row in every {step:0.##}, starting with the first)"));
            return new AnalysisTable(columns, rows.Length, rows, sampling);
        }
        var all = new int[total];
        for (var i = 0; i < total; i++) all[i] = i;
        return new AnalysisTable(columns, total, all, SamplingInfo.None(total));
    }

    private static int[] Descriptive_EvenlySpaced(int n, int m) => Stats.Descriptive.EvenlySpaced(n, m);

    private static string[] MakeNames(IReadOnlyList<string> header)
    {
        var names = new string[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0) name = $"column_{i + 1}";
            var unique = name;
            for (var k = 2; !seen.Add(unique); k++) unique = $"{name}_{k}";
            names[i] = unique;
        }
        return names;
    }

    private abstract class ColumnBuilder(string name, int index)
    {
        protected string Name { get; } = name;
        protected int Index { get; } = index;
        public abstract int Count { get; }
        public abstract void Add(ReadOnlySpan<char> value);
        public abstract DataColumn Build();

        public static ColumnBuilder Infer(string name, int index, List<string> sample, char decimalSeparator, bool isIdentifier)
        {
            if (isIdentifier) return new TextBuilder(name, index);
            if (sample.Count == 0) return new CategoryBuilder(name, index);
            var numeric = 0;
            var integer = 0;
            var yearLike = 0;
            foreach (var v in sample)
            {
                if (NumberParser.TryParse(v, decimalSeparator, out var d))
                {
                    numeric++;
                    if (d == Math.Floor(d)) integer++;
                    if (d == Math.Floor(d) && d is >= 1000 and <= 2500) yearLike++;
                }
            }
            if (numeric >= 0.95 * sample.Count)
            {
                var lower = name.ToLowerInvariant();
                var isYear = yearLike == numeric && (lower.Contains("year") || lower is "yr" or "jahr" or "année" or "annee" or "año" or "ano");
                var isId = integer == numeric && IsIdentifierName(lower) && sample.Distinct(StringComparer.Ordinal).Count() == sample.Count;
                return isId ? new TextBuilder(name, index) : new NumericBuilder(name, index, decimalSeparator, isYear, integer == numeric);
            }
            var format = DateParser.DetectFormat(sample);
            if (format is not null) return new DateBuilder(name, index, format);
            return new CategoryBuilder(name, index);
        }

        private static bool IsIdentifierName(string lower) =>
            lower is "id" or "index" or "idx" or "key" or "row" or "rowid" or "row_id" or "#" || lower.EndsWith("_id", StringComparison.Ordinal) || lower.EndsWith(" id", StringComparison.Ordinal);
    }

    private sealed class NumericBuilder(string name, int index, char decimalSeparator, bool isYear, bool integerSample) : ColumnBuilder(name, index)
    {
        private readonly List<double> _values = new(1024);
        private bool _allInteger = integerSample;
        public override int Count => _values.Count;

        public override void Add(ReadOnlySpan<char> value)
        {
            if (NumberParser.TryParse(value, decimalSeparator, out var d))
            {
                if (_allInteger && d != Math.Floor(d)) _allInteger = false;
                _values.Add(d);
            }
            else
            {
                _values.Add(double.NaN);
            }
        }

        public override DataColumn Build() => new NumericColumn(Name, Index, [.. _values], _allInteger, isYear && _allInteger);
    }

    private sealed class DateBuilder(string name, int index, string format) : ColumnBuilder(name, index)
    {
        private readonly List<double> _days = new(1024);
        private bool _hasTime;
        public override int Count => _days.Count;

        public override void Add(ReadOnlySpan<char> value)
        {
            if (DateParser.TryParse(value, format, out var dt))
            {
                if (dt.TimeOfDay != TimeSpan.Zero) _hasTime = true;
                _days.Add(DateColumn.FromDateTime(dt));
            }
            else
            {
                _days.Add(double.NaN);
            }
        }

        public override DataColumn Build() => new DateColumn(Name, Index, [.. _days], _hasTime, format);
    }

    private sealed class CategoryBuilder(string name, int index) : ColumnBuilder(name, index)
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _labels = [];
        private readonly List<int> _values = new(1024);
        private bool _overflow;
        private int _missing;
        public override int Count => _values.Count;

        public override void Add(ReadOnlySpan<char> value)
        {
            value = value.Trim();
            if (NumberParser.IsMissingToken(value))
            {
                _values.Add(-1);
                _missing++;
                return;
            }
            if (_overflow)
            {
                _values.Add(-1);
                return;
            }
            var lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(value, out var code))
            {
                if (_labels.Count >= MaxCategories)
                {
                    _overflow = true;
                    _values.Add(-1);
                    return;
                }
                code = _labels.Count;
                var label = value.ToString();
                _codes[label] = code;
                _labels.Add(label);
            }
            _values.Add(code);
        }

        public override DataColumn Build()
        {
            var n = _values.Count;
            var nonMissing = n - _missing;
            // Free text and identifiers: (nearly) every value distinct.
            if (_overflow || (_labels.Count > 50 && _labels.Count > 0.5 * nonMissing))
            {
                return new TextColumn(Name, Index, _values.Select(c => c >= 0 ? _labels[c] : null).ToArray(), _labels.Count);
            }
            return new CategoryColumn(Name, Index, [.. _values], [.. _labels]);
        }
    }

    private sealed class TextBuilder(string name, int index) : ColumnBuilder(name, index)
    {
        private const int MaxKept = 200_000;
        private readonly List<string?> _values = new(1024);
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
        public override int Count => _values.Count;

        public override void Add(ReadOnlySpan<char> value)
        {
            if (_values.Count >= MaxKept || NumberParser.IsMissingToken(value))
            {
                _values.Add(null);
                return;
            }
            var s = value.Trim().ToString();
            _distinct.Add(s);
            _values.Add(s);
        }

        public override DataColumn Build() => new TextColumn(Name, Index, [.. _values], _distinct.Count);
    }
}
