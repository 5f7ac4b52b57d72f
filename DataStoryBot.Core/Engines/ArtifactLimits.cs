namespace DataStoryBot.Core.Engines;

/// <summary>
/// What any engine's refine may hand the pipeline: 2–4 charts, each a file of at most <see cref="MaxChartBytes"/>, and at
/// most one filtered dataset of at most <see cref="MaxDatasetBytes"/>. Engines enforce these; the workflow sizes its
/// copy backstop from them, so it needs no engine's type.
/// </summary>
public static class ArtifactLimits
{
    /// <summary>Largest chart file accepted.</summary>
    public const long MaxChartBytes = 10L * 1024 * 1024;

    /// <summary>Largest filtered dataset accepted.</summary>
    public const long MaxDatasetBytes = 50L * 1024 * 1024;

    /// <summary>Fewest charts a story needs.</summary>
    public const int MinCharts = 2;

    /// <summary>Most charts a story keeps.</summary>
    public const int MaxCharts = 4;
}
