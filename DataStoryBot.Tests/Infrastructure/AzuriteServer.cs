using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>
/// One Azurite for the whole test run. test.sh starts it and passes its connection string in
/// <c>DSB_TEST_STORAGE</c>; a plain <c>dotnet test</c> starts one here from node_modules on free ports.
/// </summary>
public static class AzuriteServer
{
    const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static readonly Lazy<string> Connection = new(StartOrReuse, LazyThreadSafetyMode.ExecutionAndPublication);
    static Process? process;

    public static string ConnectionString => Connection.Value;

    static string StartOrReuse()
    {
        var given = Environment.GetEnvironmentVariable("DSB_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        var root = RepoPaths.Root;
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}. Run ./test.sh (or npm ci) first.");
        }

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        // Data in memory only, as test.sh's Azurite: nothing of a test run needs to outlive it.
        var start = new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        };

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(Listening(blob) && Listening(queue) && Listening(table)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Azurite did not start: " + process.StandardError.ReadToEnd());
            }

            Thread.Sleep(100);
        }

        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
               $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding package.json and DataStoryBot.sln.</summary>
    public static string Root { get; } = Find();

    static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !(File.Exists(Path.Combine(dir.FullName, "DataStoryBot.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json"))))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Could not find the repository root above " + AppContext.BaseDirectory);
    }
}
