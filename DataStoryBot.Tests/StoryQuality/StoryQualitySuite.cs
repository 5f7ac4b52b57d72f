using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Analyst;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.StoryQuality;

/// <summary>One expected story: an insight type and the columns its evidence must name (case-insensitive).</summary>
public sealed record ExpectedHit(string Type, IReadOnlyList<string> Columns);

/// <summary>A phrase no story may contain, and why.</summary>
public sealed record Forbidden(string Pattern, string Why);

/// <summary>One dataset and its expected story; <paramref name="Suite"/> is null for the original 39 and "r" for the R datasets.</summary>
public sealed record QualityDataset(string Name, string Source, string Expect, IReadOnlyList<ExpectedHit> Hits, IReadOnlyList<Forbidden>? MustNot, string? Suite = null);

public sealed record QualityFile(IReadOnlyList<Forbidden> GlobalMustNot, IReadOnlyList<Forbidden> TitleMustNot, IReadOnlyList<QualityDataset> Datasets);

/// <summary>What the engine said about one dataset, and how it compares with the expectation.</summary>
public sealed record QualityOutcome(QualityDataset Dataset, IReadOnlyList<StoryCandidate> Candidates, bool Hit, IReadOnlyList<string> Violations, int Fallbacks, string? Error);

/// <summary>
/// Runs the built-in analyst in process over every dataset of <c>datasets.json</c>: the file goes through the real
/// upload validator (for its profile), then discovery. No HTTP, no storage: the analyst alone.
/// </summary>
public static class StoryQualitySuite
{
    public const string StatsmodelsDatasets = "/usr/lib/python3/dist-packages/statsmodels/datasets";

