using System.Globalization;
using System.Runtime.CompilerServices;

namespace DataStoryBot.Core.Csv;

/// <summary>Running statistics of one column; the type candidates narrow as values arrive.</summary>
internal sealed class ColumnStats
{
    public const int Integer = 1;
    public const int DotDecimal = 2;
    public const int CommaDecimal = 4;
    public const int Boolean = 8;
    public const int DateYmd = 16;
    public const int DateDmy = 32;
    public const int DateMdy = 64;
    public const int Numeric = Integer | DotDecimal | CommaDecimal;
    public const int Dates = DateYmd | DateDmy | DateMdy;
    public const int All = Numeric | Boolean | Dates;

    public ColumnStats(int distinctCap, int sketchBits = DistinctCounter.DefaultSketchBits) =>
        Distinct = new DistinctCounter(distinctCap, sketchBits);

    public DistinctCounter Distinct { get; }

    /// <summary>Types every non-null value so far fits (bit flags above); 0 once the column is plain text.</summary>
    public int Candidates = All;

    public long NonNull;
    public long Nulls;
    public long TotalLength;
    public long StringValuesChecked;
    public long StringValuesWithSpace;

    public long IntMin = long.MaxValue;
    public long IntMax = long.MinValue;
    public long LastInt;
    public bool Consecutive = true;

    public double DotMin = double.PositiveInfinity;
    public double DotMax = double.NegativeInfinity;
    public double CommaMin = double.PositiveInfinity;
    public double CommaMax = double.NegativeInfinity;

    public long YmdMin = long.MaxValue, YmdMax = long.MinValue;
    public long DmyMin = long.MaxValue, DmyMax = long.MinValue;
    public long MdyMin = long.MaxValue, MdyMax = long.MinValue;
    public bool DateHasTime;

