using DataStoryBot.Local;

var app = LocalHost.Build(args);
await app.Services.GetRequiredService<DataStoryBot.Core.Storage.StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
await app.RunAsync();

/// <summary>Entry point of the local host (visible to tests).</summary>
public partial class Program;
