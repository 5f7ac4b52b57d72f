namespace DataStoryBot.Core.Configuration;

/// <summary>Settings of the built-in analyst, section <c>BuiltIn</c>.</summary>
public sealed class BuiltInEngineOptions
{
    public const string SectionName = "BuiltIn";

    /// <summary>Folder holding the local containers' files. Relative paths are under the system temp folder.</summary>
    public string ContainerRoot { get; set; } = "datastorybot-containers";

    /// <summary>Idle TTL of a local container, as OpenAI's 20 minutes; tests set seconds.</summary>
    public TimeSpan ContainerIdleTtl { get; set; } = TimeSpan.FromMinutes(20);
}
