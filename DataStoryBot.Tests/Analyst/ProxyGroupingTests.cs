using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>A grouping whose differences on a measure another grouping holds (island, where species decides it) is not told.</summary>
public class ProxyGroupingTests
{
    private static IReadOnlyList<object?> Box<T>(IEnumerable<T> values) => values.Select(v => (object?)v).ToList();

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>
    /// Birds of three species on three islands, laid out like the Palmer penguins: Gentoo only on Biscoe, Chinstrap only
    /// on Dream, Adelie on all three; mass set by the species, plus <paramref name="islandEffect"/> grams on Biscoe.
    /// </summary>
    private static string Birds(double islandEffect, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<(string Species, string Island, double Mass)>();
        void Add(string species, string island, int n, double mean)
        {
            for (var i = 0; i < n; i++) rows.Add((species, island, Math.Round(mean + (island == "Biscoe" ? islandEffect : 0) + 300 * Normal(rng))));
        }
        Add("Adelie", "Biscoe", 44, 3700);
        Add("Adelie", "Dream", 56, 3700);
        Add("Adelie", "Torgersen", 52, 3700);
        Add("Chinstrap", "Dream", 68, 3730);
        Add("Gentoo", "Biscoe", 124, 5070);
        rows = rows.OrderBy(_ => rng.Next()).ToList();
        return CsvText(("species", Box(rows.Select(r => r.Species))), ("island", Box(rows.Select(r => r.Island))), ("body_mass_g", Box(rows.Select(r => r.Mass))));
    }

    [Fact]
    public void Discover_IslandDifferencesAreTheSpeciesMix_TellsSpeciesNotIsland()
    {
        var table = Table(Birds(islandEffect: 0, seed: 3));
        var dropped = new List<string>();
        var ranked = StoryDiscovery.Ranked(table, steering: null);
        StoryDiscovery.Discover(table, null, contradicted: (i, why) => dropped.Add(i.Title + " | " + why));

        Assert.Contains(ranked, i => i.Kind is SegmentStory && i.Columns.SequenceEqual(["species", "body_mass_g"]));
        Assert.DoesNotContain(ranked, i => i.Kind is SegmentStory && i.Columns.SequenceEqual(["island", "body_mass_g"]));
        Assert.Contains(dropped, d => d.Contains("differs sharply by island", StringComparison.Ordinal) && d.Contains("the species mix", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_IslandAddsItsOwnDifferenceWithinSpecies_KeepsIsland()
    {
        // Biscoe's birds 900 g heavier than the same species elsewhere: the island says something the species does not.
        var ranked = StoryDiscovery.Ranked(Table(Birds(islandEffect: 900, seed: 3)), steering: null);

        Assert.Contains(ranked, i => i.Kind is SegmentStory && i.Columns.SequenceEqual(["island", "body_mass_g"]));
    }
}

/// <summary>A category's groups that sit at one end of the lead link (the heaviest species has the longest flippers) are told beside it.</summary>
public class GroupsAlongTheLinkTests
{
    private static IReadOnlyList<object?> Box<T>(IEnumerable<T> values) => values.Select(v => (object?)v).ToList();

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Discover_HeaviestSpeciesHasLongestFlippers_TellsTheSpeciesOnTheLinkBesideIt()
    {
        // Gentoo far heavier with longer flippers; flipper length follows mass within species too; beak length differs
        // by species a little more than flipper length does, led by Chinstrap.
        var rng = new Random(11);
        var rows = new List<(string Species, double Mass, double Flipper, double Beak)>();
        foreach (var (species, n, mass, beak) in new[] { ("Adelie", 150, 3700.0, 38.8), ("Chinstrap", 68, 3730.0, 49.6), ("Gentoo", 124, 5070.0, 47.4) })
        {
            for (var i = 0; i < n; i++)
            {
                var m = mass + 400 * Normal(rng);
                rows.Add((species, Math.Round(m), Math.Round(137 + 0.0152 * m + (species == "Gentoo" ? 8 : 0) + 5 * Normal(rng)), Math.Round(beak + 3.6 * Normal(rng), 1)));
            }
        }
        var csv = CsvText(("species", Box(rows.Select(r => r.Species))), ("body_mass_g", Box(rows.Select(r => r.Mass))),
            ("flipper_length_mm", Box(rows.Select(r => r.Flipper))), ("beak_length_mm", Box(rows.Select(r => r.Beak))));

        var picked = StoryDiscovery.Discover(Table(csv), null);

        Assert.IsType<CorrelationStory>(picked[0].Kind);
        Assert.True(picked[1].Detail is SegmentDetail { Category: "species", Measure: "body_mass_g" or "flipper_length_mm" } d && d.Groups[0].Label == "Gentoo", picked[1].Title);
    }
}
