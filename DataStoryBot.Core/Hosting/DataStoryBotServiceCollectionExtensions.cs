using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines.OpenAI;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Http;
using DataStoryBot.Core.Jobs;
using DataStoryBot.Core.Sessions;
using DataStoryBot.Core.Storage;
using DataStoryBot.Core.Workflows;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataStoryBot.Core.Hosting;

public static class DataStoryBotServiceCollectionExtensions
{
    /// <summary>Everything both hosts share: options, storage, handlers, workflow activities and the configured engine.</summary>
    public static IServiceCollection AddDataStoryBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataStoryBotOptions>().BindConfiguration(DataStoryBotOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.ModelCallTimeout < o.PhaseDeadline, "DataStoryBot:ModelCallTimeout must be shorter than DataStoryBot:PhaseDeadline.")
            .Validate(o => o.WarnUploadBytes <= o.MaxUploadBytes, "DataStoryBot:WarnUploadBytes must not exceed DataStoryBot:MaxUploadBytes.")
            .Validate(o => o.IdempotencyWindow >= TimeSpan.FromMinutes(10), "DataStoryBot:IdempotencyWindow must be at least 10 minutes.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.UsesServiceUris || !string.IsNullOrWhiteSpace(o.ConnectionString), "Set Storage:ConnectionString, or Storage:BlobServiceUri (with a managed identity).")
            .ValidateOnStart();
        services.AddOptions<HealthCheckOptions>().BindConfiguration(HealthCheckOptions.SectionName).ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddDataStoryBotStorage(configuration);
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService<StorageInitializerService>();
        services.AddSingleton<BlobStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<SessionAuthenticator>();
        services.AddSingleton<SessionDeleter>();
        services.AddSingleton<JobStarter>();
        services.AddSingleton<UploadValidator>();
        services.AddSingleton<SessionOpener>();
        services.AddSingleton<UploadHandler>();
        services.AddSingleton<SessionHandlers>();
        services.AddSingleton<JobHandlers>();
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<SystemHandlers>();
        services.AddProviderCircuitBreaker();
        services.TryAddSingleton<IAnalysisAvailability, BreakerAvailability>();
        services.AddDataStoryBotOperations();

        AddEngine(services, configuration);

        services.TryAddSingleton<HostStopping>();
        foreach (var activity in WorkflowCatalog.Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }

    /// <summary>The engine named by <c>DataStoryBot:Engine</c>: the built-in analyst (default) or the OpenAI Code Interpreter.</summary>
    static void AddEngine(IServiceCollection services, IConfiguration configuration)
    {
        var engine = configuration[$"{DataStoryBotOptions.SectionName}:{nameof(DataStoryBotOptions.Engine)}"] ?? "builtin";
        switch (engine)
        {
            case "openai":
                services.AddOpenAIEngine();
                break;
            default:
                // Unknown names are reported by the options validation at start-up.
                services.AddBuiltInAnalyst();
                break;
        }
    }

    /// <summary>Registers the orchestrators and activities of <see cref="WorkflowCatalog"/> with a Durable Task worker.</summary>
    public static DurableTaskRegistry AddDataStoryBotTasks(this DurableTaskRegistry registry)
    {
        foreach (var orchestrator in WorkflowCatalog.Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (var activity in WorkflowCatalog.Activities)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }
}
