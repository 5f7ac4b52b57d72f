using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace DataStoryBot.Core.Health;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>The operator's side: the synthetic health check, its result store, and the retention sweep.</summary>
    public static IServiceCollection AddDataStoryBotOperations(this IServiceCollection services)
    {
        services.AddOptions<HealthCheckOptions>()
            .Validate(o => TryParse(o.Schedule), "HealthCheck:Schedule must be a six-field NCRONTAB expression (e.g. '0 */5 * * * *') or a TimeSpan.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "HealthCheck:Timeout must be positive.");
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => TryParse(o.Schedule), "Retention:Schedule must be a six-field NCRONTAB expression (e.g. '0 15 * * * *') or a TimeSpan.")
            .ValidateOnStart();
        services.AddSingleton<InstanceStart>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceStart>());
        services.AddSingleton<HealthResultStore>();
        services.AddSingleton<SyntheticHealthCheck>();
        services.AddSingleton<SessionSweeper>();
        return services;
    }

    static bool TryParse(string schedule)
    {
        try
        {
            Schedule.Parse(schedule);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
