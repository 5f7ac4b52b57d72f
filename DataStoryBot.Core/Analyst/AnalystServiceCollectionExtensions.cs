using DataStoryBot.Core.Analyst.Containers;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataStoryBot.Core.Analyst;

public static class AnalystServiceCollectionExtensions
{
    /// <summary>Registers the built-in analyst (<see cref="BuiltInAnalysisEngine"/>) and binds section <c>BuiltIn</c>.</summary>
    public static IServiceCollection AddBuiltInAnalyst(this IServiceCollection services)
    {
        services.AddOptions<BuiltInEngineOptions>().BindConfiguration(BuiltInEngineOptions.SectionName)
            .Validate(o => o.ContainerIdleTtl > TimeSpan.Zero, "BuiltIn:ContainerIdleTtl must be positive (e.g. 00:20:00).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ContainerRoot), "BuiltIn:ContainerRoot must name a folder.")
            .ValidateOnStart();
        services.AddOptions<DataStoryBotOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LocalContainerStore>();
        services.TryAddSingleton<BuiltInAnalysisEngine>();
        services.AddSingleton<IAnalysisEngine>(sp => sp.GetRequiredService<BuiltInAnalysisEngine>());
        return services;
    }
}
