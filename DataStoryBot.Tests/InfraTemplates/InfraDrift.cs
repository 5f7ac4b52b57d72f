namespace DataStoryBot.Tests.InfraTemplates;

/// <summary>Compares the app settings the templates set with the configuration keys the app binds.</summary>
internal static class InfraDrift
{
    /// <summary>Template settings under an app section that no option binds (typos, renamed or removed options).</summary>
    public static IReadOnlyList<BicepSetting> UnknownSettings(IEnumerable<BicepSetting> settings, IReadOnlyCollection<OptionKey> options)
    {
        var sections = SectionsOf(options);
        var known = options.Select(o => o.AppSettingName).ToHashSet(StringComparer.Ordinal);
        return settings
            .Where(s => sections.Contains(FirstSegment(s.Key)) && !known.Contains(s.Key))
            .ToList();
    }

    /// <summary>Template settings whose first segment is neither an app section nor an allowed host prefix (a misspelt section).</summary>
    public static IReadOnlyList<BicepSetting> UnknownSections(
        IEnumerable<BicepSetting> settings, IReadOnlyCollection<OptionKey> options, IReadOnlySet<string> hostPrefixes)
    {
        var sections = SectionsOf(options);
        return settings
            .Where(s => !sections.Contains(FirstSegment(s.Key)) && !hostPrefixes.Contains(FirstSegment(s.Key)))
            .ToList();
    }

    /// <summary>Options the app binds that the templates neither set nor list as intentionally left at their default.</summary>
    public static IReadOnlyList<string> UnsetOptions(
        IReadOnlyCollection<OptionKey> options, IEnumerable<BicepSetting> settings, IReadOnlySet<string> allowList)
    {
        var set = settings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return options
            .Where(o => !set.Contains(o.AppSettingName) && !allowList.Contains(o.Key))
            .Select(o => o.Key)
            .ToList();
    }

    private static HashSet<string> SectionsOf(IEnumerable<OptionKey> options) =>
        options.Select(o => o.Key.Split(':')[0]).ToHashSet(StringComparer.Ordinal);

    private static string FirstSegment(string settingName)
    {
        var index = settingName.IndexOf("__", StringComparison.Ordinal);
        return index < 0 ? settingName : settingName[..index];
    }
}
