using System.IO.Compression;
using System.Text;
using DataStoryBot.Core.Csv;
using static DataStoryBot.Tests.Workbooks.TestWorkbook;

namespace DataStoryBot.Tests.Workbooks;

/// <summary>
/// Issue 23: a bounded, seeded mutation fuzzer over the XML parts of a valid workbook (workbook, styles, shared strings,
/// sheet). Every mutant is answered with a 201 whose profile stays small or with a 4xx refusal; never an exception.
/// </summary>
public sealed class WorkbookFuzzTests
{
    const int Cases = 400;

    static readonly string[] Parts = ["xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"];

    /// <summary>Markup an attacker (or a broken writer) might put anywhere.</summary>
    static readonly string[] Snippets =
    [
        "<", ">", "&", "&amp;", "&#0;", "&#xFFFF;", "\"", "'", "<!--", "-->", "<![CDATA[", "]]>", "<?pi x?>",
        "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>", "&a;", "<x:y xmlns:x=\"urn:x\"/>", "xmlns=\"urn:other\"",
        "<c r=\"XFD1048576\" t=\"s\"><v>2147483647</v></c>", "<c r=\"A0\" s=\"4294967295\"><v>1e308</v></c>",
        "<c t=\"inlineStr\"><is><t>" + new string('w', 5000) + "</t></is></c>", "<row r=\"-1\">", "<row r=\"99999999999999999999\"/>",
        "<mergeCell ref=\"A1:XFD1048576\"/>", "<mergeCell ref=\"ZZZZZZ1:A\"/>", "<dimension ref=\"A1:XFD1048576\"/>",
        "<sheet name=\"\" r:id=\"rId999\"/>", "<sheet name=\"x\" state=\"hidden\" r:id=\"rId1\"/>", "<si/>", "<si><r><t>rich</t></r><rPh><t>p</t></rPh></si>",
        "<xf numFmtId=\"-5\"/>", "<numFmt numFmtId=\"14\" formatCode=\"[h]:mm;@\"/>", "<workbookPr date1904=\"maybe\"/>", "\u0000", "\uFFFE", "\uD800",
    ];

    [Fact]
    public async Task Validate_MutatedWorkbookParts_EveryOutcomeIs201Or4xxNeverAnException()
    {
        byte[] fixture = Build(
            Table("data", ["region", "sales", "when"], ["North", "10.5", "45000"], ["South", "7", "45001"], ["East", "3.25", "45002"]),
            new XSheet("other", [S("A1", "x"), N("A2", "1", DateStyle)], Merges: ["A1:B1"]));
        var parts = ReadParts(fixture);
        var random = new Random(2023);
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < Cases; i++)
        {
            string part = Parts[random.Next(Parts.Length)];
            string mutated = Mutate(parts[part], random);
            byte[] bytes = WithPart(fixture, part, mutated);
            UploadValidationResult result;
            try
            {
                result = await HostileCorpusTests.ValidateAsync(bytes, random.Next(8) == 0 ? "other" : null);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} ({part}) threw {e.GetType().Name}: {e.Message}\n{Excerpt(mutated)}");
                throw;
            }

            int status = result.Rejection?.Status ?? 201;
            Assert.True(status == 201 || status is >= 400 and < 500, $"case {i} ({part}) answered {status}");
            if (result.Profile is { } profile)
            {
                HostileCorpusTests.AssertBounded(profile);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Rejection!.Detail));
            }

            string key = result.Rejection?.Type ?? "accepted";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        // The fuzzer reaches both sides: some mutants still read, others are refused.
        Assert.True(outcomes.GetValueOrDefault("accepted") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.Count > 2, string.Join(", ", outcomes));
    }

    static string Mutate(string xml, Random random)
    {
        var text = new StringBuilder(xml);
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations; m++)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(7))
            {
                case 0: // delete a span
                    text.Remove(Math.Min(at, text.Length), Math.Min(random.Next(1, 40), text.Length - Math.Min(at, text.Length)));
                    break;
                case 1: // duplicate a span
                    int length = Math.Min(random.Next(1, 200), text.Length - Math.Min(at, text.Length));
                    text.Insert(at, text.ToString(Math.Min(at, text.Length), length));
                    break;
                case 2:
                    text.Insert(at, Snippets[random.Next(Snippets.Length)]);
                    break;
                case 3: // nest deeply
                    int depth = random.Next(50, 3000);
                    text.Insert(at, string.Concat(Enumerable.Repeat("<n>", depth)) + string.Concat(Enumerable.Repeat("</n>", depth)));
                    break;
                case 4: // change a digit or a letter
                    if (at < text.Length)
                    {
                        text[at] = char.IsDigit(text[at]) ? (char)('0' + random.Next(10)) : (char)random.Next(32, 127);
                    }

                    break;
                case 5: // cut the part short
                    text.Length = Math.Min(at, text.Length);
                    break;
                default: // repeat an element many times
                    int open = xml.IndexOf('<', Math.Min(at, xml.Length - 1));
                    int close = open < 0 ? -1 : xml.IndexOf('>', open);
                    if (close > open && open >= 0)
                    {
                        text.Insert(Math.Min(at, text.Length), string.Concat(Enumerable.Repeat(xml[open..(close + 1)], random.Next(2, 2000))));
                    }

                    break;
            }
        }

        return text.ToString();
    }

    static Dictionary<string, string> ReadParts(byte[] workbook)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        var parts = new Dictionary<string, string>();
        foreach (string name in Parts)
        {
            var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"the fixture has no {name}");
            using var reader = new StreamReader(entry.Open());
            parts[name] = reader.ReadToEnd();
        }

        return parts;
    }

    /// <summary>The workbook with one part's text replaced (every other entry copied as it is).</summary>
    static byte[] WithPart(byte[] workbook, string part, string text)
    {
        using var input = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var target = zip.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
                if (entry.FullName == part)
                {
                    target.Write(Encoding.UTF8.GetBytes(text));
                }
                else
                {
                    using var source = entry.Open();
                    source.CopyTo(target);
                }
            }
        }

        return output.ToArray();
    }

    static string Excerpt(string xml) => xml.Length <= 600 ? xml : xml[..600] + "…";
}
