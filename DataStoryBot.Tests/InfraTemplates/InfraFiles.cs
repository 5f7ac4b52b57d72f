namespace DataStoryBot.Tests.InfraTemplates;

/// <summary>Finds the repository's infrastructure files from the test output folder.</summary>
internal static class InfraFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string InfraFolder => Path.Combine(RepositoryRoot, "infra");

    public static string MainBicepPath => Path.Combine(InfraFolder, "main.bicep");

    public static string Read(params string[] relativeToRoot) =>
        File.ReadAllText(Path.Combine([RepositoryRoot, .. relativeToRoot]));

    /// <summary>Every Bicep file under infra/, as (path relative to the root, text).</summary>
    public static IReadOnlyList<(string Path, string Text)> AllBicep() =>
        Directory.EnumerateFiles(InfraFolder, "*.bicep", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(RepositoryRoot, p), File.ReadAllText(p)))
            .ToList();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataStoryBot.sln"))
                && File.Exists(Path.Combine(dir.FullName, "infra", "main.bicep")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds both DataStoryBot.sln and infra/main.bicep.");
    }
}
