using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace DataStoryBot.Tests.InfraTemplates;

/// <summary>Checks of the azd template's shape that `bicep build` cannot make: identity-only access, azd wiring.</summary>
public sealed partial class AzdTemplateTests
{
    private static IReadOnlyList<(string Path, string Text)> Bicep { get; } = InfraFiles.AllBicep();

    private static IReadOnlyList<BicepSetting> AllSettings { get; } =
        Bicep.SelectMany(f => BicepSource.SettingsObjects(f.Text, f.Path)).ToList();

    private static string MainBicep => InfraFiles.Read("infra", "main.bicep");

    [Fact]
    public void HostSettings_AzureWebJobsStorage_IsIdentityBasedOnBlobQueueAndTable()
    {
        var settings = AllSettings.ToDictionary(s => s.Key, s => s.Expression, StringComparer.Ordinal);

        // The Durable Task Azure Storage backend needs all three services (queues for messages, tables for history).
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", settings.Keys);
        Assert.Contains("AzureWebJobsStorage__queueServiceUri", settings.Keys);
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", settings.Keys);
        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("AzureWebJobsStorage__clientId", settings.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void HostSettings_SiteRoot_HomepageDisabledSoThePageFunctionAnswers()
    {
        var settings = AllSettings.ToDictionary(s => s.Key, s => s.Expression, StringComparer.Ordinal);

        Assert.Equal("'true'", settings["AzureWebJobsDisableHomepage"]);
    }

    [Fact]
    public void AppSettings_FlexConsumption_HoldNoSettingThePlanRejects()
    {
        // Flex Consumption takes the runtime and package from functionAppConfig and rejects these settings.
        string[] rejected =
        [
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED",
        ];

        var found = AllSettings.Where(s => rejected.Contains(s.Key, StringComparer.OrdinalIgnoreCase)).Select(s => $"{s.File}:{s.Line} {s.Key}").ToList();

        Assert.True(found.Count == 0, "Settings Flex Consumption rejects: " + string.Join(", ", found));
    }

    [Fact]
    public void FunctionApp_Runtime_MatchesTheTargetFramework()
    {
        var targetFramework = XDocument.Parse(InfraFiles.Read("Directory.Build.props"))
            .Descendants("TargetFramework").Single().Value;
        var api = InfraFiles.Read("infra", "app", "api.bicep");

        Assert.Matches(@"^net\d+\.\d+$", targetFramework);
        Assert.Contains("runtimeName: 'dotnet-isolated'", api, StringComparison.Ordinal);
        Assert.Contains($"runtimeVersion: '{targetFramework["net".Length..]}'", api, StringComparison.Ordinal);
        Assert.Contains("name: 'FC1'", InfraFiles.Read("infra", "core", "host", "functions-flexconsumption.bicep"), StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_AnyFile_HoldNoStorageKeyOrConnectionString()
    {
        string[] forbidden = ["listKeys(", "AccountKey=", "SharedAccessSignature", "UseDevelopmentStorage", "allowSharedKeyAccess: true", "disableLocalAuth: false"];

        var hits = Bicep.SelectMany(f => forbidden.Where(word => f.Text.Contains(word, StringComparison.OrdinalIgnoreCase)).Select(word => $"{f.Path}: {word}")).ToList();

        Assert.True(hits.Count == 0, "Key-based access in infra/: " + string.Join(", ", hits));
        Assert.Contains("allowSharedKeyAccess: false", InfraFiles.Read("infra", "core", "storage", "storage-account.bicep"), StringComparison.Ordinal);
        Assert.Equal("''", AllSettings.Single(s => s.Key == "Storage__ConnectionString").Expression);
    }

    [Fact]
    public void AppSettings_SecureParameters_ReachTheAppOnlyThroughKeyVault()
    {
        var secureParams = SecureParameter().Matches(MainBicep).Select(m => m.Groups["name"].Value).ToList();
        var direct = AllSettings.Where(s => secureParams.Any(p => Regex.IsMatch(s.Expression, $@"\b{p}\b"))).Select(s => s.Key).ToList();

        Assert.Contains("openAIApiKey", secureParams);
        Assert.Contains("healthCheckKey", secureParams);
        Assert.True(direct.Count == 0, "Settings that carry a secure parameter in clear: " + string.Join(", ", direct));
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", MainBicep, StringComparison.Ordinal);
    }

    [Fact]
    public void StorageSettings_ConfiguredContainersAndTables_AreCreated()
    {
        var settings = AllSettings.ToDictionary(s => s.Key, s => s.Expression, StringComparer.Ordinal);
        var containers = ArrayItems(MainBicep, "containers");
        var tables = ArrayItems(MainBicep, "tables");

        string ValueOf(string key) =>
            settings.TryGetValue(key, out var value) ? value : throw new Xunit.Sdk.XunitException($"{key} is not set in a *Settings object");

        Assert.Contains(ValueOf("Storage__UploadsContainer"), containers);
        Assert.Contains(ValueOf("Storage__ArtifactsContainer"), containers);
        Assert.Contains(ValueOf("Storage__SessionsTable"), tables);
        Assert.Contains(ValueOf("Storage__IdempotencyTable"), tables);
        Assert.Contains(ValueOf("Storage__HealthTable"), tables);
        Assert.Contains("deploymentContainer", containers);
    }

    [Fact]
    public void Rbac_Identity_GetsEveryDataRoleTheAppAndDurableNeed()
    {
        var rbac = InfraFiles.Read("infra", "app", "rbac.bicep");
        var roles = new Dictionary<string, string>
        {
            ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
            ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
            ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
            ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
            ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
            ["Cognitive Services OpenAI User"] = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
        };

        var missing = roles.Where(r => !rbac.Contains(r.Value, StringComparison.OrdinalIgnoreCase)).Select(r => r.Key).ToList();

        Assert.True(missing.Count == 0, "Roles not assigned in infra/app/rbac.bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void MainParameters_EveryEntry_IsDeclaredWithTheSameDefault()
    {
        using var json = JsonDocument.Parse(InfraFiles.Read("infra", "main.parameters.json"));
        var declared = BicepSource.DeclaredNames(MainBicep, "param");
        var literals = BicepSource.LiteralDeclarations(MainBicep);
        var problems = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);

        foreach (var parameter in json.RootElement.GetProperty("parameters").EnumerateObject())
        {
            listed.Add(parameter.Name);
            if (!declared.Contains(parameter.Name))
            {
                problems.Add($"{parameter.Name}: not a parameter of main.bicep");
                continue;
            }

            var value = parameter.Value.GetProperty("value").GetString() ?? "";
            var fallback = EnvDefault().Match(value);
            if (fallback.Success && literals.TryGetValue(parameter.Name, out var bicepDefault)
                && !string.Equals(fallback.Groups["default"].Value, bicepDefault, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{parameter.Name}: azd default '{fallback.Groups["default"].Value}' but main.bicep default '{bicepDefault}'");
            }
        }

        // Parameters without a default must come from azd.
        problems.AddRange(RequiredParameter().Matches(MainBicep).Select(m => m.Groups["name"].Value)
            .Where(name => !listed.Contains(name)).Select(name => $"{name}: required but not in main.parameters.json"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains("environmentName", listed);
    }

    [Fact]
    public void MainBicep_Outputs_AreUpperSnakeCase()
    {
        var outputs = Output().Matches(MainBicep).Select(m => m.Groups["name"].Value).ToList();

        Assert.Contains("SERVICE_API_NAME", outputs);
        Assert.All(outputs, name => Assert.Matches("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", name));
    }

    [Fact]
    public void AzureYaml_ApiService_IsTheFunctionsProjectTaggedInBicep()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(InfraFiles.Read("azure.yaml")));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        var (serviceName, serviceNode) = Assert.Single(services.Children);
        var service = (YamlMappingNode)serviceNode;
        string Scalar(string key) => ((YamlScalarNode)service.Children[new YamlScalarNode(key)]).Value ?? "";

        var projectFolder = Path.GetFullPath(Path.Combine(InfraFiles.RepositoryRoot, Scalar("project")));
        var csproj = Path.Combine(projectFolder, Path.GetFileName(projectFolder.TrimEnd(Path.DirectorySeparatorChar)) + ".csproj");

        Assert.Equal("function", Scalar("host"));
        Assert.Equal("dotnet", Scalar("language"));
        Assert.True(File.Exists(csproj), $"azure.yaml points at {projectFolder}, which holds no {Path.GetFileName(csproj)}");
        Assert.Contains("<AzureFunctionsVersion>", File.ReadAllText(csproj), StringComparison.Ordinal);
        Assert.Contains($"'azd-service-name': '{((YamlScalarNode)serviceName).Value}'", InfraFiles.Read("infra", "app", "api.bicep"), StringComparison.Ordinal);
    }

    /// <summary>The identifiers or literals listed in a <c>NAME: [ ... ]</c> array in main.bicep.</summary>
    private static List<string> ArrayItems(string text, string property)
    {
        var match = Regex.Match(text, $@"^\s*{property}:\s*\[(?<body>[^\]]*)\]", RegexOptions.Multiline);
        Assert.True(match.Success, $"main.bicep has no '{property}: [' array");
        return match.Groups["body"].Value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    [GeneratedRegex(@"@secure\(\)\s*(?:@\w+\([^\n]*\)\s*)*param\s+(?<name>\w+)")]
    private static partial Regex SecureParameter();

    [GeneratedRegex(@"^\$\{\w+=(?<default>[^}]*)\}$")]
    private static partial Regex EnvDefault();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+\w+\s*$", RegexOptions.Multiline)]
    private static partial Regex RequiredParameter();

    [GeneratedRegex(@"^output\s+(?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex Output();
}
