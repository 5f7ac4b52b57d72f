using System.Text.Json;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Http;
using DataStoryBot.Functions.Functions;
using DataStoryBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.Web;

/// <summary>
/// The chart scripts vendored in DataStoryBot.Core/Web/vendor are the unmodified builds of the npm versions the
/// lockfile pins, carry their licences, and are embedded in Core so that both hosts serve them under /assets/.
/// </summary>
public class VendoredScriptsTests
{
    public static TheoryData<string, string> Scripts() => new()
    {
        { "vega", "vega.min.js" },
        { "vega-lite", "vega-lite.min.js" },
        { "vega-interpreter", "vega-interpreter.min.js" },
        { "vega-embed", "vega-embed.min.js" },
    };

    static readonly string Vendor = Path.Combine(RepoPaths.Root, "DataStoryBot.Core", "Web", "vendor");

    [Theory]
    [MemberData(nameof(Scripts))]
    public void VendoredScript_EachFile_IsTheBuildOfThePinnedNpmVersion(string package, string file)
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "package-lock.json")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "package.json")));
        var pinned = manifest.RootElement.GetProperty("devDependencies").TryGetProperty(package, out var dev) ? dev.GetString()
            : manifest.RootElement.GetProperty("dependencies").GetProperty(package).GetString();
        var locked = lockFile.RootElement.GetProperty("packages").GetProperty($"node_modules/{package}").GetProperty("version").GetString();
        var installedDir = Path.Combine(RepoPaths.Root, "node_modules", package);
        using var installed = JsonDocument.Parse(File.ReadAllText(Path.Combine(installedDir, "package.json")));

        Assert.Equal(pinned, locked);
        Assert.Equal(locked, installed.RootElement.GetProperty("version").GetString());
        Assert.True(File.ReadAllBytes(Path.Combine(installedDir, "build", file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Vendor, file))),
            $"vendor/{file} differs from {package} {locked}'s build/{file}: run scripts/vendor-vega.sh");
        Assert.Contains($"| `{file}` | `{package}` (`build/{file}`) | {locked} |", File.ReadAllText(Path.Combine(Vendor, "README.md")), StringComparison.Ordinal);
        Assert.Contains("Redistribution and use in source and binary forms", File.ReadAllText(Path.Combine(Vendor, $"{package}-LICENSE.txt")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vega.min.js")]
    [InlineData("vega-lite.min.js")]
    [InlineData("vega-interpreter.min.js")]
    [InlineData("vega-embed.min.js")]
    [InlineData("interactive.js")]
    [InlineData("interactive.css")]
    public void CoreAssembly_InteractiveChartFiles_EmbeddedAsPageAssets(string file)
    {
        using var stream = typeof(DataStoryBot.Core.Http.SystemHandlers).Assembly.GetManifestResourceStream("DataStoryBot.Core.Web." + file);
        var source = File.Exists(Path.Combine(Vendor, file)) ? Path.Combine(Vendor, file) : Path.Combine(Vendor, "..", file);

        Assert.NotNull(stream);
        Assert.Equal(new FileInfo(source).Length, stream.Length);
    }

    [Theory]
    [InlineData("vega-lite", "vega-lite.min.js")]
    [InlineData("vega-interpreter", "vega-interpreter.min.js")]
    public async Task FunctionsGetAsset_VendoredScript_ServedByteForByteUnderThePageCsp(string package, string file)
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, Response = { Body = new MemoryStream() } };
        var functions = new SystemFunctions(null!, new SystemHandlers(Options.Create(new DataStoryBotOptions())));

        await functions.GetAsset(context.Request, file).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.StartsWith("text/javascript", context.Response.ContentType, StringComparison.Ordinal);
        var csp = context.Response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        var expected = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "node_modules", package, "build", file));
        Assert.True(expected.AsSpan().SequenceEqual(((MemoryStream)context.Response.Body).ToArray()), $"{file} as the Functions app serves it differs from {package}'s build");
    }
}
