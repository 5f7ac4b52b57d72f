using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Http;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.Integration;

/// <summary>
/// The local host over Azurite with containers and tables of its own, so that "nothing was left behind" can be checked
/// by listing everything; logs are recorded.
/// </summary>
public sealed class UploadStorageHost : TestHost
{
    public string Uploads => Storage.UploadsContainer;
    public string Artifacts => Storage.ArtifactsContainer;

    protected override Task<TestHostOptions> OptionsAsync() => Task.FromResult(new TestHostOptions { OwnStorage = true, Logs = new RecordingLoggerProvider() });

    /// <summary>Every committed blob in both containers and every session row: what a reader can see.</summary>
    public async Task<IReadOnlyList<string>> VisibleStateAsync()
    {
        var items = new List<string>();
        foreach (var container in new[] { Uploads, Artifacts })
        {
            await foreach (var blob in Blobs.GetBlobContainerClient(container).GetBlobsAsync())
            {
                items.Add($"{container}/{blob.Name}");
            }
        }

        await foreach (var row in Sessions.QueryAsync<TableEntity>())
        {
            items.Add("row:" + row.PartitionKey);
        }

        return items.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Blobs that hold only uncommitted (staged) blocks.</summary>
    public async Task<IReadOnlyList<string>> StagedOnlyBlobsAsync()
    {
        var container = Blobs.GetBlobContainerClient(Uploads);
        var committed = new HashSet<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            committed.Add(blob.Name);
        }

        var staged = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }))
        {
            if (!committed.Contains(blob.Name))
            {
                staged.Add(blob.Name);
            }
        }

        return staged;
    }
}

/// <summary>Issue 16: the upload streams into staged blocks, commits one blob when the file already is UTF-8, and leaves nothing when it fails.</summary>
[Trait("Category", "Integration")]
public sealed class UploadStorageTests(UploadStorageHost host) : IClassFixture<UploadStorageHost>
{
    [Fact]
    public async Task Upload_Utf8WithoutBom_StoresOneBlobThatIsBothOriginalAndData()
    {
        var bytes = Encoding.UTF8.GetBytes("city,temp\nZürich,3\nKraków,5\nMalmö,-1\n");

        var (sessionId, _) = await UploadAsync(bytes, "weather.csv");

        var row = await RowAsync(sessionId);
        var path = $"{host.Uploads}/{sessionId}/original/weather.csv";
        Assert.Equal(path, row.GetString("OriginalBlob"));
        Assert.Equal(path, row.GetString("DataBlob"));
        Assert.Equal([$"{sessionId}/original/weather.csv"], await BlobNamesAsync(sessionId));
        var blob = host.Blobs.GetBlobContainerClient(host.Uploads).GetBlobClient($"{sessionId}/original/weather.csv");
        var content = (await blob.DownloadContentAsync()).Value;
        Assert.Equal(bytes, content.Content.ToArray());
        Assert.Equal(BlobStore.Utf8CsvContentType, content.Details.ContentType);
    }

    [Fact]
    public async Task Upload_Windows1252_StoresTheOriginalAndAUtf8Copy()
    {
        const string text = "name,city\nJosé,São Paulo\nRenée,Genève\nFrançois,Zürich\n";
        var bytes = Encoding.Latin1.GetBytes(text);

        var (sessionId, body) = await UploadAsync(bytes, "people.csv");

        Assert.Equal("windows-1252", body.GetProperty("file").GetProperty("encoding").GetString());
        var row = await RowAsync(sessionId);
        Assert.Equal($"{host.Uploads}/{sessionId}/data.csv", row.GetString("DataBlob"));
        Assert.Equal(bytes, await DownloadAsync(row.GetString("OriginalBlob")));
        Assert.Equal(text, Encoding.UTF8.GetString(await DownloadAsync(row.GetString("DataBlob"))));
    }