    /// <summary>The suite's committed CSVs (R datasets exported by <c>regenerate.sh</c>), copied beside the test binaries.</summary>
    public static string TestDataDatasets => Path.Combine(AppContext.BaseDirectory, "TestData", "StoryQuality");

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static QualityFile LoadExpectations()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "StoryQuality", "datasets.json");
        return JsonSerializer.Deserialize<QualityFile>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException("Empty datasets.json.");
    }

    /// <summary>The file a source names, as CSV bytes (vega-datasets JSON arrays are converted to CSV here).</summary>
    public static byte[] ReadSource(string source)
    {
        var colon = source.IndexOf(':');
        var (kind, rest) = (source[..colon], source[(colon + 1)..]);
        switch (kind)
        {
            case "statsmodels":
                var path = Path.Combine(StatsmodelsDatasets, rest);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"{path} is missing: install Debian's python3-statsmodels (./test.sh and .ci/run do).");
                }
                return File.ReadAllBytes(path);
            case "vega":
                return File.ReadAllBytes(AnalystTestHelpers.VegaDataset(rest));
            case "vega-json":
                return JsonArrayToCsv(File.ReadAllBytes(AnalystTestHelpers.VegaDataset(rest)));
            case "testdata":
                var testData = Path.Combine(TestDataDatasets, rest);
                if (!File.Exists(testData))
                {
                    throw new FileNotFoundException($"{testData} is missing: the R datasets are committed under DataStoryBot.Tests/TestData/StoryQuality (regenerate.sh writes them).");
                }
                return File.ReadAllBytes(testData);
            default:
                throw new InvalidOperationException($"Unknown source kind {kind}.");
        }
    }

    /// <summary>A JSON array of flat objects as CSV: columns in first-seen key order, invariant numbers, RFC 4180 quoting.</summary>
    public static byte[] JsonArrayToCsv(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var keys = new List<string>();
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            foreach (var p in row.EnumerateObject())
            {
                if (!keys.Contains(p.Name)) keys.Add(p.Name);
            }
        }
        var sb = new StringBuilder();
        sb.AppendJoin(',', keys.Select(Quote)).Append('\n');
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            sb.AppendJoin(',', keys.Select(k => row.TryGetProperty(k, out var v) ? Quote(Value(v)) : "")).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());

        static string Value(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Number => v.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => v.GetRawText(),
        };

        static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    public static async Task<QualityOutcome> RunAsync(QualityFile file, QualityDataset dataset)
    {
        try
        {
            var bytes = ReadSource(dataset.Source);
            var validator = new UploadValidator(Options.Create(new DataStoryBotOptions()));
            var validation = await validator.ValidateAsync(new MemoryStream(bytes), dataset.Name + ".csv", Stream.Null);
            if (validation.Profile is not { } profile)
            {
                return new QualityOutcome(dataset, [], false, [], 0, $"upload rejected: {validation.Rejection?.Detail}");
            }
            using var fx = new EngineFixture();
            var (container, uploaded) = await fx.UploadTextAsync(Encoding.UTF8.GetString(bytes), dataset.Name + ".csv");
            var result = await fx.DiscoverAsync(container, uploaded, profile: profile);
            var candidates = result.Candidates;
            var hit = candidates.Any(c => dataset.Hits.Any(h => Matches(c, h)));
            var violations = new List<string>();
            foreach (var c in candidates)
            {
                var text = c.Title + " " + c.Summary;
                foreach (var f in file.GlobalMustNot.Concat(dataset.MustNot ?? []))
                {
                    if (Regex.IsMatch(text, f.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) violations.Add($"{f.Why}: \"{c.Title}\"");
                }
                foreach (var f in file.TitleMustNot)
                {
                    if (Regex.IsMatch(c.Title, f.Pattern, RegexOptions.CultureInvariant)) violations.Add($"{f.Why}: \"{c.Title}\"");
                }
            }
            if (candidates.Count < 3) violations.Add($"only {candidates.Count} candidates");
            var fallbacks = candidates.Count(c => c.Evidence.InsightType == "descriptive");
            return new QualityOutcome(dataset, candidates, hit, violations, fallbacks, null);
        }
        catch (Exception ex) when (ex is not FileNotFoundException)
        {
            return new QualityOutcome(dataset, [], false, [], 0, ex.GetType().Name + ": " + ex.Message);
        }
    }

    public static bool Matches(StoryCandidate c, ExpectedHit h) =>
        string.Equals(c.Evidence.InsightType, h.Type, StringComparison.Ordinal)
        && h.Columns.All(col => c.Evidence.Columns.Any(e => string.Equals(e, col, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The report: one block per dataset, then the hit rate, the fallback share and the violations.</summary>
    public static string Report(IReadOnlyList<QualityOutcome> outcomes)
    {
        var sb = new StringBuilder();
        foreach (var o in outcomes)
        {
            sb.Append(o.Hit ? "HIT  " : "MISS ").Append(o.Dataset.Name).Append(" — expected: ").Append(o.Dataset.Expect).Append('\n');
            if (o.Error is not null) sb.Append("     error: ").Append(o.Error).Append('\n');
            foreach (var c in o.Candidates)
            {
                sb.Append("     [").Append(c.Evidence.InsightType).Append("] ").Append(c.Title).Append("  {").AppendJoin(", ", c.Evidence.Columns).Append("}\n");
                sb.Append("        ").Append(c.Summary).Append('\n');
            }
            foreach (var v in o.Violations) sb.Append("     MUST NOT: ").Append(v).Append('\n');
        }
        sb.Append(Summary(outcomes)).Append('\n');
        return sb.ToString();
    }

    public static string Summary(IReadOnlyList<QualityOutcome> outcomes)
    {
        var hits = outcomes.Count(o => o.Hit);
        var stories = outcomes.Sum(o => o.Candidates.Count);
        var fallbacks = outcomes.Sum(o => o.Fallbacks);
        var violations = outcomes.Sum(o => o.Violations.Count);
        var withViolations = outcomes.Count(o => o.Violations.Count > 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"story quality: {hits}/{outcomes.Count} datasets hit ({100.0 * hits / outcomes.Count:0}%), fallback stories {fallbacks}/{stories} ({(stories == 0 ? 0 : 100.0 * fallbacks / stories):0}%), must-not violations {violations} in {withViolations} datasets, errors {outcomes.Count(o => o.Error is not null)}");
    }
}
