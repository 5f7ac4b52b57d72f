using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataStoryBot.Core.Workbooks;
using DataStoryBot.Tests.Infrastructure;
using DataStoryBot.Tests.Integration;
using static DataStoryBot.Tests.Workbooks.TestWorkbook;

namespace DataStoryBot.Tests.Workbooks;

/// <summary>Workbook uploads through the local host over Azurite: what is stored, and the problems a client sees.</summary>
[Collection(LocalHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WorkbookApiTests(LocalHostFixture host)
{
    static readonly byte[] TwoSheets = Build(Table("First", ["a", "b"], ["1", "x"], ["2", "y"]), Table("Second", ["when", "n"], ["3", "4"]));

    [Fact]
    public async Task Upload_MultipartWorkbook_StoresTheWorkbookAsOriginalAndTheSheetAsCsvData()
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(TwoSheets);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream"); // sniffed by content, not by type
        content.Add(file, "file", "book.xlsx");
        using var response = await host.Http.PostAsync("/api/upload", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string id = body.GetProperty("sessionId").GetString()!;
        var fileView = body.GetProperty("file");
        Assert.Equal("book.xlsx", fileView.GetProperty("name").GetString());
        Assert.Equal(["a", "b"], fileView.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.Equal(["First", "Second"], fileView.GetProperty("sheets").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
        var first = fileView.GetProperty("sheets")[0];
        Assert.Equal("A1:B3", first.GetProperty("usedRange").GetString());
        Assert.Equal(3, first.GetProperty("rows").GetInt64());
        Assert.Equal(2, first.GetProperty("columns").GetInt32());
        Assert.True(first.GetProperty("chosen").GetBoolean());

        var uploads = host.Blobs.GetBlobContainerClient("uploads");
        var original = (await uploads.GetBlobClient($"{id}/original/book.xlsx").DownloadContentAsync()).Value;
        Assert.Equal(TwoSheets, original.Content.ToArray());
        Assert.Equal(WorkbookUpload.SpreadsheetContentType, original.Details.ContentType);
        var data = (await uploads.GetBlobClient($"{id}/data.csv").DownloadContentAsync()).Value;
        Assert.Equal("a,b\n1,x\n2,y\n", data.Content.ToString());

        // The session view lists the sheets too.
        var (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{id}", body.GetProperty("sessionToken").GetString()));
        Assert.Equal(2, session.GetProperty("file").GetProperty("sheets").GetArrayLength());
    }

    [Fact]
    public async Task Upload_RawSpreadsheetBodyWithSheet_ReadsTheNamedSheet()
    {
        using var content = new ByteArrayContent(TwoSheets);
        content.Headers.ContentType = new MediaTypeHeaderValue(WorkbookUpload.SpreadsheetContentType);
        using var response = await host.Http.PostAsync("/api/upload?fileName=book.xlsx&sheet=Second", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["when", "n"], body.GetProperty("file").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.True(body.GetProperty("file").GetProperty("sheets")[1].GetProperty("chosen").GetBoolean());
    }

    [Fact]
    public async Task Upload_UnknownSheet_Answers422ProblemNamingTheSheets()
    {
        using var content = new ByteArrayContent(TwoSheets);
        content.Headers.ContentType = new MediaTypeHeaderValue(WorkbookUpload.SpreadsheetContentType);
        using var response = await host.Http.PostAsync("/api/upload?fileName=book.xlsx&sheet=Missing", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(WorkbookRejections.SheetNotFoundType, body.GetProperty("type").GetString());
        Assert.Contains("\"First\", \"Second\"", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_LegacyXlsOrEncryptedWorkbook_Answers415ProblemSayingSaveAsXlsxOrCsv()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[2048]];
        using var content = new MultipartFormDataContent { { new ByteArrayContent(ole), "file", "old.xls" } };
        using var response = await host.Http.PostAsync("/api/upload", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("save as .xlsx or .csv", body.GetProperty("detail").GetString());
    }
}

/// <summary>A real dataset saved as a workbook, through upload, analysis and refinement with the built-in analyst.</summary>
[Trait("Category", "Integration")]
public sealed class WorkbookPipelineTests(BuiltInLocalHostFixture host) : IClassFixture<BuiltInLocalHostFixture>
{
    static readonly string[] Columns = ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"];

    /// <summary>seattle-weather.csv as a workbook: dates as serial numbers with a date format, numbers as numbers.</summary>
    static byte[] SeattleWorkbook()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "node_modules", "vega-datasets", "data", "seattle-weather.csv"));
        var cells = new List<XCell>();
        string[] header = lines[0].Split(',');
        Assert.Equal(Columns, header);
        for (int c = 0; c < header.Length; c++)
        {
            cells.Add(S(Ref(c + 1, 1), header[c]));
        }

        for (int r = 1; r < lines.Length; r++)
        {
            string[] f = lines[r].Split(',');
            var day = DateTime.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            cells.Add(N(Ref(1, r + 1), (day - new DateTime(1899, 12, 30)).Days.ToString(CultureInfo.InvariantCulture), DateStyle));
            for (int c = 1; c < 5; c++)
            {
                cells.Add(N(Ref(c + 1, r + 1), f[c]));
            }

            cells.Add(S(Ref(6, r + 1), f[5]));
        }

        return Build(new XSheet("seattle-weather", cells));
    }

    [Fact]
    public async Task AnalyzeThenRefine_SeattleWeatherWorkbook_DatesAreTimeAndStoriesNameRealColumns()
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(SeattleWorkbook()), "file", "seattle-weather.xlsx");
        using var response = await host.Http.PostAsync("/api/upload", content);
        var upload = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string id = upload.GetProperty("sessionId").GetString()!, token = upload.GetProperty("sessionToken").GetString()!;
        var file = upload.GetProperty("file");
        Assert.Equal(1461, file.GetProperty("rowCount").GetInt64());
        var date = file.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "date");
        Assert.Equal("datetime", date.GetProperty("type").GetString());
        Assert.Equal("time", date.GetProperty("role").GetString());
        Assert.Equal("2012-01-01", date.GetProperty("min").GetString()![..10]);

        var (_, analyze) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{id}/analyze", token, new { }));
        Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(analyze.GetProperty("statusUrl").GetString()!, token)).GetProperty("status").GetString());
        var (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{id}", token));
        var stories = session.GetProperty("stories").EnumerateArray().Select(x => x.GetProperty("title").GetString() + " | " + x.GetProperty("summary").GetString()).ToList();
        Assert.Equal(3, stories.Count);
        Assert.All(stories, s => Assert.Contains(Columns, c => s.Contains(Core.Analyst.Stories.Words.Human(c), StringComparison.OrdinalIgnoreCase)));

        var title = session.GetProperty("stories")[0].GetProperty("title").GetString();
        var (_, refine) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Post, $"/api/sessions/{id}/refine", token, new { title }));
        Assert.Equal("succeeded", (await host.Http.WaitForJobAsync(refine.GetProperty("statusUrl").GetString()!, token)).GetProperty("status").GetString());
        (_, session) = await host.Http.SendJsonAsync(Api.Request(HttpMethod.Get, $"/api/sessions/{id}", token));
        var refined = session.GetProperty("refined")[0];
        using var narrative = await host.Http.SendAsync(Api.Request(HttpMethod.Get, refined.GetProperty("narrativeUrl").GetString()!, token));
        string text = await narrative.Content.ReadAsStringAsync();
        Assert.Contains(Columns, c => text.Contains(Core.Analyst.Stories.Words.Human(c), StringComparison.OrdinalIgnoreCase));
        Assert.True(refined.GetProperty("charts").GetArrayLength() >= 2, "the refined story has charts");
    }
}
