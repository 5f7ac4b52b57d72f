using System.Globalization;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using nietras.SeparatedValues;

namespace DataStoryBot.Core.Analyst.Data;

/// <summary>
/// How to read a file, all from the upload's profile: delimiter, decimal convention, and each column's name, type and
/// role (the analyst never re-infers them). Also the sampling threshold and the columns wanted.
/// </summary>
/// <param name="ExpectedRows">Row count from the upload's profile; above the threshold only the evenly spaced sample rows are parsed (checked against the real count).</param>
public sealed record CsvLoadOptions(char Delimiter, bool DecimalComma, int SampleRowThreshold, IReadOnlyList<ColumnProfile> Profile, IReadOnlySet<string>? Columns = null, long ExpectedRows = 0)
{
    public static CsvLoadOptions FromProfile(DatasetProfile profile, int sampleRowThreshold, IEnumerable<string>? columns = null)
    {
        HashSet<string>? wanted = null;
        if (columns is not null)
        {
            // Time columns come along: a story's time axis may be built from a year and a quarter or month column.
            wanted = columns.ToHashSet(StringComparer.Ordinal);
            wanted.UnionWith(profile.Columns.Where(c => c.Role == ColumnRole.Time).Select(c => c.Name));
        }
        return new(profile.Delimiter.ToChar(), profile.DecimalSeparator == DecimalMark.Comma, sampleRowThreshold, profile.Columns, wanted, profile.RowCount);
    }

}

