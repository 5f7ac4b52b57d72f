using System.Text;

namespace DataStoryBot.Core.Csv;

/// <summary>
/// Picks the delimiter among comma, semicolon, tab and pipe: the one that splits the first records (quote-aware) into
/// the most consistent number of fields, more than one; ties go to the candidate with more fields, then to the
/// earlier one in that list. A file no candidate splits is read as a single comma-separated column.
/// </summary>
internal static class CsvDelimiterDetector
{
    public const int MaxRecords = 50;
    public const int MaxBytes = 64 * 1024;

    private static readonly byte[] Candidates = [(byte)',', (byte)';', (byte)'\t', (byte)'|'];

    /// <summary>
    /// Excel's first line <c>sep=X</c> (X one of <c>,</c> <c>;</c> tab <c>|</c>, case-insensitive <c>sep</c>, nothing else on
    /// the line): names the delimiter and is not part of the data. <paramref name="length"/> includes the line break.
    /// </summary>
    public static bool TryReadSeparatorLine(ReadOnlySpan<byte> data, bool isWholeFile, out byte delimiter, out int length)
    {
        delimiter = 0;
        length = 0;
        if (data.Length < 5 || !Ascii.EqualsIgnoreCase(data[..4], "sep="u8) || Array.IndexOf(Candidates, data[4]) < 0)
        {
            return false;
        }

        int end = 5;
        if (end < data.Length && data[end] == (byte)'\r')
        {
            end++;
        }

        if (end < data.Length && data[end] == (byte)'\n')
        {
            end++;
        }

        bool lineEnds = end > 5 || (isWholeFile && data.Length == 5);
        if (!lineEnds)
        {
            return false;
        }

        delimiter = data[4];
        length = end;
        return true;
    }

    public static byte Detect(ReadOnlySpan<byte> data, bool isWholeFile)
    {
        if (data.Length > MaxBytes)
        {
            data = data[..MaxBytes];
            isWholeFile = false;
        }

        Span<int> counts = stackalloc int[MaxRecords];
        byte best = (byte)',';
        double bestScore = 0;
        int bestFields = 1;
        foreach (byte candidate in Candidates)
        {
            int records = CountFields(data, candidate, isWholeFile, counts);
            if (records == 0)
            {
                continue;
            }

            int header = counts[0];
            if (header <= 1)
            {
                continue;
            }

            int agreeing = 0;
            for (int r = 0; r < records; r++)
            {
                if (counts[r] == header)
                {
                    agreeing++;
                }
            }

            double score = (double)agreeing / records;
            if (score > bestScore + 1e-9 || (Math.Abs(score - bestScore) <= 1e-9 && header > bestFields))
            {
                best = candidate;
                bestScore = score;
                bestFields = header;
            }
        }

        return best;
    }

    /// <summary>Fields per record for the first records; a record cut off by the end of a partial window is left out.</summary>
    private static int CountFields(ReadOnlySpan<byte> data, byte delimiter, bool isWholeFile, Span<int> counts)
    {
        int records = 0;
        int fields = 1;
        bool inQuotes = false, atFieldStart = true, recordHasContent = false;
        for (int i = 0; i < data.Length && records < counts.Length; i++)
        {
            byte b = data[i];
            if (inQuotes)
            {
                if (b == (byte)'"')
                {
                    if (i + 1 < data.Length && data[i + 1] == (byte)'"')
                    {
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }

                continue;
            }

            if (b == (byte)'\n' || b == (byte)'\r')
            {
                if (recordHasContent || fields > 1)
                {
                    counts[records++] = fields;
                }

                fields = 1;
                atFieldStart = true;
                recordHasContent = false;
                continue;
            }

            recordHasContent = true;
            if (b == delimiter)
            {
                fields++;
                atFieldStart = true;
                continue;
            }

            if (b == (byte)'"' && atFieldStart)
            {
                inQuotes = true;
            }

            atFieldStart = false;
        }

        if (isWholeFile && records < counts.Length && !inQuotes && (recordHasContent || fields > 1))
        {
            counts[records++] = fields;
        }

        return records;
    }
}
