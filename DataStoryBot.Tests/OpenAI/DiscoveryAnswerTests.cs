using System.Text.Json;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Engines.OpenAI;

namespace DataStoryBot.Tests.OpenAI;

public sealed class DiscoveryAnswerTests
{
    private static readonly Core.Csv.DatasetProfile Profile = TestCsv.Profile(TestCsv.Weather);

    /// <summary>A well-formed answer; the pieces can be replaced to break it.</summary>
    internal static string Answer(
        string columns = "\"temp_max\"",
        string pValue = "0.01",
        string firstTitle = "Warmer days",
        int count = 3,
        string statistic = "2.5")
    {
        var items = Enumerable.Range(1, count).Select(i =>
            "{\"title\": \"" + (i == 1 ? firstTitle : "Story " + i) + "\", \"summary\": \"One. Two.\", \"chartTypes\": [\"line\"], "
            + "\"evidence\": {\"test\": \"Mann-Kendall\", \"statistic\": " + statistic + ", \"pValue\": " + pValue
            + ", \"effectSize\": null, \"n\": 60, \"columns\": [" + columns + "]}}");
        return "{\"candidates\": [" + string.Join(",", items) + "]}";
    }

    [Fact]
    public void Parse_ValidAnswer_ReturnsThreeCandidatesWithProfileColumnSpelling()
    {
        var candidates = DiscoveryAnswer.Parse(Answer(columns: "\"TEMP_MAX\", \"weather\""), Profile);

        Assert.Equal(3, candidates.Count);
        Assert.Equal("Warmer days", candidates[0].Title);
        Assert.Equal(["temp_max", "weather"], candidates[0].Evidence.Columns);
        Assert.Equal(0.01, candidates[0].Evidence.PValue);
        Assert.Null(candidates[0].Evidence.EffectSize);
        Assert.Equal(60, candidates[0].Evidence.N);
    }

    [Fact]
    public void Parse_NullStatistic_IsAccepted()
    {
        var candidates = DiscoveryAnswer.Parse(Answer(statistic: "null", pValue: "null"), Profile);

        Assert.Null(candidates[2].Evidence.Statistic);
        Assert.Null(candidates[2].Evidence.PValue);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Parse_WrongCandidateCount_ThrowsInvalidResult(int count)
    {
        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse(Answer(count: count), Profile));

        Assert.Equal(EngineFailureKind.InvalidResult, e.Kind);
        Assert.Contains($"has {count} candidates", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_EmptyAnswer_ThrowsInvalidResult(string? text)
    {
        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse(text, Profile));

        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Parse_NotJson_ThrowsInvalidResult()
    {
        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse("Here are three stories: ...", Profile));

        Assert.Equal(EngineFailureKind.InvalidResult, e.Kind);
        Assert.Contains("not JSON", e.Message);
    }

    [Fact]
    public void Parse_UnknownColumn_ThrowsNamingIt()
    {
        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse(Answer(columns: "\"rainfall_mm\""), Profile));

        Assert.Contains("'rainfall_mm', which is not a column", e.Message);
    }

    [Fact]
    public void Parse_EmptyColumns_Throws()
    {
        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse(Answer(columns: ""), Profile));

        Assert.Contains("columns must be a non-empty array", e.Message);
    }

    [Fact]
    public void Parse_BlankTitle_Throws()
    {
        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse(Answer(firstTitle: " "), Profile));

        Assert.Contains("candidate 1: title must be a non-empty string", e.Message);
    }

    [Fact]
    public void Parse_DuplicateTitles_Throws()
    {
        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse(Answer(firstTitle: "story 2"), Profile));

        Assert.Contains("share the title", e.Message);
    }

    [Theory]
    [InlineData("3.0", "p-value 3 is outside [0, 1]")]
    [InlineData("-0.1", "p-value -0.1 is outside [0, 1]")]
    [InlineData("\"0.01\"", "pValue (\"0.01\") is not a number")]
    public void Parse_UnusablePValue_KeepsTheStoriesWithoutItAndNotesWhy(string pValue, string note)
    {
        var candidates = DiscoveryAnswer.Parse(Answer(pValue: pValue), Profile);

        Assert.Equal(3, candidates.Count);
        Assert.All(candidates, c =>
        {
            Assert.Null(c.Evidence.PValue);
            Assert.Equal(2.5, c.Evidence.Statistic);
            Assert.Contains(note, Assert.Single(c.Evidence.Notes!), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Parse_ValidNumbers_NoNotes()
    {
        Assert.All(DiscoveryAnswer.Parse(Answer(), Profile), c => Assert.Null(c.Evidence.Notes));
    }

    [Fact]
    public void Parse_MissingEvidence_Throws()
    {
        var text = Answer().Replace("\"evidence\"", "\"proof\"", StringComparison.Ordinal);

        var e = Assert.Throws<EngineException>(() => DiscoveryAnswer.Parse(text, Profile));

        Assert.Contains("evidence is missing", e.Message);
    }

    [Fact]
    public void Schema_EveryObject_IsStrictModeCompatible()
    {
        using var doc = JsonDocument.Parse(DiscoveryAnswer.Schema.ToString());
        var objects = 0;

        void Visit(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "object")
                {
                    objects++;
                    Assert.False(e.GetProperty("additionalProperties").GetBoolean());
                    var properties = e.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
                    var required = e.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToList();
                    Assert.Equal(properties, required);
                }

                foreach (var p in e.EnumerateObject())
                {
                    Visit(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Visit(item);
                }
            }
        }

        Visit(doc.RootElement);

        Assert.Equal(3, objects);
        var candidates = doc.RootElement.GetProperty("properties").GetProperty("candidates");
        Assert.Equal(3, candidates.GetProperty("minItems").GetInt32());
        Assert.Equal(3, candidates.GetProperty("maxItems").GetInt32());
    }
}
