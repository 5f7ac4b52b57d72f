using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines.OpenAI;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DataStoryBot.Tests.OpenAI;

public sealed class OpenAIEngineOptionsValidatorTests
{
    private static OpenAIEngineOptionsValidator Validator(string? engine = "openai") =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataStoryBot:Engine"] = engine }).Build());

    private static OpenAIEngineOptions Valid() => new() { ApiKey = "sk-1", Model = "gpt-4.1" };

    private static IReadOnlyList<string> Failures(OpenAIEngineOptions o, string? engine = "openai")
    {
        var result = Validator(engine).Validate(null, o);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void Validate_BuiltInEngine_SkipsEvenInvalidValues()
    {
        var result = Validator("builtin").Validate(null, new OpenAIEngineOptions { ApiKey = null, Model = "" });

        Assert.True(result.Skipped);
    }

    [Fact]
    public void Validate_CompleteOpenAIOptions_Succeeds()
    {
        Assert.True(Validator().Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void Validate_MissingApiKey_FailsNamingTheSetting()
    {
        var o = Valid();
        o.ApiKey = " ";

        var failure = Assert.Single(Failures(o));

        Assert.StartsWith("OpenAI:ApiKey is required", failure);
    }

    [Fact]
    public void Validate_AzureWithEntraIdAndNoKey_Succeeds()
    {
        var o = Valid();
        o.ApiKey = null;
        o.UseEntraId = true;
        o.Endpoint = new Uri("https://contoso.openai.azure.com/openai/v1/");

        Assert.Empty(Failures(o));
    }

    [Fact]
    public void Validate_EntraIdOnOpenAIEndpoint_Fails()
    {
        var o = Valid();
        o.UseEntraId = true;

        Assert.Contains(Failures(o), f => f.StartsWith("OpenAI:UseEntraId works only with an Azure OpenAI endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AzureEndpointNotV1_Fails()
    {
        var o = Valid();
        o.Endpoint = new Uri("https://contoso.openai.azure.com/");

        Assert.Contains(Failures(o), f => f.Contains("not its v1 endpoint", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://api.example.com/v1", "must use https")]
    [InlineData("ftp://127.0.0.1/v1", "must use https")]
    public void Validate_InsecureEndpoint_Fails(string endpoint, string expected)
    {
        var o = Valid();
        o.Endpoint = new Uri(endpoint);

        Assert.Contains(Failures(o), f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HttpLoopbackEndpoint_Succeeds()
    {
        var o = Valid();
        o.Endpoint = new Uri("http://127.0.0.1:5055/v1");

        Assert.Empty(Failures(o));
    }

    [Fact]
    public void Validate_RelativeEndpoint_Fails()
    {
        var o = Valid();
        o.Endpoint = new Uri("api/v1", UriKind.Relative);

        Assert.Contains(Failures(o), f => f.Contains("must be an absolute URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EmptyModel_Fails()
    {
        var o = Valid();
        o.Model = "";

        Assert.Contains(Failures(o), f => f.StartsWith("OpenAI:Model is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2g")]
    [InlineData("4G")]
    [InlineData("")]
    public void Validate_UnknownMemoryLimit_Fails(string limit)
    {
        var o = Valid();
        o.ContainerMemoryLimit = limit;

        Assert.Contains(Failures(o), f => f.Contains("must be one of 1g, 4g, 16g, 64g", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Validate_IdleMinutesOutOfRange_Fails(int minutes)
    {
        var o = Valid();
        o.ContainerIdleMinutes = minutes;

        Assert.Contains(Failures(o), f => f.StartsWith("OpenAI:ContainerIdleMinutes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOnce()
    {
        var o = new OpenAIEngineOptions { ApiKey = null, Model = " ", ContainerMemoryLimit = "8g", ContainerIdleMinutes = 30 };

        var failures = Failures(o);

        Assert.Equal(4, failures.Count);
    }

    [Fact]
    public void AddOpenAIEngine_InvalidOptions_FailValidationOnStart()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataStoryBot:Engine"] = "openai",
            ["OpenAI:Model"] = "gpt-4.1",
            ["OpenAI:ContainerMemoryLimit"] = "3g",
        }).Build();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IConfiguration>(services, configuration);
        Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services);
        services.AddOpenAIEngine();
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenAIEngineOptions>>(provider).Value);

        Assert.Contains(e.Failures, f => f.StartsWith("OpenAI:ApiKey is required", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("'3g'", StringComparison.Ordinal));
    }

    [Fact]
    public void AddOpenAIEngine_ValidConfiguration_ResolvesOneEngineAndSharedBreaker()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataStoryBot:Engine"] = "openai",
            ["OpenAI:ApiKey"] = "sk-1",
            ["OpenAI:Endpoint"] = "https://contoso.openai.azure.com/openai/v1/",
        }).Build();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IConfiguration>(services, configuration);
        Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services);
        services.AddOpenAIEngine();
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var engine = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Engines.IAnalysisEngine>(provider);
        var keyed = Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService<Core.Engines.IAnalysisEngine>(provider, "openai");
        var breaker = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Engines.IProviderCircuitBreaker>(provider);

        Assert.Equal("openai", engine.Name);
        Assert.Same(engine, keyed);
        Assert.Equal(OpenAIAuthMode.AzureApiKey, ((OpenAIAnalysisEngine)engine).AuthMode);
        Assert.Equal(Core.Engines.BreakerState.Closed, breaker.State);
    }
}
