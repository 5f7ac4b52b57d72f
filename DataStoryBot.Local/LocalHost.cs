using System.Net;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Hosting;
using DataStoryBot.Core.Observability;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DataStoryBot.Local;

/// <summary>Builds the local host: Kestrel (API on HTTP/1.1, the durable sidecar on HTTP/2), the shared services, and the routes.</summary>
public static class LocalHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The app's own folder, not the caller's current directory: run.sh starts the host from the repository root, and
        // appsettings.json (log levels) sits next to the assembly.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var local = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
        if (int.TryParse(builder.Configuration["PORT"], out var port))
        {
            local.Port = port;
        }

        if (string.IsNullOrWhiteSpace(local.WorkerId))
        {
            local.WorkerId = LocalHostOptions.NewWorkerId(); // an empty setting means "pick one", as no setting does
        }

        builder.Services.AddSingleton(local);
        // Stop the hosted services together: Kestrel otherwise waits out the whole timeout for the durable worker's
        // long-lived GetWorkItems stream, which only ends when the worker (stopped after Kestrel) hangs up.
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
            o.ServicesStopConcurrently = true;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddDataStoryBot(builder.Configuration);
        builder.AddDurableTaskLocalBackend(local);
        builder.Services.AddLocalBackgroundWork(builder.Configuration);
        builder.Services.AddDataStoryBotTelemetry(builder.Configuration, "datastorybot-local");

        // One JSON object per line, with the scopes (sessionId, containerId, jobId) and the event id and name on every line.
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        // As host.json in Azure: the Azure SDK's request/response lines and the Durable Task backend's chatter only from Warning.
        builder.Logging.AddFilter("Azure", LogLevel.Warning).AddFilter("DurableTask", LogLevel.Warning);

        var maxUpload = builder.Configuration.GetSection(DataStoryBotOptions.SectionName).Get<DataStoryBotOptions>()?.MaxUploadBytes ?? new DataStoryBotOptions().MaxUploadBytes;
        builder.WebHost.ConfigureKestrel(k =>
        {
            // The upload validator enforces the real limit with a clear problem; Kestrel's is only a backstop above it.
            k.Limits.MaxRequestBodySize = maxUpload + 16 * 1024 * 1024;
            k.Listen(IPAddress.Parse(local.ListenAddress), local.Port, o => o.Protocols = HttpProtocols.Http1);
            if (!string.Equals(local.DurableBackend, "inmemory", StringComparison.OrdinalIgnoreCase))
            {
                k.Listen(IPAddress.Loopback, local.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            }
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        // Also on answers no handler writes (unknown routes, wrong methods, Kestrel's own problems after routing).
        app.Use((context, next) =>
        {
            Core.Http.SecurityHeaders.ApplyDefaults(context.Response);
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDataStoryBotApi();
        app.MapDurableTaskSidecar(local);
        return app;
    }
}
