using System.Text;
using DataStoryBot.Core.Http;
using DataStoryBot.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Tests.Routes;

/// <summary>
/// The Functions adapters run the shared handlers' results on the request's own HttpContext: the security headers and
/// body limits set in Core reach the Functions host's answers unchanged.
/// </summary>
public sealed class FunctionsHardeningTests
{
    static DefaultHttpContext Context()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return new DefaultHttpContext { RequestServices = services, Response = { Body = new MemoryStream() } };
    }

    static async Task ExecuteAsync(IActionResult result, HttpContext context) =>
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

    [Fact]
    public async Task HandlerResult_ProblemFromSharedHandler_CarriesApiSecurityHeaders()
    {
        var context = Context();

        await ExecuteAsync(await HandlerResult.From(context.Request, () => Task.FromResult(Problems.SessionNotFound())), context);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal(SecurityHeaders.ApiPolicy, context.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("no-referrer", context.Response.Headers["Referrer-Policy"].ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task HandlerResult_HandlerThrows_500ProblemStillCarriesSecurityHeaders()
    {
        var context = Context();

        await ExecuteAsync(await HandlerResult.From(context.Request, () => throw new InvalidOperationException("boom")), context);

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task JsonBody_ContentLengthOverTheLimit_Answers413WithoutReadingTheBody()
    {
        var context = Context();
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = JsonBody.MaxBytes + 1;
        context.Request.Body = new UnreadableStream();

        var (value, error) = await JsonBody.ReadAsync<AnalyzeRequest>(context.Request, CancellationToken.None);
        await ExecuteAsync(new HandlerResult(error!), context);

        Assert.Null(value);
        Assert.Equal(413, context.Response.StatusCode);
    }

    [Fact]
    public async Task JsonBody_ValidObject_IsRead()
    {
        var context = Context();
        var bytes = Encoding.UTF8.GetBytes("{\"steering\":\"by region\"}");
        context.Request.ContentType = "application/merge-patch+json";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);

        var (value, error) = await JsonBody.ReadAsync<AnalyzeRequest>(context.Request, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("by region", value!.Steering);
    }

    [Theory]
    [InlineData("a\tb")]
    [InlineData("caf\u00e9")]
    [InlineData("a\u0001b")]
    [InlineData("line\r\nbreak")]
    public async Task IdempotencyKeyHeader_ControlOrNonAsciiCharacters_Answers400Problem(string key)
    {
        // Kestrel refuses most of these itself; the Functions front end or another server may pass them through.
        var context = Context();
        context.Request.Headers["Idempotency-Key"] = key;

        var (value, error) = IdempotencyKeyHeader.Read(context.Request);
        await ExecuteAsync(new HandlerResult(error!), context);

        Assert.Null(value);
        Assert.Equal(400, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        Assert.Contains("printable ASCII", await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public void IdempotencyKeyHeader_PrintableKeyOf200Characters_IsTheKey()
    {
        var context = Context();
        var key = string.Concat(Enumerable.Repeat("Ab1-_ ~!", 25));
        context.Request.Headers["Idempotency-Key"] = key;

        var (value, error) = IdempotencyKeyHeader.Read(context.Request);

        Assert.Null(error);
        Assert.Equal(key, value);
    }

    [Theory]
    [InlineData("report.csv", "attachment; filename=report.csv", false)]
    [InlineData("chart-1.png", "inline; filename=chart-1.png", true)]
    public void ContentDisposition_PlainAsciiName_IsTokenForm(string name, string expected, bool inline) =>
        Assert.Equal(expected, SecurityHeaders.ContentDisposition(name, inline));

    [Theory]
    [InlineData("a\r\nSet-Cookie: x=1.csv")]
    [InlineData("..\\..\\evil\".csv")]
    [InlineData("résumé; x=\"y\".csv")]
    [InlineData("\u202Egpj.exe")]
    public void ContentDisposition_HostileName_HasNoControlQuotePathOrBidiCharacters(string name)
    {
        var header = SecurityHeaders.ContentDisposition(name);
        var parsed = Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.Parse(header);

        Assert.StartsWith("attachment;", header);
        Assert.All(header, c => Assert.InRange(c, ' ', '~'));
        var shown = parsed.FileNameStar.HasValue ? parsed.FileNameStar.Value! : parsed.FileName.Value!.Trim('"');
        Assert.DoesNotContain('\\', shown);
        Assert.DoesNotContain('/', shown);
        Assert.DoesNotContain('"', shown);
        Assert.DoesNotContain('\u202E', shown);
        Assert.DoesNotContain('\n', shown);
    }

    sealed class UnreadableStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("the body was read");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
