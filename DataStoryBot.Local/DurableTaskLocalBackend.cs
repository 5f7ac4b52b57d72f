using System.Net;
using System.Net.Sockets;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Hosting;
using DataStoryBot.Core.Storage;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace DataStoryBot.Local;

/// <summary>
/// Runs the app's orchestrations without the Functions host: a Durable Task gRPC sidecar (from the InProcessTestHost
/// package) over the Azure Storage backend — the one Durable Functions uses in Azure — with the Durable Task SDK
/// worker and client connected to it over loopback.
/// </summary>
public static class DurableTaskLocalBackend
{
    public static WebApplicationBuilder AddDurableTaskLocalBackend(this WebApplicationBuilder builder, LocalHostOptions local)
    {
        var services = builder.Services;
        if (string.Equals(local.DurableBackend, "inmemory", StringComparison.OrdinalIgnoreCase))
        {
            services.AddInMemoryDurableTask(r => r.AddDataStoryBotTasks(), new InMemoryDurableTaskOptions { Port = local.GrpcPort == 0 ? FreePort() : local.GrpcPort });
            return builder;
        }

        if (local.GrpcPort == 0)
        {
            local.GrpcPort = FreePort();
        }

        var address = $"http://127.0.0.1:{local.GrpcPort}";
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(sp =>
        {
            var settings = new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = local.TaskHub,
                StorageAccountClientProvider = storage.UsesServiceUris
                    ? new StorageAccountClientProvider(StorageAccount.BlobServiceUri(storage), StorageAccount.QueueServiceUri(storage),
                        StorageAccount.TableServiceUri(storage), StorageAccount.Credential(storage))
                    : new StorageAccountClientProvider(StorageAccount.ConnectionString(storage)),
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
                ControlQueueVisibilityTimeout = local.QueueVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = local.QueueVisibilityTimeout,
                WorkerId = local.WorkerId,
                PartitionCount = 1,
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            };
            return new AzureStorageOrchestrationService(settings);
        });
        services.AddSingleton<IOrchestrationService>(sp => new StartStopOrderedOrchestrationService(sp.GetRequiredService<AzureStorageOrchestrationService>()));
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddHostedService<TaskHubCreator>();
        services.AddGrpc();
        services.AddSingleton<TaskHubGrpcServer>();
        services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(address);
            b.AddTasks(r => r.AddDataStoryBotTasks());
        });
        services.AddDurableTaskClient(b => b.UseGrpc(address));
        return builder;
    }

    public static WebApplication MapDurableTaskSidecar(this WebApplication app, LocalHostOptions local)
    {
        if (!string.Equals(local.DurableBackend, "inmemory", StringComparison.OrdinalIgnoreCase))
        {
            app.MapGrpcService<TaskHubGrpcServer>().RequireHost($"*:{local.GrpcPort}");
        }

        return app;
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>The sidecar never creates the task hub itself; this does, before the worker connects.</summary>
    sealed class TaskHubCreator(AzureStorageOrchestrationService service) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => service.CreateIfNotExistsAsync();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
