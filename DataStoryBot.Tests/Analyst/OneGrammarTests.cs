using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataStoryBot.Tests.Analyst;

/// <summary>
/// One grammar for the data (issue 13): every file of the upload tests' corpus that the upload accepts is loaded by the
/// analyst through its profile, and the two stages agree on every column's name, kind and missing count.
/// </summary>
public class OneGrammarTests
{
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Csv")).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task UploadAndAnalyst_SameFile_AgreeOnNamesKindsAndMissingCounts(string file)
    {
        var validator = new UploadValidator(Options.Create(new DataStoryBotOptions()));
        using var utf8 = new MemoryStream();
        await using var input = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "Csv", file));
        var result = await validator.ValidateAsync(input, file, utf8);
        if (result.Profile is not { } profile)
        {
            // Rejected uploads never reach the analyst: nothing to compare, but the rejection must be a clear 4xx.
            Assert.InRange(result.Rejection!.Status, 400, 499);
            return;
        }
        utf8.Position = 0;
        var table = CsvTableLoader.Load(utf8, CsvLoadOptions.FromProfile(profile, 500_000));

        Assert.Equal(profile.Columns.Select(c => c.Name), table.Columns.Select(c => c.Name));
        foreach (var (p, column) in profile.Columns.Zip(table.Columns))
        {
            Assert.NotNull(p.Role);
            var kindAgrees = p.Role switch
            {
                ColumnRole.Measure => column is NumericColumn { IsTime: false },
                ColumnRole.Time => column is DateColumn or NumericColumn { IsTime: true },
                ColumnRole.Category => column is CategoryColumn or TextColumn,
                _ => column is TextColumn,
            };
            Assert.True(kindAgrees, $"{file}: column {p.Name} is {p.Type}/{p.Role} in the profile but {column.GetType().Name} in the analyst");
            Assert.True(p.NullCount == column.MissingCount, $"{file}: column {p.Name} has {p.NullCount} missing in the profile, {column.MissingCount} in the analyst");
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Discover_EveryAcceptedCorpusFile_StoriesOrAClearUnanalyzableError(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Csv", file));
        var validator = new UploadValidator(Options.Create(new DataStoryBotOptions()));
        using var utf8 = new MemoryStream();
        var result = await validator.ValidateAsync(new MemoryStream(bytes), file, utf8);
        if (result.Profile is not { } profile) return;
        using var fx = new EngineFixture();
        var (container, uploaded) = await fx.UploadTextAsync(System.Text.Encoding.UTF8.GetString(utf8.ToArray()), file);
        try
        {
            var discovery = await fx.DiscoverAsync(container, uploaded, profile: profile);
            Assert.InRange(discovery.Candidates.Count, 1, 3);
            var refined = await fx.RefineAsync(container, uploaded, discovery.Candidates[0], profile);
            Assert.InRange(refined.Charts.Count, 1, 4);
        }
        catch (Core.Engines.EngineException e) when (e.Kind == Core.Engines.EngineFailureKind.Unanalyzable)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("?")]
    [InlineData("--")]
    [InlineData("NA")]
    public void MissingTokens_OneSet_ForUploadAndAnalyst(string token)
    {
        var bytesSayMissing = CsvValueParser.IsNull(System.Text.Encoding.UTF8.GetBytes(token));
        var charsSayMissing = CsvValueParser.IsNull(token.AsSpan());
        Assert.Equal(bytesSayMissing, charsSayMissing);
    }

    [Fact]
    public void Load_DuplicateHeaders_UsesTheProfilesRepairedNames()
    {
        var csv = "v,V,v,\n1,2,3,4\n5,6,7,8\n";
        var profile = AnalystTestHelpers.ProfileOf(csv);
        var table = AnalystTestHelpers.Table(csv);
        Assert.Equal(profile.Columns.Select(c => c.Name), table.Columns.Select(c => c.Name));
        Assert.Equal(4, table.Columns.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
