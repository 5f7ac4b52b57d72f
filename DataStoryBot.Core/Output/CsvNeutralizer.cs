using System.Text;

namespace DataStoryBot.Core.Output;

/// <summary>
/// The pass every CSV an engine wrote goes through before it is stored (datasets and charts' plotted data, whichever
/// engine wrote them): each cell <see cref="CsvCellSafety"/> calls formula-like gets a leading apostrophe. Everything
/// else is copied as it is, byte for byte (quoting, line ends, delimiter), so an already neutralised file comes out
/// unchanged. The delimiter is the one the file was written with (the session profile's for a dataset cut from the
/// upload), never a guess from the header line: a guess can split a line where a spreadsheet does not and miss a cell.
/// Streams to a temporary file, so a large dataset costs no memory.
/// </summary>
public static class CsvNeutralizer
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A readable stream (positioned at 0, deleted when disposed) with the neutralised copy of <paramref name="source"/>.</summary>
    public static async Task<Stream> NeutralizeAsync(Stream source, char delimiter, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "dsb-dataset-" + Guid.NewGuid().ToString("N") + ".csv");
        var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using (var reader = new StreamReader(source, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true))
            await using (var writer = new StreamWriter(output, Utf8, bufferSize: 64 * 1024, leaveOpen: true))
            {
                await CopyAsync(reader, writer, delimiter, cancellationToken);
            }

            output.Position = 0;
            return output;
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }
    }

    /// <summary>The same on a string (tests and small files).</summary>
    public static string Neutralize(string csv, char delimiter)
    {
        using var reader = new StringReader(csv);
        using var writer = new StringWriter();
        CopyAsync(reader, writer, delimiter, CancellationToken.None).GetAwaiter().GetResult();
        return writer.ToString();
    }

    static async Task CopyAsync(TextReader reader, TextWriter writer, char delimiter, CancellationToken cancellationToken)
    {
        var buffer = new char[64 * 1024];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        var parser = new Parser(writer, delimiter);
        while (read > 0)
        {
            parser.Feed(buffer.AsSpan(0, read));
            read = await reader.ReadAsync(buffer, cancellationToken);
        }

        parser.End();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>An RFC 4180 scanner that holds one field at a time and writes it back, with an apostrophe inserted where needed.</summary>
    sealed class Parser(TextWriter writer, char delimiter)
    {
        readonly StringBuilder raw = new();
        readonly StringBuilder value = new();
        bool inField;
        bool quoted;
        bool inQuotes;
        bool quotePending;

        public void Feed(ReadOnlySpan<char> chunk)
        {
            foreach (var c in chunk)
            {
                Next(c);
            }
        }

        void Next(char c)
        {
            if (!inField)
            {
                if (c == delimiter)
                {
                    writer.Write(c);
                    return;
                }

                if (c is '\r' or '\n')
                {
                    writer.Write(c);
                    return;
                }

                inField = true;
                quoted = c == '"';
                inQuotes = quoted;
                raw.Append(c);
                if (!quoted)
                {
                    value.Append(c);
                }

                return;
            }

            if (inQuotes)
            {
                if (quotePending)
                {
                    quotePending = false;
                    if (c == '"')
                    {
                        raw.Append(c);
                        value.Append('"');
                        return;
                    }

                    inQuotes = false; // the quote closed the quoted part; c is handled below as after it
                }
                else if (c == '"')
                {
                    raw.Append(c);
                    quotePending = true;
                    return;
                }
                else
                {
                    raw.Append(c);
                    value.Append(c);
                    return;
                }
            }

            if (c == delimiter || c is '\r' or '\n')
            {
                Flush();
                writer.Write(c);
                return;
            }

            raw.Append(c);
            value.Append(c);
        }

        public void End()
        {
            if (inField)
            {
                Flush();
            }
        }

        void Flush()
        {
            if (CsvCellSafety.IsFormulaLike(value.ToString()))
            {
                raw.Insert(quoted ? 1 : 0, '\'');
            }

            writer.Write(raw);
            raw.Clear();
            value.Clear();
            inField = false;
            quoted = false;
            inQuotes = false;
            quotePending = false;
        }
    }
}
