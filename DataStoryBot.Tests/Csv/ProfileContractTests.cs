using System.Text.Json;
using System.Text.Json.Nodes;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Serialization;
using static DataStoryBot.Tests.Csv.CsvTestSupport;

namespace DataStoryBot.Tests.Csv;

/// <summary>The profile's typed contracts: enums on the wire as the strings stored profiles always held, read in any old spelling.</summary>
public sealed class ProfileContractTests
{
    // A profile as an old upload stored it: string fields, no roles, no time formats.
    private static string StoredProfile(string delimiter, string decimalSeparator, string columnExtras = "") => $$"""
        {"sizeBytes":40,"encoding":"utf-8","delimiter":{{delimiter}},"rowCount":3,
         "columns":[{"name":"year","type":"integer","nullCount":0,"distinctCount":3,"distinctIsEstimate":false,"min":"2001","max":"2003"{{columnExtras}}},
                    {"name":"sales","type":"decimal","nullCount":0,"distinctCount":3,"distinctIsEstimate":false,"min":"1.5","max":"9.25"}],
         "sample":[["2001","1.5"]],"warnings":[],"raggedRowCount":0,"decimalSeparator":{{decimalSeparator}},"sha256":"00"}
        """;

    [Theory]
    [InlineData("\",\"", CsvDelimiter.Comma)]
    [InlineData("\";\"", CsvDelimiter.Semicolon)]
    [InlineData("\"|\"", CsvDelimiter.Pipe)]
    [InlineData("\"\\t\"", CsvDelimiter.Tab)]
    [InlineData("\"\\\\t\"", CsvDelimiter.Tab)]
    [InlineData("\"tab\"", CsvDelimiter.Tab)]
    [InlineData("\"TAB\"", CsvDelimiter.Tab)]
    [InlineData("\"\"", CsvDelimiter.Comma)]
    [InlineData("null", CsvDelimiter.Comma)]
    public void Read_StoredDelimiterSpelling_IsTheEnum(string json, CsvDelimiter expected)
    {
        var profile = ProfileReader.Read(BinaryData.FromString(StoredProfile(json, "\".\"")));

        Assert.Equal(expected, profile.Delimiter);
    }

    [Theory]
    [InlineData("\".\"", DecimalMark.Point)]
    [InlineData("\",\"", DecimalMark.Comma)]
    [InlineData("null", DecimalMark.Point)]
    public void Read_StoredDecimalSeparator_IsTheEnum(string json, DecimalMark expected)
    {
        var profile = ProfileReader.Read(BinaryData.FromString(StoredProfile("\",\"", json)));

        Assert.Equal(expected, profile.DecimalSeparator);
    }

    [Theory]
    [InlineData("date", TimeFormat.Date)]
    [InlineData("year", TimeFormat.Year)]
    [InlineData("decimal-year", TimeFormat.DecimalYear)]
    [InlineData("yyyymmdd", TimeFormat.Yyyymmdd)]
    [InlineData("index", TimeFormat.Index)]
    [InlineData("quarter", TimeFormat.Quarter)]
    [InlineData("Month", TimeFormat.Month)]
    public void Read_StoredTimeFormat_IsTheEnum(string stored, TimeFormat expected)
    {
        var json = StoredProfile("\",\"", "\".\"", $$""","role":"time","timeFormat":"{{stored}}","dateOrder":"dmy" """);

        // The plain deserializer: the reader would re-decide the roles of a profile whose other column has none.
        var column = JsonSerializer.Deserialize<DatasetProfile>(json, JsonDefaults.Web)!.Columns[0];

        Assert.Equal(expected, column.TimeFormat);
        Assert.Equal(DateOrder.Dmy, column.DateOrder);
    }

    [Fact]
    public void Read_UnknownDelimiter_FailsNamingIt()
    {
        var e = Assert.Throws<JsonException>(() => ProfileReader.Read(BinaryData.FromString(StoredProfile("\"#\"", "\".\""))));

        Assert.Contains("'#' is not a known delimiter", e.Message);
    }

    [Theory]
    [InlineData("a;b\n1;2,5\n3;4,5\n", "\";\"", "\",\"")]
    [InlineData("a\tb\n1\t2.5\n3\t4.5\n", "\"\\t\"", "\".\"")]
    [InlineData("a|b\n1|2.5\n3|4.5\n", "\"|\"", "\".\"")]
    public async Task Write_Profile_KeepsTheWireSpellingsAndRoundTrips(string csv, string delimiterJson, string decimalJson)
    {
        var profile = AssertAccepted((await ValidateTextAsync(csv)).Result);

        var json = JsonSerializer.Serialize(profile, JsonDefaults.Web);
        var read = ProfileReader.Read(BinaryData.FromString(json));

        var node = JsonNode.Parse(json)!;
        Assert.Equal(delimiterJson, node["delimiter"]!.ToJsonString());
        Assert.Equal(decimalJson, node["decimalSeparator"]!.ToJsonString());
        Assert.Equal(json, JsonSerializer.Serialize(read, JsonDefaults.Web));
    }

    [Fact]
    public async Task Write_DateColumn_TimeFormatAndDateOrderAsStrings()
    {
        var profile = AssertAccepted((await ValidateTextAsync("day,v\n25/03/2024,1\n26/03/2024,2\n27/03/2024,3\n")).Result);

        var column = JsonNode.Parse(JsonSerializer.Serialize(profile, JsonDefaults.Web))!["columns"]![0]!;

        Assert.Equal("\"date\"", column["timeFormat"]!.ToJsonString());
        Assert.Equal("\"dmy\"", column["dateOrder"]!.ToJsonString());
    }

    [Fact]
    public async Task Read_ProfileStoredWithoutRoles_GetsTheRolesAFreshUploadGets()
    {
        const string csv = "year,sales\n2001,1.5\n2002,4.5\n2003,9.25\n";
        var fresh = AssertAccepted((await ValidateTextAsync(csv)).Result);

        var old = ProfileReader.Read(BinaryData.FromString(StoredProfile("\",\"", "\".\"")));

        Assert.Equal(fresh.Columns.Select(c => (c.Name, c.Role, c.TimeFormat)), old.Columns.Select(c => (c.Name, c.Role, c.TimeFormat)));
        Assert.All(old.Columns, c => Assert.NotNull(c.Role));
    }

    [Fact]
    public void CoreSources_RoleUpgrade_OnlyInTheProfileReader()
    {
        // Every stored profile is read by ProfileReader, which gives old profiles their roles; no other reader does it again.
        var core = Path.Combine(Analyst.AnalystTestHelpers.RepoRoot(), "DataStoryBot.Core");
        var callers = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("WithRoles(", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(core, f))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal([Path.Combine("Csv", "ColumnRoles.cs"), Path.Combine("Csv", "ProfileContracts.cs")], callers);
    }
}
