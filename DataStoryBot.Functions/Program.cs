using DataStoryBot.Core.Hosting;
using DataStoryBot.Core.Observability;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddDataStoryBot(builder.Configuration);

// Application Insights from the worker itself: its log lines keep their scopes (sessionId, containerId, jobId) as
// customDimensions, which the "what happened to session X" query in docs/operations.md relies on.
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    // The Application Insights provider adds a rule that keeps only Warning and above; the app's Information events are the story of a session.
    var aiDefault = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (aiDefault is not null)
    {
        options.Rules.Remove(aiDefault);
    }
});

// As the local host and host.json: the Azure SDK's request lines, ASP.NET Core's per-request lines and the Durable Task
// SDK's chatter only from Warning, so Application Insights holds the app's own events (and ingestion stays cheap).
builder.Logging.AddFilter("Azure", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning).AddFilter("DurableTask", LogLevel.Warning);

// Metrics and traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
builder.Services.AddDataStoryBotTelemetry(builder.Configuration, "datastorybot-functions");
builder.Build().Run();
