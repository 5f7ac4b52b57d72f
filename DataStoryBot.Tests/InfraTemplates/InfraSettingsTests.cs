using DataStoryBot.Core.Configuration;

namespace DataStoryBot.Tests.InfraTemplates;

/// <summary>
/// Keeps infra/ (the app settings the Bicep templates give the Function App) in step with the
/// configuration keys the app binds (the options classes). Reads the Bicep source; compiles nothing.
/// </summary>
public sealed class InfraSettingsTests
{
    /// <summary>
    /// Options deliberately left at the app's default in Azure. Keep this short; every entry needs a reason.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> LeftAtDefault = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // A folder on the instance's local disk. The default (under the system temp folder) is the one
        // writable local place on Flex Consumption; no Azure resource or parameter has a say in it.
        ["BuiltIn:ContainerRoot"] = "local scratch folder under the system temp folder",
        // Bounds against hostile workbooks (issue 23): safety limits of the parser, sized for the 2 GB instances the
        // templates deploy and for any workbook Excel writes; not something a deployment tunes.
        ["DataStoryBot:MaxUploadMemoryBytes"] = "per-upload memory budget (256 MB) fits every instance size the templates offer",
        ["DataStoryBot:MaxWorkbookXmlDepth"] = "XML nesting bound far above what Excel writes; a property of the format, not of the deployment",
        ["DataStoryBot:MaxWorkbookXmlElements"] = "element bound per workbook part far above what Excel writes; a property of the format, not of the deployment",
    };

    /// <summary>
    /// Options the templates set on purpose to something other than the app's default. Every entry needs a reason.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> DifferentInAzure = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // The default points at Azurite for local runs. In Azure the app must use the service URIs with the
        // managed identity (the account refuses shared keys), so the templates blank it out.
        ["Storage:ConnectionString"] = "Azurite default blanked; identity-based service URIs are used instead",
    };

    /// <summary>Prefixes of `__` settings read by the Functions host, not by the app's options.</summary>
    internal static readonly IReadOnlySet<string> HostPrefixes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AzureWebJobsStorage",
    };

    private static readonly Type[] KnownOptionsTypes =
    [
        typeof(DataStoryBotOptions),
        typeof(StorageOptions),
        typeof(OpenAIEngineOptions),
        typeof(BuiltInEngineOptions),
        typeof(HealthCheckOptions),
    ];

    private static IReadOnlyList<Type> OptionsTypes { get; } =
        AppOptionKeys.OptionsTypes(typeof(DataStoryBotOptions).Assembly);

    private static IReadOnlyList<OptionKey> Options { get; } = AppOptionKeys.For(OptionsTypes);

    private static IReadOnlyList<BicepSetting> TemplateSettings { get; } =
        InfraFiles.AllBicep().SelectMany(f => BicepSource.DoubleUnderscoreSettings(f.Text, f.Path)).ToList();

    [Fact]
    public void OptionsTypes_CoreAssembly_IncludeEveryKnownSection()
    {
        var missing = KnownOptionsTypes.Except(OptionsTypes).ToList();

        Assert.True(missing.Count == 0, $"Options classes not discovered: {string.Join(", ", missing)}");
        Assert.Contains(Options, o => o.Key == "DataStoryBot:Engine");
    }

    [Fact]
    public void TemplateSettings_UnderAppSections_AreRealOptions()
    {
        var unknown = InfraDrift.UnknownSettings(TemplateSettings, Options.ToList());

        Assert.True(unknown.Count == 0,
            "infra/ sets settings no option binds (typo, renamed or removed option):\n"
            + string.Join("\n", unknown.Select(s => $"  {s.File}:{s.Line} {s.Key}")));
    }

    [Fact]
    public void TemplateSettings_WithDoubleUnderscore_UseAnAppSectionOrHostPrefix()
    {
        var unknown = InfraDrift.UnknownSections(TemplateSettings, Options.ToList(), HostPrefixes);

        Assert.True(unknown.Count == 0,
            "infra/ sets settings under a section that is neither an options class's SectionName nor a host prefix:\n"
            + string.Join("\n", unknown.Select(s => $"  {s.File}:{s.Line} {s.Key}")));
    }

    [Fact]
    public void AppOptions_EveryBoundKey_IsSetByTemplatesOrLeftAtDefaultOnPurpose()
    {
        var unset = InfraDrift.UnsetOptions(Options.ToList(), TemplateSettings, LeftAtDefault.Keys.ToHashSet(StringComparer.Ordinal));

        Assert.True(unset.Count == 0,
            "Options the app binds that infra/main.bicep does not set (add an app setting and parameter, "
            + "or list the key in InfraSettingsTests.LeftAtDefault with a reason):\n  "
            + string.Join("\n  ", unset));
    }

    [Fact]
    public void AllowLists_EveryEntry_IsStillAccurate()
    {
        var optionKeys = Options.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var setKeys = TemplateSettings.Select(s => s.Key.Replace("__", ":", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        var stale = LeftAtDefault.Keys.Where(k => !optionKeys.Contains(k) || setKeys.Contains(k)).ToList();

        Assert.True(stale.Count == 0, $"Stale LeftAtDefault entries (no such option, or the templates set it): {string.Join(", ", stale)}");
        var staleOverrides = DifferentInAzure.Keys.Where(k => !setKeys.Contains(k)).ToList();
        Assert.True(staleOverrides.Count == 0, $"Stale DifferentInAzure entries (the templates do not set them): {string.Join(", ", staleOverrides)}");
    }

    [Fact]
    public void TemplateSettings_EachKey_IsSetInOnePlaceOnly()
    {
        var duplicates = TemplateSettings.GroupBy(s => s.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} at {string.Join(", ", g.Select(s => $"{s.File}:{s.Line}"))}")
            .ToList();

        Assert.True(duplicates.Count == 0, "Settings set more than once (union() would keep one silently):\n  " + string.Join("\n  ", duplicates));
    }

    [Fact]
    public void TemplateSettings_ReferencedIdentifiers_AreDeclaredInTheirFile()
    {
        var undeclared = new List<string>();
        foreach (var (path, text) in InfraFiles.AllBicep())
        {
            var declared = BicepSource.DeclaredNames(text, "param").Concat(BicepSource.DeclaredNames(text, "var")).ToHashSet(StringComparer.Ordinal);
            foreach (var setting in BicepSource.DoubleUnderscoreSettings(text, path))
            {
                var name = BicepSource.ReferencedIdentifier(setting.Expression);
                if (name is not null && !declared.Contains(name))
                {
                    undeclared.Add($"{path}:{setting.Line} {setting.Key} = {name}");
                }
            }
        }

        Assert.True(undeclared.Count == 0, "Settings referring to names the file does not declare:\n  " + string.Join("\n  ", undeclared));
    }

    [Fact]
    public void TemplateSettings_LiteralDefaults_MatchTheOptionsDefaults()
    {
        var options = Options.ToDictionary(o => o.AppSettingName, StringComparer.Ordinal);
        var compared = new List<string>();
        var mismatches = new List<string>();
        foreach (var (path, text) in InfraFiles.AllBicep())
        {
            var literals = BicepSource.LiteralDeclarations(text);
            foreach (var setting in BicepSource.DoubleUnderscoreSettings(text, path))
            {
                if (!options.TryGetValue(setting.Key, out var option))
                {
                    continue;
                }

                string? value = BicepSource.TryLiteral(setting.Expression, out var literal) ? literal
                    : BicepSource.ReferencedIdentifier(setting.Expression) is { } name && literals.TryGetValue(name, out var declared) ? declared
                    : null;
                if (value is null)
                {
                    continue; // computed in Azure (an endpoint, the identity's client id, a Key Vault reference)
                }

                compared.Add(option.Key);
                if (!DifferentInAzure.ContainsKey(option.Key) && !AppOptionKeys.MatchesDefault(option, value))
                {
                    mismatches.Add($"{path}:{setting.Line} {setting.Key}: template default '{value}', app default '{option.DefaultValue}'");
                }
            }
        }

        Assert.True(mismatches.Count == 0, "Template defaults that differ from the app's:\n  " + string.Join("\n  ", mismatches));
        // Guard against the check going vacuous if the reader stops seeing the parameters.
        Assert.Contains("DataStoryBot:MaxUploadBytes", compared);
        Assert.Contains("OpenAI:BreakerBreakDuration", compared);
        Assert.Contains("Storage:UploadsContainer", compared);
    }
}
