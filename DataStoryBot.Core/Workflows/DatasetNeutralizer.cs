using System.Text;
using DataStoryBot.Core.Analyst.Refine;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// The one place every engine's dataset passes before it is stored: each cell a spreadsheet would run as a formula
/// (starting with = + - @, tab or carriage return, except signed numbers) gets a leading apostrophe, by the same rule
/// as the built-in analyst's <see cref="DatasetWriter.Neutralize"/>. Everything else is copied as it is, byte for byte
/// (quoting, line ends, delimiter), so an already neutralised file comes out unchanged. The delimiter is the one that
/// splits the header line (comma, semicolon, tab or pipe). Streams to a temporary file, so a large dataset costs no memory.
/// </summary>
public static class DatasetNeutralizer
{
    static readonly char[] Delimiters = [',', ';', '\t', '|'];
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A readable stream (positioned at 0, deleted when disposed) with the neutralised copy of <paramref name="source"/>.</summary>
    public static async Task<Stream> NeutralizeAsync(Stream source, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "dsb-dataset-" + Guid.NewGuid().ToString("N") + ".csv");
        var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using (var reader = new StreamReader(source, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true))
            await using (var writer = new StreamWriter(output, Utf8, bufferSize: 64 * 1024, leaveOpen: true))
            {
                await CopyAsync(reader, writer, cancellationToken);
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
    public static string Neutralize(string csv)
    {
        using var reader = new StringReader(csv);
        using var writer = new StringWriter();
        CopyAsync(reader, writer, CancellationToken.None).GetAwaiter().GetResult();
        return writer.ToString();
    }

    static async Task CopyAsync(TextReader reader, TextWriter writer, CancellationToken cancellationToken)
    {
        var buffer = new char[64 * 1024];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        var parser = new Parser(writer, DetectDelimiter(buffer.AsSpan(0, read)));
        while (read > 0)
        {
            parser.Feed(buffer.AsSpan(0, read));
            read = await reader.ReadAsync(buffer, cancellationToken);
        }

        parser.End();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The candidate that occurs most often outside quotes in the first line; comma when none does.</summary>
    static char DetectDelimiter(ReadOnlySpan<char> start)
    {
        var counts = new int[Delimiters.Length];
        var quoted = false;
        foreach (var c in start)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted && Array.IndexOf(Delimiters, c) is var i and >= 0)
            {
                counts[i]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return counts[best] > 0 ? Delimiters[best] : ',';
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
            var text = value.ToString();
            if (DatasetWriter.Neutralize(text).Length != text.Length)
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
