using Xunit;
using System.Diagnostics;
using System.Text;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

/// <summary>
/// Hostile input for the upload validator: a seeded mutation fuzzer (bounded to a few seconds) and hand-written
/// hostile files. Whatever the bytes, the validator answers with a profile or a 4xx rejection — no exception escapes —
/// and its time grows with the size of the file, not faster (a 1 MB hostile file validates within 1 s, a generous
/// guard on this machine: a quadratic path takes minutes there).
/// </summary>
public sealed class UploadFuzzTests
{
    private static readonly TimeSpan FuzzBudget = TimeSpan.FromSeconds(4);

    private static readonly byte[][] Seeds =
    [
        "date,region,sales\n2024-01-01,north,10.5\n2024-01-02,south,\"1,200.00\"\n2024-01-03,\"we\"\"st\",7\n"u8.ToArray(),
        "id;name;price\r\n1;Zürich;1,5\r\n2;\"multi\r\nline\";2,75\r\n3;Kraków;3\r\n"u8.ToArray(),
        "sep=|\na|b|c\n1|2|3\n4||6\n"u8.ToArray(),
        [0xEF, 0xBB, 0xBF, .. "x\ty\n1\t2\n3\t4\n"u8.ToArray()],
        [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("a,b\n1,2\n")],
        Encoding.Latin1.GetBytes("name,city\nJosé,São Paulo\nRenée,Genève\n"),
    ];

    private static readonly byte[] Interesting = [(byte)'"', (byte)',', (byte)';', (byte)'\t', (byte)'|', (byte)'\r', (byte)'\n', 0, 0x80, 0xC3, 0xFF, 0xFE, (byte)' '];

    [Fact]
    public async Task ValidateAsync_SeededMutations_AlwaysAnswerWithAProfileOrA4xx()
    {
        var random = new Random(20261204);
        var validator = Validator(new DataStoryBotOptions { MaxColumns = 500 });
        var watch = Stopwatch.StartNew();
        int cases = 0;
        while (watch.Elapsed < FuzzBudget)
        {
            byte[] input = Mutate(Seeds[random.Next(Seeds.Length)], random);
            int readSize = 1 + random.Next(4096);
            UploadValidationResult result;
            try
            {
                result = await validator.ValidateAsync(new ChunkedStream(input, readSize), "fuzz.csv", Stream.Null);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {cases} (read size {readSize}) threw {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(input)}");
                throw;
            }

            Assert.True(result.IsAccepted || result.Rejection!.Status is >= 400 and < 500,
                $"case {cases}: status {result.Rejection?.Status}; input (base64): {Convert.ToBase64String(input)}");
            cases++;
        }

        Assert.True(cases > 100, $"only {cases} cases ran in {FuzzBudget}");
    }

    [Fact]
    public async Task ValidateAsync_GrownMutations_StayLinearInTime()
    {
        var random = new Random(42);
        var validator = Validator();
        for (int i = 0; i < 6; i++)
        {
            // A mutated seed repeated to 1 MB, then mutated again: hostile structure at size.
            byte[] seed = Mutate(Seeds[i % Seeds.Length], random);
            var big = new byte[1024 * 1024];
            for (int p = 0; p < big.Length; p += seed.Length)
            {
                seed.AsSpan(0, Math.Min(seed.Length, big.Length - p)).CopyTo(big.AsSpan(p));
            }

            byte[] input = Mutate(big, random, rounds: 200);
            await AssertFastAsync(validator, input, $"grown mutation {i}");
        }
    }

    public static TheoryData<string> HostileFiles() =>
    [
        "deep-quotes", "huge-field", "nul-bytes", "lone-cr", "invalid-utf8", "100k-empty-columns", "quote-storm", "one-long-line", "unclosed-quote",
    ];

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task ValidateAsync_HostileFileOf1Mb_AnswersWithin1Second(string kind)
    {
        byte[] input = Hostile(kind, 1024 * 1024);

        await AssertFastAsync(Validator(), input, kind);
    }