    [Fact]
    public async Task Upload_AsciiForSeveralBlocksThenWindows1252_DataCopyHoldsTheWholeFileInUtf8()
    {
        // 6 MB of ASCII (more than one 4 MiB block) before the first Windows-1252 byte: the data copy's identical prefix
        // is copied from the committed original, the rest comes from the staged data blocks.
        var ascii = new StringBuilder("id,label\n");
        for (var i = 0; ascii.Length < 6_000_000; i++)
        {
            ascii.Append(i).Append(",item ").Append(i % 977).Append('\n');
        }

        var bytes = (byte[])[.. Encoding.ASCII.GetBytes(ascii.ToString()), .. Encoding.Latin1.GetBytes("999999,Café crème\n")];

        var (sessionId, body) = await UploadAsync(bytes, "late.csv");

        Assert.Equal("windows-1252", body.GetProperty("file").GetProperty("encoding").GetString());
        var row = await RowAsync(sessionId);
        Assert.Equal(bytes, await DownloadAsync(row.GetString("OriginalBlob")));
        Assert.Equal(ascii + "999999,Café crème\n", Encoding.UTF8.GetString(await DownloadAsync(row.GetString("DataBlob"))));
    }

    [Fact]
    public async Task Upload_ExcelSepLine_DataCopyLeavesTheLineOut()
    {
        const string data = "product;price\nTea;1,5\nCoffee;2,25\n";
        var bytes = Encoding.UTF8.GetBytes("sep=;\r\n" + data);

        var (sessionId, body) = await UploadAsync(bytes, "excel.csv");

        Assert.Equal(";", body.GetProperty("file").GetProperty("delimiter").GetString());
        Assert.Equal(2, body.GetProperty("file").GetProperty("rowCount").GetInt64());
        var row = await RowAsync(sessionId);
        Assert.NotEqual(row.GetString("OriginalBlob"), row.GetString("DataBlob"));
        Assert.Equal(bytes, await DownloadAsync(row.GetString("OriginalBlob")));
        Assert.Equal(data, Encoding.UTF8.GetString(await DownloadAsync(row.GetString("DataBlob"))));
    }

    [Fact]
    public async Task Upload_RejectedAfterBlocksWereStaged_LeavesNoBlobRowOrProfile()
    {
        var before = await host.VisibleStateAsync();
        var csv = new StringBuilder("a,b\n");
        while (csv.Length < 20_000_000)
        {
            // Every row ragged: 422 at the end of the file. With at most 3 blocks of 4 MiB in flight, the fifth block
            // is only staged after an earlier one completed, so some blocks are surely in storage by then.
            csv.Append("1,2,3\n");
        }

        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(csv.ToString()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await host.Http.PostAsync("/api/upload?fileName=ragged.csv", content);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, await host.VisibleStateAsync());
        Assert.Contains(await host.StagedOnlyBlobsAsync(), name => name.EndsWith("/original/ragged.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_ClientDisconnectsMidBody_LeavesNoBlobRowOrProfile()
    {
        var before = await host.VisibleStateAsync();
        var abandonedBefore = host.Logs.Lines.Count(l => l.EventId.Name == "upload.abandoned");
        var row = Encoding.ASCII.GetBytes("2024-01-01,north,12.5,7\n");
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, host.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "POST /api/upload?fileName=cut.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: 40000000\r\n\r\n" +
                "date,region,sales,units\n"));
            var chunk = new byte[row.Length * 10_000];
            for (var i = 0; i < 10_000; i++)
            {
                row.CopyTo(chunk, i * row.Length);
            }

            for (var sent = 0; sent < 20_000_000; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk); // half the declared body
            }

            // Leave only once the server has staged blocks, so that there is something it must not commit.
            await Wait.UntilAsync(async () => (await host.StagedOnlyBlobsAsync()).Any(name => name.EndsWith("/original/cut.csv", StringComparison.Ordinal)),
                "the server to stage a block of the body");

            client.Client.LingerState = new LingerOption(true, 0); // close with a reset, as a dropped connection does
        }

