using System.Reflection;
using DataStoryBot.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using YamlDotNet.RepresentationModel;

namespace DataStoryBot.Tests.Routes;

/// <summary>The Functions app, the local host and the OpenAPI document expose the same routes with the same methods.</summary>
public sealed class RouteParityTests
{
    [Fact]
    public void FunctionsAndLocalHost_SameRoutesAndMethods_Match()
    {
        var functions = FunctionRoutes();
        var local = LocalHostRoutes();

        Assert.NotEmpty(functions);
        Assert.Equal(functions.Order(), local.Order());
    }

    [Fact]
    public void OpenApiDocument_DescribesExactlyTheFunctionsRoutes()
    {
        var documented = OpenApiRoutes(SystemHandlers.OpenApiYaml());
        var functions = FunctionRoutes();

        var undocumented = functions.Except(documented).ToList();
        var stale = documented.Except(functions).ToList();
        Assert.True(undocumented.Count == 0, "Routes in code but not in openapi.yaml: " + string.Join(", ", undocumented));
        Assert.True(stale.Count == 0, "Routes in openapi.yaml but not in code: " + string.Join(", ", stale));
    }

    [Theory]
    [InlineData("GET /api/sessions/{id}/stories/{storyId}/charts/{chartId}/data")]
    [InlineData("GET /api/sessions/{id}/stories/{storyId}/charts/{chartId}/spec")]
    [InlineData("GET /api/sessions/{id}/charts/{chartId}/data")]
    [InlineData("GET /api/sessions/{id}/charts/{chartId}/spec")]
    public void ChartDataAndSpecRoutes_BothHostsAndTheDocument_HaveThem(string route)
    {
        Assert.Contains(route, FunctionRoutes());
        Assert.Contains(route, LocalHostRoutes());
        Assert.Contains(route, OpenApiRoutes(SystemHandlers.OpenApiYaml()));
    }

    [Fact]
    public void OpenApiDocument_Version_Is31()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(SystemHandlers.OpenApiYaml()));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("3.1.0", ((YamlScalarNode)root.Children[new YamlScalarNode("openapi")]).Value);
    }

    internal static HashSet<string> FunctionRoutes()
    {
        var routes = new HashSet<string>();
        foreach (var method in typeof(DataStoryBot.Functions.HandlerResult).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is null)
            {
                continue;
            }

            foreach (var trigger in method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            {
                foreach (var verb in trigger.Methods ?? [])
                {
                    var route = trigger.Route == DataStoryBot.Functions.Functions.SystemFunctions.RootRoute ? "" : trigger.Route!.TrimStart('/');
                    routes.Add($"{verb.ToUpperInvariant()} /{route}");
                }
            }
        }

        return routes;
    }

    static HashSet<string> LocalHostRoutes()
    {
        var app = DataStoryBot.Local.LocalHost.Build(["--LocalHost:DurableBackend=inmemory", "--LocalHost:Port=0"]);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
    }

    static HashSet<string> OpenApiRoutes(string document)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(document));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var paths = (YamlMappingNode)root.Children[new YamlScalarNode("paths")];
        var verbs = new[] { "get", "post", "put", "delete", "patch" };
        return paths.Children
            .SelectMany(p => ((YamlMappingNode)p.Value).Children.Keys.Cast<YamlScalarNode>()
                .Where(k => verbs.Contains(k.Value))
                .Select(k => $"{k.Value!.ToUpperInvariant()} {((YamlScalarNode)p.Key).Value}"))
            .ToHashSet();
    }
}