    private static async Task AssertFastAsync(UploadValidator validator, byte[] input, string what)
    {
        await validator.ValidateAsync(new MemoryStream(input), "warm.csv", Stream.Null); // JIT out of the timing
        var watch = Stopwatch.StartNew();
        UploadValidationResult result = await validator.ValidateAsync(new MemoryStream(input), "hostile.csv", Stream.Null);
        watch.Stop();

        Assert.True(result.IsAccepted || result.Rejection!.Status is >= 400 and < 500, $"{what}: {result.Rejection?.Status}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{what}: {input.Length:N0} bytes took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    private static byte[] Hostile(string kind, int size)
    {
        var b = new StringBuilder(size + 64);
        switch (kind)
        {
            case "deep-quotes": // a header, then fields made of doubled quotes only
                b.Append("a,b\n");
                while (b.Length < size)
                {
                    b.Append('"').Append('"', 2000).Append("\",1\n");
                }

                break;
            case "huge-field": // one quoted field of ~1 MB with delimiters and line breaks inside
                b.Append("a,b\n\"");
                while (b.Length < size)
                {
                    b.Append("x,y\n;|\t");
                }

                b.Append("\",1\n");
                break;
            case "nul-bytes":
                b.Append("a,b\n");
                while (b.Length < size)
                {
                    b.Append("1,\0\0\0\n");
                }

                break;
            case "lone-cr":
                b.Append("a,b\r");
                while (b.Length < size)
                {
                    b.Append("1,2\r\r\r");
                }

                break;
            case "invalid-utf8":
                var bytes = new List<byte>("a,b\n"u8.ToArray());
                while (bytes.Count < size)
                {
                    bytes.AddRange([(byte)'1', (byte)',', 0xC3, 0x28, 0xF0, 0x9F, 0x98, (byte)'\n', 0xE2, 0x82, (byte)',', (byte)'2', (byte)'\n']);
                }

                return [.. bytes];
            case "100k-empty-columns":
                b.Append(',', 100_000).Append('\n');
                while (b.Length < size)
                {
                    b.Append(',', 100_000).Append('\n');
                }

                break;
            case "quote-storm": // quotes in every position, quoted and not
                while (b.Length < size)
                {
                    b.Append("\"a\"b\",\"\"\"\"\",\"x\"\"y\"z\n");
                }

                break;
            case "one-long-line": // no line break at all: one header of short fields
                while (b.Length < size)
                {
                    b.Append("abc,");
                }

                break;
            case "unclosed-quote":
                b.Append("a,b\n1,\"");
                while (b.Length < size)
                {
                    b.Append("no closing quote, ");
                }

                break;
        }

        return Encoding.UTF8.GetBytes(b.ToString());
    }

    private static byte[] Mutate(byte[] seed, Random random, int rounds = 0)
    {
        var data = new List<byte>(seed);
        int n = rounds > 0 ? rounds : 1 + random.Next(8);
        for (int i = 0; i < n; i++)
        {
            int at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0: // flip a bit
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // insert a structural or awkward byte
                    data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2 when data.Count > 0: // delete a run
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                    break;
                case 3 when data.Count > 0: // duplicate a run
                    int length = Math.Min(data.Count - at, 1 + random.Next(64));
                    data.InsertRange(at, data.GetRange(at, length));
                    break;
                case 4: // a run of one interesting byte
                    data.InsertRange(at, Enumerable.Repeat(Interesting[random.Next(Interesting.Length)], 1 + random.Next(300)));
                    break;
                case 5 when data.Count > 0: // random byte
                    data[at] = (byte)random.Next(256);
                    break;
                default: // truncate
                    if (data.Count > 1)
                    {
                        data.RemoveRange(at, data.Count - at);
                    }

                    break;
            }
        }

        return [.. data];
    }
}
