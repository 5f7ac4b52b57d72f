namespace DataStoryBot.Tests.InfraTemplates;

/// <summary>The drift test's own machinery, on small inputs: it must see settings and report drift.</summary>
public sealed class BicepSourceTests
{
    private const string Sample = """
        param engine string = 'builtin'
        param limit int = 52428800
        @secure()
        param key string = ''
        param computed string = toLower('X')
        var container = 'uploads'

        var appSettings = {
          // a comment with Fake__Commented: nothing
          Fake__Engine: engine
          'Fake__Limit': string(limit) // trailing comment
          Fake__Url: 'https://example.test/v1' // not part of the URL
          nested: {
            Fake__Inner: 'x'
          }
          PLAIN_SETTING: 'y'
        }
        """;

    public sealed class FakeOptions
    {
        public const string SectionName = "Fake";

        public string Engine { get; set; } = "builtin";
        public long Limit { get; set; } = 50L * 1024 * 1024;
        public Uri Url { get; set; } = new("https://example.test/v1");
        public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
        public bool Flag { get; set; }
        public FakeChild Child { get; set; } = new();
        public string ReadOnly => "computed";
    }

    public sealed class FakeChild
    {
        public int Depth { get; set; } = 3;
    }

    public sealed class FakeListOptions
    {
        public const string SectionName = "Lists";

        public List<string> Items { get; set; } = [];
    }

    [Fact]
    public void DoubleUnderscoreSettings_QuotedCommentedAndNestedKeys_ReadsRealPropertiesOnly()
    {
        var settings = BicepSource.DoubleUnderscoreSettings(Sample);

        Assert.Equal(["Fake__Engine", "Fake__Limit", "Fake__Url", "Fake__Inner"], settings.Select(s => s.Key));
        Assert.Equal("string(limit)", settings[1].Expression);
        Assert.Equal("'https://example.test/v1'", settings[2].Expression);
        Assert.Equal(10, settings[0].Line);
    }

    [Fact]
    public void SettingsObjects_SettingsVar_ReadsTopLevelKeysOnly()
    {
        var keys = BicepSource.SettingsObjects(Sample).Select(s => s.Key);

        Assert.Equal(["Fake__Engine", "Fake__Limit", "Fake__Url", "nested", "PLAIN_SETTING"], keys);
    }

    [Fact]
    public void LiteralDeclarations_ParamsAndVars_ReturnsOnlyLiteralValues()
    {
        var literals = BicepSource.LiteralDeclarations(Sample);

        Assert.Equal("builtin", literals["engine"]);
        Assert.Equal("52428800", literals["limit"]);
        Assert.Equal("", literals["key"]);
        Assert.Equal("uploads", literals["container"]);
        Assert.False(literals.ContainsKey("computed"));
    }

    [Theory]
    [InlineData("engine", "engine")]
    [InlineData("string(limit)", "limit")]
    [InlineData("string( limit )", "limit")]
    [InlineData("'literal'", null)]
    [InlineData("true", null)]
    [InlineData("a ? b : c", null)]
    [InlineData("identity.outputs.clientId", null)]
    public void ReferencedIdentifier_Expression_ReturnsPlainReferencesOnly(string expression, string? expected)
    {
        Assert.Equal(expected, BicepSource.ReferencedIdentifier(expression));
    }

    [Fact]
    public void StripComment_SlashesInsideString_AreKept()
    {
        Assert.Equal("x: 'https://a.test/v1'", BicepSource.StripComment("x: 'https://a.test/v1' // note"));
        Assert.Equal("x: 'it\\'s // fine'", BicepSource.StripComment("x: 'it\\'s // fine'"));
    }

    [Fact]
    public void For_OptionsClass_FlattensSettablePropertiesWithDefaults()
    {
        var keys = AppOptionKeys.For(typeof(FakeOptions));

        Assert.Equal(["Fake:Engine", "Fake:Limit", "Fake:Url", "Fake:Window", "Fake:Flag", "Fake:Child:Depth"], keys.Select(k => k.Key));
        Assert.Equal("Fake__Child__Depth", keys[^1].AppSettingName);
        Assert.Equal(3, keys[^1].DefaultValue);
    }

    [Fact]
    public void For_CollectionOption_ThrowsSoTheTestIsTaughtAboutIt()
    {
        Assert.Throws<NotSupportedException>(() => AppOptionKeys.For(typeof(FakeListOptions)));
    }

    [Theory]
    [InlineData("Fake:Window", "1.00:00:00", true)]
    [InlineData("Fake:Window", "24:00:00", false)] // TimeSpan reads 24:00:00 as 24 days
    [InlineData("Fake:Window", "23:00:00", false)]
    [InlineData("Fake:Limit", "52428800", true)]
    [InlineData("Fake:Limit", "5242880", false)]
    [InlineData("Fake:Url", "https://example.test/v1", true)]
    [InlineData("Fake:Url", "https://example.test/v2", false)]
    [InlineData("Fake:Flag", "False", true)]
    [InlineData("Fake:Flag", "true", false)]
    [InlineData("Fake:Engine", "Builtin", false)]
    public void MatchesDefault_SettingText_ComparesAsTheBinderWould(string key, string text, bool expected)
    {
        var option = AppOptionKeys.For(typeof(FakeOptions)).Single(k => k.Key == key);

        Assert.Equal(expected, AppOptionKeys.MatchesDefault(option, text));
    }

    [Fact]
    public void UnsetOptions_OptionAddedWithoutInfra_IsReported()
    {
        var options = AppOptionKeys.For(typeof(FakeOptions));
        var settings = BicepSource.DoubleUnderscoreSettings(Sample);

        var unset = InfraDrift.UnsetOptions(options, settings, new HashSet<string> { "Fake:Flag" });

        Assert.Equal(["Fake:Window", "Fake:Child:Depth"], unset);
    }

    [Fact]
    public void UnknownSettings_RenamedOption_IsReported()
    {
        var options = AppOptionKeys.For(typeof(FakeOptions));
        var settings = BicepSource.DoubleUnderscoreSettings(Sample.Replace("Fake__Engine", "Fake__Engin", StringComparison.Ordinal));

        var unknown = InfraDrift.UnknownSettings(settings, options);

        Assert.Equal(["Fake__Engin", "Fake__Inner"], unknown.Select(s => s.Key));
    }

    [Fact]
    public void UnknownSections_MisspeltSection_IsReportedButHostPrefixIsNot()
    {
        var options = AppOptionKeys.For(typeof(FakeOptions));
        BicepSetting[] settings =
        [
            new("Fkae__Engine", "engine", "f", 1),
            new("AzureWebJobsStorage__credential", "'managedidentity'", "f", 2),
            new("Fake__Engine", "engine", "f", 3),
        ];

        var unknown = InfraDrift.UnknownSections(settings, options, new HashSet<string> { "AzureWebJobsStorage" });

        Assert.Equal("Fkae__Engine", Assert.Single(unknown).Key);
    }
}
