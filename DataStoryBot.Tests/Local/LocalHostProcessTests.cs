using System.Collections.Concurrent;
using System.Diagnostics;
using DataStoryBot.Tests.Infrastructure;

namespace DataStoryBot.Tests.Local;

/// <summary>The local host as run.sh starts it: its own process, started from another directory.</summary>
[Trait("Category", "Integration")]
public sealed class LocalHostProcessTests
{
    [Fact]
    public async Task Start_FromAnotherDirectory_UsesItsOwnAppSettingsSoRequestsAreNotLoggedAtInformation()
    {
        var port = AzuriteServer.FreePort();
        var cwd = Directory.CreateTempSubdirectory("dsb-cwd-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "DataStoryBot.Local.dll"),
                     $"--Storage:ConnectionString={AzuriteServer.ConnectionString}", $"--LocalHost:Port={port}",
                     "--LocalHost:TaskHub=c" + Guid.NewGuid().ToString("N")[..20],
                     "--LocalHost:Background:HealthCheck=false", "--LocalHost:Background:RetentionSweep=false"])
        {
            start.ArgumentList.Add(arg);
        }

        var lines = new ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await HostProcess.WaitUntilServingAsync(process, port, () => string.Join('\n', lines.TakeLast(20)));
            await Task.Delay(500);

            var root = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            Assert.Contains(lines, l => l.Contains("Content root path") && l.Contains(root, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(cwd, recursive: true);
        }
    }
}
