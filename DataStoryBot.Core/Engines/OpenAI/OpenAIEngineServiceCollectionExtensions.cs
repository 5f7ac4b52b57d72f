using DataStoryBot.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Core.Engines.OpenAI;

public static class OpenAIEngineServiceCollectionExtensions
{
    /// <summary>Keyed-service key of the OpenAI engine.</summary>
    public const string EngineKey = OpenAIAnalysisEngine.EngineName;

    /// <summary>
    /// Registers the OpenAI Code Interpreter engine: the <c>OpenAI</c> options (validated at start-up when
    /// <c>DataStoryBot:Engine</c> is <c>openai</c>), the provider circuit breaker, and the engine as a singleton —
    /// as <see cref="OpenAIAnalysisEngine"/>, as the keyed <see cref="IAnalysisEngine"/> "openai" and as <see cref="IAnalysisEngine"/>.
    /// </summary>
    public static IServiceCollection AddOpenAIEngine(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OpenAIEngineOptions>().BindConfiguration(OpenAIEngineOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAIEngineOptions>, OpenAIEngineOptionsValidator>());
        services.AddOptions<DataStoryBotOptions>().BindConfiguration(DataStoryBotOptions.SectionName);
        services.AddProviderCircuitBreaker();
        services.TryAddSingleton<OpenAIAnalysisEngine>();
        services.TryAddKeyedSingleton<IAnalysisEngine>(EngineKey, (sp, _) => sp.GetRequiredService<OpenAIAnalysisEngine>());
        services.AddSingleton<IAnalysisEngine>(sp => sp.GetRequiredService<OpenAIAnalysisEngine>());
        return services;
    }

    /// <summary>Registers <see cref="IProviderCircuitBreaker"/> (a singleton, configured by the OpenAI options' Breaker* values) and <see cref="TimeProvider.System"/> if none.</summary>
    public static IServiceCollection AddProviderCircuitBreaker(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OpenAIEngineOptions>().BindConfiguration(OpenAIEngineOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProviderCircuitBreaker, ProviderCircuitBreaker>();
        return services;
    }
}
