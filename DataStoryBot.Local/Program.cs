using DataStoryBot.Local;

var app = LocalHost.Build(args);
await app.RunAsync();