        await Wait.UntilAsync(() => host.Logs.Lines.Count(l => l.EventId.Name == "upload.abandoned") > abandonedBefore,
            "the server to notice the client leaving (upload.abandoned)");
        Assert.Equal(before, await host.VisibleStateAsync());
        Assert.Contains(await host.StagedOnlyBlobsAsync(), name => name.EndsWith("/original/cut.csv", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Error && l.Category.StartsWith("DataStoryBot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenAsync_OneOfTheWritesFails_RemovesWhatTheOthersWrote()
    {
        var opener = host.Services.GetRequiredService<SessionOpener>();
        var validator = host.Services.GetRequiredService<UploadValidator>();
        var sessionId = SessionSecrets.NewSessionId();
        // A leased profile blob makes the profile write fail (412) while the blob commit and the row write go through.
        var profile = host.Blobs.GetBlobContainerClient(host.Artifacts).GetBlobClient($"{sessionId}/profile.json");
        await profile.UploadAsync(BinaryData.FromString("{}"));
        await profile.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(60));

        await using var staged = await opener.BeginAsync(sessionId, "f.csv", CancellationToken.None);
        var validation = await validator.ValidateAsync(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2\n")), "f.csv", staged);
        await Assert.ThrowsAsync<RequestFailedException>(() =>
            opener.OpenAsync(sessionId, "f.csv", staged, validation.Profile!, SessionSecrets.Hash("t"), CancellationToken.None));

        Assert.Empty(await BlobNamesAsync(sessionId));
        Assert.False((await host.Sessions.GetEntityIfExistsAsync<TableEntity>(sessionId, "session")).HasValue);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\n1,2\n")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--x--\r\n")]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\n1,2\n\r\n--x--\r\n")]
    [InlineData("multipart/form-data; boundary=", "a,b\n1,2\n")]
    [InlineData("multipart/form-data; boundary=\"unclosed", "a,b\n1,2\n")]
    [InlineData("multipart/form-data; boundary=x", "garbage without any boundary")]
    public async Task Upload_MalformedMultipart_Answers400ProblemAndLogsNoError(string contentType, string body)
    {
        var before = await host.VisibleStateAsync();
        var errorsBefore = host.Logs.Lines.Count(l => l.Level >= LogLevel.Error);
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await host.Http.PostAsync("/api/upload", content);
        var problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("multipart", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(errorsBefore, host.Logs.Lines.Count(l => l.Level >= LogLevel.Error));
        Assert.Equal(before, await host.VisibleStateAsync());
    }

    [Fact]
    public async Task UploadAsync_BodySlowerThanTheTimeBudget_Answers408AndStoresNothing()
    {
        var before = await host.VisibleStateAsync();
        var handler = new UploadHandler(host.Services.GetRequiredService<UploadValidator>(), host.Services.GetRequiredService<SessionOpener>(),
            Options.Create(new DataStoryBotOptions { UploadTimeout = TimeSpan.FromSeconds(1) }), NullLogger<UploadHandler>.Instance);
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Request.Method = "POST";
        context.Request.ContentType = "text/csv";
        context.Request.QueryString = new QueryString("?fileName=slow.csv");
        context.Request.Body = new TricklingStream("a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 100_000)), TimeSpan.FromMilliseconds(200));
        context.Response.Body = new MemoryStream();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await handler.UploadAsync(context.Request, CancellationToken.None);
        await result.ExecuteAsync(context);

        Assert.Equal(408, context.Response.StatusCode);
        // Not before the budget (less the timer's resolution), and long before the trickling body would have arrived.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Contains("within 1 second,", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await host.VisibleStateAsync());
    }

    async Task<(string SessionId, JsonElement Body)> UploadAsync(byte[] bytes, string fileName)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        using var response = await host.Http.PostAsync("/api/upload", content);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("sessionId").GetString()!, body);
    }

    async Task<TableEntity> RowAsync(string sessionId) => (await host.Sessions.GetEntityAsync<TableEntity>(sessionId, "session")).Value;

    async Task<byte[]> DownloadAsync(string path) => (await host.Services.GetRequiredService<BlobStore>().DownloadAsync(path, CancellationToken.None))!.ToArray();

    async Task<List<string>> BlobNamesAsync(string sessionId)
    {
        var names = new List<string>();
        await foreach (var blob in host.Blobs.GetBlobContainerClient(host.Uploads).GetBlobsAsync(new GetBlobsOptions { Prefix = sessionId + "/" }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>A body that arrives a few kilobytes at a time with a pause between reads, as from a very slow client.</summary>
    sealed class TricklingStream(string text, TimeSpan pause) : Stream
    {
        readonly byte[] data = Encoding.ASCII.GetBytes(text);
        int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(pause, cancellationToken);
            var n = Math.Min(Math.Min(buffer.Length, 4096), data.Length - position);
            data.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
