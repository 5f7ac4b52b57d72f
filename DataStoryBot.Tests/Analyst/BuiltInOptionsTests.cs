using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.Analyst;

public sealed class BuiltInOptionsTests
{
    [Theory]
    [InlineData("00:00:00", "BuiltIn:ContainerIdleTtl must be positive")]
    [InlineData("-00:05:00", "BuiltIn:ContainerIdleTtl must be positive")]
    public void AddBuiltInAnalyst_NonPositiveIdleTtl_FailsValidationWithTheSettingName(string ttl, string expected)
    {
        using var provider = Build(new() { ["BuiltIn:ContainerIdleTtl"] = ttl });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BuiltInEngineOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AddBuiltInAnalyst_Defaults_AreValid()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<BuiltInEngineOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(20), options.ContainerIdleTtl);
    }

    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddBuiltInAnalyst();
        return services.BuildServiceProvider();
    }
}
