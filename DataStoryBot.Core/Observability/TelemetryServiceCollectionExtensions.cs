using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DataStoryBot.Core.Observability;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard OTLP endpoint variable; when it is set, metrics and traces are exported over OTLP.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry metrics (Meter <c>DataStoryBot</c>) and traces (ActivitySource <c>DataStoryBot</c>), exported
    /// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (protocol, headers etc. from the standard
    /// <c>OTEL_*</c> variables). Without an endpoint nothing is registered and the instruments cost nothing.
    /// Returns whether the exporter was enabled.
    /// </summary>
    public static bool AddDataStoryBotTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            return false;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m.AddMeter(DataStoryBotMetrics.MeterName))
            .WithTracing(t => t.AddSource(DataStoryBotMetrics.ActivitySourceName))
            .UseOtlpExporter();
        return true;
    }
}