/// <summary>
/// Loads a UTF-8 CSV into typed columns with Sep: numbers as double[] (NaN missing), dates as day numbers,
/// categories as codes. Names, types and roles are the upload profile's (with its value parser and missing tokens);
/// above the threshold rows are sampled evenly.
/// </summary>
public static class CsvTableLoader
{
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
            // The header is read as a row and skipped: names come from the profile (which repaired duplicates and blanks).
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
        }).From(new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true));

        // Names, types and roles come from the upload's profile, by position: one grammar for the data.
        var profileColumns = options.Profile;
        var count = profileColumns.Count;
        var wanted = Enumerable.Range(0, count).Where(i => options.Columns is null || options.Columns.Contains(profileColumns[i].Name)).ToArray();
        var builders = wanted.Select(i => ColumnBuilder.For(profileColumns[i], i, options.DecimalComma)).ToArray();

        var header = true;
        foreach (var row in reader)
        {
            if (header) { header = false; continue; }
            if (!Keep(rowIndex++)) continue;
            for (var k = 0; k < wanted.Length; k++)
            {
                var col = wanted[k];
                builders[k].Add(col < row.ColCount ? row[col].Span : ReadOnlySpan<char>.Empty);
            }
        }

        var total = rowIndex;
        totalRows = total;
        var columns = TimeAxes.CombineDateAndClock(TimeAxes.CombineCalendarParts(builders.Select(b => b.Build()).ToList()));

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

    private abstract class ColumnBuilder(string name, int index)
    {
        protected string Name { get; } = name;
        protected int Index { get; } = index;
        public abstract int Count { get; }
        public abstract void Add(ReadOnlySpan<char> value);
        public abstract DataColumn Build();

        /// <summary>The builder the profile's type and role call for.</summary>
        public static ColumnBuilder For(ColumnProfile profile, int index, bool decimalComma)
        {
            var name = profile.Name;
            return profile.Role switch
            {
                ColumnRole.Time => profile.TimeFormat switch
                {
                    TimeFormat.Date => new DateBuilder(name, index, profile.DateOrder?.ToWire()),
                    TimeFormat.DecimalYear => new NumericDateBuilder(name, index, decimalComma, NumericDateBuilder.DecimalYear, "decimal year"),
                    TimeFormat.Yyyymmdd => new NumericDateBuilder(name, index, decimalComma, NumericDateBuilder.Yyyymmdd, "yyyymmdd"),
                    _ => new NumericBuilder(name, index, decimalComma, profile.TimeFormat?.ToWire() ?? "year"),
                },
                ColumnRole.Measure => new NumericBuilder(name, index, decimalComma, null),
                ColumnRole.Category when profile.Type is ColumnType.Integer or ColumnType.Decimal => new CategoryBuilder(name, index, numericLabels: true, decimalComma),
                ColumnRole.Category => new CategoryBuilder(name, index),
                _ => new TextBuilder(name, index),
            };
        }
    }

    private sealed class NumericBuilder(string name, int index, bool decimalComma, string? timeKind) : ColumnBuilder(name, index)
    {
        private readonly List<double> _values = new(1024);
        private bool _allInteger = true;
        public override int Count => _values.Count;

        public override void Add(ReadOnlySpan<char> value)
        {
            if (CsvValueParser.TryParseNumber(value, decimalComma, out var d))
            {
                if (_allInteger && d != Math.Floor(d)) _allInteger = false;
                _values.Add(d);
            }
            else
            {
                _values.Add(double.NaN);
            }
        }

        public override DataColumn Build() => new NumericColumn(Name, Index, [.. _values], _allInteger, timeKind);
    }

    /// <summary>Numbers that stand for dates: decimal years (1949.083 = Feb 1949) or whole numbers written yyyymmdd.</summary>
    private sealed class NumericDateBuilder(string name, int index, bool decimalComma, Func<double, DateTime?> toDate, string format) : ColumnBuilder(name, index)
    {
        private readonly List<double> _days = new(1024);
        public override int Count => _days.Count;

        public static DateTime? DecimalYear(double v)
        {
            if (!double.IsFinite(v) || v < 1 || v >= 10000) return null;
            var year = (int)Math.Floor(v);
            var start = new DateTime(year, 1, 1);
            var length = (year == 9999 ? new DateTime(9999, 12, 31) : new DateTime(year + 1, 1, 1)) - start;
            // Monthly data written as year + (month - 1) / 12: round to the nearest day so months land on their first day.
            return start.AddDays(Math.Round((v - year) * length.TotalDays));
        }

        public static DateTime? Yyyymmdd(double v)
        {
            if (!double.IsFinite(v) || v != Math.Floor(v)) return null;
            var x = (long)v;
            int year = (int)(x / 10000), month = (int)(x / 100 % 100), day = (int)(x % 100);
            if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
            return new DateTime(year, month, day);
        }

        public override void Add(ReadOnlySpan<char> value) =>
            _days.Add(CsvValueParser.TryParseNumber(value, decimalComma, out var d) && toDate(d) is { } date ? DateColumn.FromDateTime(date) : double.NaN);

        public override DataColumn Build() => new DateColumn(Name, Index, [.. _days], false, format);
    }

    private sealed class DateBuilder(string name, int index, string? order) : ColumnBuilder(name, index)
    {
        private readonly List<double> _days = new(1024);
        private bool _hasTime;

        // The last text read and its day number: rows sorted or grouped by date repeat the same date (500 rows a day
        // in the benchmark file), and such a repeat is not parsed again.
        private readonly char[] _last = new char[64];
        private int _lastLength = -1;
        private double _lastDays;

        public override int Count => _days.Count;

        public override void Add(ReadOnlySpan<char> value)
        {
            if (_lastLength >= 0 && value.SequenceEqual(_last.AsSpan(0, _lastLength)))
            {
                _days.Add(_lastDays);
                return;
            }
            double days;
            if (CsvValueParser.TryParseDate(value, order, out var dt))
            {
                if (dt.TimeOfDay != TimeSpan.Zero) _hasTime = true;
                days = DateColumn.FromDateTime(dt);
            }
            else
            {
                days = double.NaN;
            }
            _days.Add(days);
            if (value.Length <= _last.Length)
            {
                value.CopyTo(_last);
                (_lastLength, _lastDays) = (value.Length, days);
            }
            else
            {
                _lastLength = -1;
            }
        }

        public override DataColumn Build() => new DateColumn(Name, Index, [.. _days], _hasTime, order ?? "ymd");
    }

    /// <param name="numericLabels">Numbers used as codes (cylinders, dose): labels ordered by value, not by first appearance.</param>
    private sealed class CategoryBuilder(string name, int index, bool numericLabels = false, bool decimalComma = false) : ColumnBuilder(name, index)
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
            if (CsvValueParser.IsNull(value))
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
            if (numericLabels)
            {
                // Order codes by their value (1, 2, 10 — not as first seen), so charts and tables read in order.
                var order = Enumerable.Range(0, _labels.Count)
                    .OrderBy(c => CsvValueParser.TryParseNumber(_labels[c], decimalComma, out var v) ? v : double.MaxValue).ThenBy(c => _labels[c], StringComparer.Ordinal).ToArray();
                var remap = new int[order.Length];
                for (var i = 0; i < order.Length; i++) remap[order[i]] = i;
                return new CategoryColumn(Name, Index, _values.Select(c => c >= 0 ? remap[c] : -1).ToArray(), order.Select(c => _labels[c]).ToArray());
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
            if (_values.Count >= MaxKept || CsvValueParser.IsNull(value))
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
