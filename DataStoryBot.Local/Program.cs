using DataStoryBot.Local;

var app = LocalHost.Build(args);
await app.Services.GetRequiredService<DataStoryBot.Core.Storage.StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
await app.RunAsync();