    /// <summary>Adds one field value (already unquoted).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ReadOnlySpan<byte> value)
    {
        value = Trim(value);
        if (CsvValueParser.IsNull(value))
        {
            Nulls++;
            return;
        }

        NonNull++;
        TotalLength += value.Length;
        bool isNew = Distinct.Add(SpanHash.Hash(value));
        if (Candidates == 0)
        {
            if (isNew)
            {
                CountSpace(value); // per distinct value while counting exactly, per value after
            }

            return;
        }

        if (isNew)
        {
            Infer(value);
        }
        else
        {
            // Seen before: its types and min/max are already counted, but a repeated integer breaks a sequence.
            Consecutive = false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        if (value.Length > 0 && (value[0] <= (byte)' ' || value[^1] <= (byte)' '))
        {
            value = value.Trim(" \t"u8);
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountSpace(ReadOnlySpan<byte> value)
    {
        StringValuesChecked++;
        if (value.IndexOf((byte)' ') >= 0)
        {
            StringValuesWithSpace++;
        }
    }

    private void Infer(ReadOnlySpan<byte> value)
    {
        int mask = Candidates;
        if ((mask & Numeric) != 0)
        {
            var forms = (int)CsvValueParser.ParseNumber(value, out long integer, out double dot, out double comma);
            int numeric = mask & Numeric & forms;
            if (numeric != 0)
            {
                if ((numeric & Integer) != 0)
                {
                    if (NonNull > 1)
                    {
                        Consecutive &= integer == LastInt + 1;
                    }

                    LastInt = integer;
                    IntMin = Math.Min(IntMin, integer);
                    IntMax = Math.Max(IntMax, integer);
                }

                if ((numeric & DotDecimal) != 0)
                {
                    DotMin = Math.Min(DotMin, dot);
                    DotMax = Math.Max(DotMax, dot);
                }

                if ((numeric & CommaDecimal) != 0)
                {
                    CommaMin = Math.Min(CommaMin, comma);
                    CommaMax = Math.Max(CommaMax, comma);
                }

                Candidates = numeric; // a number is neither a boolean nor a date
                return;
            }

            mask &= ~Numeric;
        }

        if ((mask & Boolean) != 0 && !CsvValueParser.IsBoolean(value))
        {
            mask &= ~Boolean;
        }

        if ((mask & Dates) != 0)
        {
            var orders = (int)CsvValueParser.ParseDate(value, out long ymd, out long dmy, out long mdy, out bool hasTime);
            mask &= (orders * DateYmd) | ~Dates;
            if ((mask & Dates) != 0)
            {
                DateHasTime |= hasTime;
                if ((mask & DateYmd) != 0)
                {
                    YmdMin = Math.Min(YmdMin, ymd);
                    YmdMax = Math.Max(YmdMax, ymd);
                }

                if ((mask & DateDmy) != 0)
                {
                    DmyMin = Math.Min(DmyMin, dmy);
                    DmyMax = Math.Max(DmyMax, dmy);
                }

                if ((mask & DateMdy) != 0)
                {
                    MdyMin = Math.Min(MdyMin, mdy);
                    MdyMax = Math.Max(MdyMax, mdy);
                }
            }
        }

        Candidates = mask;
        if (mask == 0)
        {
            CountSpace(value);
        }
    }

    /// <summary>Final type and min/max of the column.</summary>
    public ColumnProfile ToProfile(string name, string decimalSeparator, bool dayFirst)
    {
        long distinct = Math.Min(Distinct.Count, NonNull);
        bool estimate = Distinct.IsEstimate;
        ColumnType type;
        string? min = null, max = null;
        DateOrder? dateOrder = null;
        int mask = Candidates;
        if (NonNull == 0)
        {
            type = ColumnType.Text;
        }
        else if ((mask & Integer) != 0)
        {
            type = IsUnique(distinct, estimate) && (ColumnNames.SuggestsIdentifier(name) || (Consecutive && IntMin <= 1 && NonNull >= 10))
                ? ColumnType.Identifier
                : ColumnType.Integer;
            min = IntMin.ToString(CultureInfo.InvariantCulture);
            max = IntMax.ToString(CultureInfo.InvariantCulture);
        }
        else if ((mask & (DotDecimal | CommaDecimal)) != 0)
        {
            bool comma = (mask & CommaDecimal) != 0 && ((mask & DotDecimal) == 0 || decimalSeparator == ",");
            type = ColumnType.Decimal;
            min = (comma ? CommaMin : DotMin).ToString(CultureInfo.InvariantCulture);
            max = (comma ? CommaMax : DotMax).ToString(CultureInfo.InvariantCulture);
        }
        else if ((mask & Boolean) != 0)
        {
            type = ColumnType.Boolean;
        }
        else if ((mask & Dates) != 0)
        {
            type = ColumnType.DateTime;
            dateOrder = (mask & DateYmd) != 0 ? DateOrder.Ymd : (mask & DateDmy) != 0 && (dayFirst || (mask & DateMdy) == 0) ? DateOrder.Dmy : DateOrder.Mdy;
            (long lo, long hi) = dateOrder switch { DateOrder.Ymd => (YmdMin, YmdMax), DateOrder.Dmy => (DmyMin, DmyMax), _ => (MdyMin, MdyMax) };
            string format = DateHasTime ? "yyyy-MM-ddTHH:mm:ss.FFFFFFF" : "yyyy-MM-dd";
            min = new DateTime(lo).ToString(format, CultureInfo.InvariantCulture);
            max = new DateTime(hi).ToString(format, CultureInfo.InvariantCulture);
        }
        else
        {
            type = ClassifyText(name, distinct, estimate);
        }

        return new ColumnProfile(name, type, Nulls, distinct, estimate, min, max) { DateOrder = dateOrder };
    }

    /// <summary>True when (almost) every non-null value is different.</summary>
    private bool IsUnique(long distinct, bool estimate) =>
        NonNull >= 2 && (estimate ? distinct >= NonNull * 0.97 : distinct == NonNull);

    private ColumnType ClassifyText(string name, long distinct, bool estimate)
    {
        double averageLength = (double)TotalLength / NonNull;
        double spaceShare = StringValuesChecked == 0 ? 0 : (double)StringValuesWithSpace / StringValuesChecked;
        bool fewValues = !estimate && (distinct <= 50 || (distinct <= 1000 && distinct * 10 <= NonNull));
        if (fewValues && averageLength <= 100)
        {
            return ColumnType.Categorical;
        }

        bool keyLike = spaceShare < 0.1 && averageLength <= 64;
        if (keyLike && (IsUnique(distinct, estimate) || ColumnNames.SuggestsIdentifier(name) || distinct * 2 >= NonNull))
        {
            return ColumnType.Identifier;
        }

        return keyLike && averageLength <= 30 ? ColumnType.Categorical : ColumnType.Text;
    }
}
