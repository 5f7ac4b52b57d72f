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
        services.AddOptions<BuiltInEngineOptions>().BindConfiguration(BuiltInEngineOptions.SectionName);
        services.AddOptions<DataStoryBotOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LocalContainerStore>();
        services.TryAddSingleton<BuiltInAnalysisEngine>();
        services.AddSingleton<IAnalysisEngine>(sp => sp.GetRequiredService<BuiltInAnalysisEngine>());
        return services;
    }
}
