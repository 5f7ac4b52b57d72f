using Xunit;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.Csv;

/// <summary>The upload's limits are options validated on start, with messages that name the setting.</summary>
public sealed class UploadOptionsTests
{
    [Theory]
    [InlineData("DataStoryBot:MaxColumns", "0")]
    [InlineData("DataStoryBot:MaxColumns", "100001")]
    [InlineData("DataStoryBot:UploadTimeout", "00:00:00")]
    [InlineData("DataStoryBot:UploadTimeout", "02:00:00")]
    public void AddDataStoryBot_UploadLimitOutOfRange_FailsValidationNamingTheSetting(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DataStoryBotOptions>>().Value);

        Assert.Contains(e.Failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void AddDataStoryBot_UploadLimitsSet_AreBound()
    {
        using var provider = Build(new() { ["DataStoryBot:MaxColumns"] = "500", ["DataStoryBot:UploadTimeout"] = "00:01:30" });

        var options = provider.GetRequiredService<IOptions<DataStoryBotOptions>>().Value;

        Assert.Equal((500, TimeSpan.FromSeconds(90)), (options.MaxColumns, options.UploadTimeout));
    }

    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddDataStoryBot(configuration);
        return services.BuildServiceProvider();
    }
}
