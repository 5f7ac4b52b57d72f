using System.Globalization;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Analyst.Stories;
using Xunit;
using static DataStoryBot.Tests.Analyst.AnalystTestHelpers;

namespace DataStoryBot.Tests.Analyst;

/// <summary>The sample table of the text_terms kind for the contract test: incidents with a short description.</summary>
public sealed class TextTermsStorySample : IStoryKindSample
{
    public string Kind => "text_terms";

    public AnalysisTable Table() => AnalystTestHelpers.Table(TextTermsStoryTests.Incidents(400, seed: 3));
}

/// <summary>Words in free text (issue 21, item 4): terms, phrases and ids enriched in one category, told with counts.</summary>
public class TextTermsStoryTests
{
    private static readonly string[] Neutral =
    [
        "user", "reports", "issue", "since", "morning", "office", "team", "urgent", "again", "today", "help", "needed",
        "working", "problem", "colleague", "desk", "manager", "asked", "slow", "request", "check", "week", "yesterday", "customer",
    ];

    private static readonly string[] People = ["Ann Lee", "Bo Chen", "Cara Diaz", "Dev Patel", "Eli Moss", "Fay Young", "Gus Ortiz", "Hal Kim"];

    /// <summary>
    /// A realistic incident export: category, priority, state, opened date, assignee, hours spent and a short description
    /// written from per-category templates with typos ("printr", "Printer"), plurals, room numbers and filler words; a
    /// printer id (Printer546) is named in many hardware tickets.
    /// </summary>
    public static string Incidents(int n, int seed)
    {
        var rng = new Random(seed);
        var hardware = new[]
        {
            "{P} jammed again on floor {k}", "{p} not printing on floor {k}", "{p} out of toner in room {k}", "{P} offline in building {k}",
            "laptop screen flickering", "keyboard keys stuck", "monitor does not turn on", "{p}s offline in room {k}", "Printer546 paper jam on floor {k}",
            "{p} prints blank pages", "{p} driver missing on laptop",
        };
        var software = new[] { "Outlook crashes when opening attachments", "Excel freezes on large files", "cannot install Teams update", "Word document will not save", "license expired for Visio" };
        var network = new[] { "VPN disconnects every hour", "wifi slow in meeting room {k}", "cannot reach shared drive", "VPN login fails from home", "internet down in room {k}" };
        var access = new[] { "password reset needed", "account locked after password change", "need access to finance folder", "MFA token not working", "new starter needs an account", "cannot open payroll app" };
        var categories = new List<object?>();
        var descriptions = new List<object?>();
        var priorities = new List<object?>();
        var states = new List<object?>();
        var opened = new List<object?>();
        var assigned = new List<object?>();
        var hours = new List<object?>();
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble();
            var (category, templates) = u < 0.3 ? ("Hardware", hardware) : u < 0.6 ? ("Software", software) : u < 0.8 ? ("Network", network) : ("Access", access);
            var template = templates[rng.Next(templates.Length)];
            var printer = rng.NextDouble() switch { < 0.1 => "printr", < 0.3 => "Printer", _ => "printer" };
            var text = template.Replace("{P}", rng.NextDouble() < 0.5 ? "Printer546" : Cap(printer), StringComparison.Ordinal)
                .Replace("{p}", printer, StringComparison.Ordinal)
                .Replace("{k}", rng.Next(1, 40).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            text = string.Join(' ', new[] { text }.Concat(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Neutral[rng.Next(Neutral.Length)])));
            if (rng.NextDouble() < 0.5) text += " ref " + rng.Next(1000, 99999).ToString(CultureInfo.InvariantCulture);
            categories.Add(category);
            descriptions.Add(text);
            priorities.Add(new[] { "1 - Critical", "2 - High", "3 - Moderate", "4 - Low" }[rng.Next(4)]);
            states.Add(rng.NextDouble() < 0.55 ? "Closed" : rng.NextDouble() < 0.5 ? "Open" : "In Progress");
            opened.Add(new DateTime(2024, 1, 1).AddDays(rng.Next(0, 365)));
            assigned.Add(People[rng.Next(People.Length)]);
            hours.Add(Math.Round(Math.Exp(1 + 0.6 * Noise(1, seed * 1000 + i)[0]), 1));
        }
        return CsvText(("number", Box(Enumerable.Range(1, n).Select(i => $"INC{i:0000000}"))), ("opened", opened), ("category", categories), ("priority", priorities),
            ("state", states), ("assigned_to", assigned), ("hours_spent", hours), ("description", descriptions));

        static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
    }

    private static List<Insight> Enriched(AnalysisTable table) =>
        new TextTermsStory().Detect(table).Where(i => ((TextTermsDetail)i.Detail).Category is not null).ToList();

    private static string Words(Random rng, int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Neutral[rng.Next(Neutral.Length)]));

    [Fact]
    public void Load_ShortDescriptionColumn_IsKeptAsTextColumn()
    {
        var table = Table(Incidents(300, seed: 1));
        var description = Assert.IsType<TextColumn>(table.Find("description"));
        Assert.Contains(description.Values, v => v is not null && v.StartsWith("Printer546 jammed again on floor", StringComparison.Ordinal));
        Assert.Single(TextTermsStory.TextSources(table), s => s.Column.Name == "description");
        // An id column (no spaces) is not free text.
        Assert.DoesNotContain(TextTermsStory.TextSources(table), s => s.Column.Name == "number");
    }

    [Fact]
    public void Detect_TemplatedDescriptionsOfEachCategory_TellTheCategoryTermAndItsId()
    {
        // Each description is a template of its category (every text in one category); half the hardware texts name a
        // printer by its id, Printer546 most of all. 'printer' is what hardware incidents are about.
        var rng = new Random(4);
        string[] hardware = ["Laptop screen flickering", "Docking station not detected", "Keyboard not working", "Monitor has no signal"];
        string[] printers = ["Printer546", "Printer546", "Printer546", "Printer318", "Printer101"];
        string[] software = ["Excel crashes on start", "Cannot install update", "License expired for Visio", "Teams keeps freezing"];
        string[] network = ["VPN drops every hour", "Wifi slow on floor 3", "Cannot reach file share", "VPN login fails"];
        var rows = Enumerable.Range(0, 900).Select(i => (i % 3) switch
        {
            0 => ("Hardware", rng.Next(2) == 0 ? $"{printers[rng.Next(printers.Length)]} {(rng.Next(2) == 0 ? "jammed again" : "not printing")}" : hardware[rng.Next(hardware.Length)]),
            1 => ("Software", software[rng.Next(software.Length)]),
            _ => ("Network", network[rng.Next(network.Length)]),
        }).ToList();
        // A floor number makes the texts many (a text column, not a category of a few labels).
        rows = rows.Select(r => (r.Item1, $"{r.Item2} on floor {rng.Next(1, 15)}")).ToList();
        var table = Table(CsvText(("category", Box(rows.Select(r => r.Item1))), ("short_description", Box(rows.Select(r => r.Item2)))));
        var withPrinter = rows.Count(r => r.Item1 == "Hardware" && r.Item2.StartsWith("Printer", StringComparison.Ordinal));
        var with546 = rows.Count(r => r.Item2.StartsWith("Printer546", StringComparison.Ordinal));

        var insight = Assert.Single(Enriched(table), i => ((TextTermsDetail)i.Detail).Top[0].Term == "printer");

        var d = (TextTermsDetail)insight.Detail;
        Assert.Equal("Hardware", d.Group);
        Assert.Equal(withPrinter, d.Top[0].InGroup);
        Assert.Equal(0, d.Top[0].Elsewhere);
        Assert.EndsWith("Hardware short descriptions and in none of the others", insight.Title, StringComparison.Ordinal);
        Assert.Equal("Printer546", d.NamedId?.Term);
        Assert.Equal(with546, d.NamedId!.InGroup);
        Assert.Contains($"'Printer546' alone is in {with546} of them", insight.Summary, StringComparison.Ordinal);
        var output = StoryWriter.Write(table, insight);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
    }

    [Fact]
    public void Detect_WebAddressesInTweets_CountAsTheWordLinkNotAsItsPieces()
    {
        var rng = new Random(5);
        var rows = Enumerable.Range(0, 600).Select(i =>
        {
            var iphone = i % 2 == 0;
            var text = Words(rng, 6) + (iphone && rng.Next(10) < 7 ? $" https://t.co/{rng.Next(100000):x5}" : "") + (iphone && rng.Next(10) < 3 ? " Thank you Iowa!" : "");
            return (iphone ? "Twitter for iPhone" : "Twitter for Android", text);
        }).ToList();
        var table = Table(CsvText(("source", Box(rows.Select(r => r.Item1))), ("text", Box(rows.Select(r => r.Item2)))));

        var insight = Assert.Single(Enriched(table));

        var d = (TextTermsDetail)insight.Detail;
        Assert.Equal("Twitter for iPhone", d.Group);
        Assert.Equal("link", d.Top[0].Term);
        Assert.Equal(rows.Count(r => r.Item2.Contains("https://", StringComparison.Ordinal)), d.Top[0].InGroup);
        Assert.DoesNotContain(d.Top, t => t.Term is "co" or "https" or "t");
        Assert.Contains(d.Top, t => t.Term == "thank");
    }

    [Fact]
    public void Detect_PlantedEnrichedTerm_FoundWithItsCounts()
    {
        var rng = new Random(7);
        var rows = Enumerable.Range(0, 400).Select(i =>
        {
            var hardware = i % 2 == 0;
            var k = i / 2;
            var printer = hardware ? k < 120 : k < 5;
            return (Category: hardware ? "Hardware" : "Software", Text: (printer ? "printer " : "") + Words(rng, 4));
        }).ToList();
        var table = Table(CsvText(("category", Box(rows.Select(r => r.Category))), ("description", Box(rows.Select(r => r.Text)))));

        var insight = Assert.Single(Enriched(table));
        var d = (TextTermsDetail)insight.Detail;
        Assert.Equal(["description", "category"], insight.Columns);
        Assert.Equal("Hardware", d.Group);
        var lead = d.Top[0];
        Assert.Equal("printer", lead.Term);
        Assert.Equal(120, lead.InGroup);
        Assert.Equal(5, lead.Elsewhere);
        Assert.Equal(200, d.RowsInGroup);
        Assert.Equal(200, d.RowsElsewhere);
        Assert.Equal(0.6, lead.ShareIn, 9);
        Assert.Equal(0.025, lead.ShareOut, 9);
        Assert.True(lead.PAdjusted < 1e-6);
        Assert.Equal(120, d.LeadRows.Count);
        Assert.Equal("'printer' appears in 60% of Hardware descriptions, against 2.5% of the others", insight.Title);
    }

    [Fact]
    public void Detect_TemplatesWithTyposAndCapitals_CountsThemAsTheWord()
    {
        var table = Table(Incidents(800, seed: 5));
        var category = (CategoryColumn)table.Find("category")!;
        var text = (TextColumn)table.Find("description")!;
        // Counted independently of the engine: hardware rows naming a printer, however it is spelt, also through an id
        // named after it ("Printer42").
        var pattern = new Regex(@"\bprint(e)?rs?\d*\b", RegexOptions.IgnoreCase);
        var expected = Enumerable.Range(0, table.RowCount).Count(r => category.Labels[category.Codes[r]] == "Hardware" && pattern.IsMatch(text.Values[r]!));
        var plain = Enumerable.Range(0, table.RowCount).Count(r => category.Labels[category.Codes[r]] == "Hardware" && Regex.IsMatch(text.Values[r]!, @"\bprinters?\b", RegexOptions.IgnoreCase));
        Assert.True(expected > plain, "the generator wrote misspellings");

        var insight = Assert.Single(Enriched(table), i => i.Columns[1] == "category");
        var d = (TextTermsDetail)insight.Detail;
        Assert.Equal("Hardware", d.Group);
        var printer = Assert.Single(d.Top, t => t.Term == "printer");
        Assert.Equal(expected, printer.InGroup);
        Assert.Contains("printr", printer.Variants);
    }

    [Fact]
    public void Detect_IdInTheText_ConcentratedInOneCategory_IsReportedAsAnId()
    {
        var rng = new Random(11);
        var rows = Enumerable.Range(0, 600).Select(i =>
        {
            var category = new[] { "Hardware", "Software", "Network" }[i % 3];
            var id = category == "Hardware" ? rng.NextDouble() < 0.45 : rng.NextDouble() < 0.02;
            return (Category: category, Text: (id ? "INC0012345 follow-up: " : "") + Words(rng, 5));
        }).ToList();
        var table = Table(CsvText(("category", Box(rows.Select(r => r.Category))), ("description", Box(rows.Select(r => r.Text)))));

        var d = (TextTermsDetail)Assert.Single(Enriched(table)).Detail;
        Assert.Equal("Hardware", d.Group);
        Assert.Equal("INC0012345", d.Top[0].Term);
        Assert.True(d.Top[0].IsId);
        Assert.Equal(rows.Count(r => r.Category == "Hardware" && r.Text.StartsWith("INC0012345", StringComparison.Ordinal)), d.Top[0].InGroup);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Detect_RandomTextIndependentOfCategory_FindsNothing(int seed)
    {
        var rng = new Random(seed);
        // A Zipf-like vocabulary of 300 words: some words are common, none depends on the category.
        var vocabulary = Enumerable.Range(0, 300).Select(i => "w" + new string((char)('a' + i % 26), 1) + new string((char)('a' + i / 26 % 26), 1) + "x").ToArray();
        var weights = Enumerable.Range(1, vocabulary.Length).Select(r => 1.0 / r).ToArray();
        var total = weights.Sum();
        string Word()
        {
            var u = rng.NextDouble() * total;
            for (var i = 0; i < weights.Length; i++) { u -= weights[i]; if (u <= 0) return vocabulary[i]; }
            return vocabulary[^1];
        }
        var rows = Enumerable.Range(0, 1500).Select(_ => (Category: new[] { "A", "B", "C", "D", "E" }[rng.Next(5)], Text: string.Join(' ', Enumerable.Range(0, rng.Next(4, 10)).Select(_ => Word())))).ToList();
        var table = Table(CsvText(("group", Box(rows.Select(r => r.Category))), ("comment", Box(rows.Select(r => r.Text)))));
        Assert.NotEmpty(TextTermsStory.TextSources(table));

        Assert.Empty(new TextTermsStory().Detect(table));
    }

    [Fact]
    public void Detect_CategoryNameRepeatedInItsText_IsNotReported()
    {
        var rng = new Random(13);
        var rows = Enumerable.Range(0, 500).Select(i =>
        {
            var category = i % 2 == 0 ? "Hardware" : "Software";
            var own = rng.NextDouble() < 0.8 ? category.ToLowerInvariant() + " fault: " : "";
            var printer = category == "Hardware" && rng.NextDouble() < 0.4 ? "printer " : "";
            return (Category: category, Text: own + printer + Words(rng, 4));
        }).ToList();
        var table = Table(CsvText(("category", Box(rows.Select(r => r.Category))), ("description", Box(rows.Select(r => r.Text)))));

        var found = Enriched(table);
        var d = (TextTermsDetail)Assert.Single(found).Detail;
        Assert.Equal("printer", d.Top[0].Term);
        Assert.DoesNotContain(found.SelectMany(i => ((TextTermsDetail)i.Detail).Top.Concat(((TextTermsDetail)i.Detail).Others.Select(o => o.Term))),
            t => t.Term is "hardware" or "software");
    }

    [Fact]
    public void Detect_NamesOfThingsThatBelongToOneCategory_AreNotAStory()
    {
        // Strikes at airports: the airport's name repeats and always goes with its state, so "washington" in the DC
        // airports' names is a fact of the airports, not of the strikes.
        var rng = new Random(19);
        var cities = new[] { ("WASHINGTON", "DC"), ("DALLAS", "TX"), ("DENVER", "CO"), ("CHICAGO", "IL"), ("SACRAMENTO", "CA"), ("MIAMI", "FL"), ("BOSTON", "MA"), ("SEATTLE", "WA") };
        var kinds = new[] { "INTL ARPT", "REGIONAL", "MUNICIPAL", "FIELD", "EXECUTIVE", "COUNTY ARPT", "AIR PARK", "HELIPORT", "SEAPLANE BASE", "MEMORIAL" };
        var airports = Enumerable.Range(0, 80).Select(i =>
        {
            var (city, state) = cities[i % cities.Length];
            // Two of the ten DC airports do not carry the city's name, so the word is not simply the state's other name.
            var name = state == "DC" && i / cities.Length >= 8 ? "DULLES" : city;
            return (Name: $"{name} {kinds[i / cities.Length]} AIRPORT", State: state);
        }).ToList();
        var rows = Enumerable.Range(0, 1000).Select(_ => airports[rng.Next(airports.Count)]).ToList();
        // Named "Airport Name", the column is a name, not text that says something, and is not read at all.
        var named = Table(CsvText(("Airport Name", Box(rows.Select(r => r.Name))), ("Origin State", Box(rows.Select(r => r.State)))));
        Assert.DoesNotContain(TextTermsStory.TextSources(named), s => s.Column.Name == "Airport Name");
        // Under another name it is read, and the rule for words that always go with one value keeps it out.
        var table = Table(CsvText(("Airport", Box(rows.Select(r => r.Name))), ("Origin State", Box(rows.Select(r => r.State)))));
        Assert.Contains(TextTermsStory.TextSources(table), s => s.Column.Name == "Airport");

        Assert.Empty(Enriched(table));
    }

    [Fact]
    public void TextSources_RepeatedTwoWordNames_ArePeopleNotText()
    {
        var rng = new Random(23);
        var people = Enumerable.Range(0, 200).Select(i => $"Person{i} Surname{i % 37}").ToList();
        var callers = Enumerable.Range(0, 1000).Select(_ => people[rng.Next(people.Count)]).ToList();
        var table = Table(CsvText(("caller", Box(callers)), ("category", Box(callers.Select((_, i) => i % 3 == 0 ? "a" : "b")))));
        Assert.DoesNotContain(TextTermsStory.TextSources(table), s => s.Column.Name == "caller");
    }

    [Fact]
    public void Detect_IdInAFifthOfAllRows_IsTold_ButNotBelow()
    {
        static AnalysisTable Make(double share, int seed)
        {
            var rng = new Random(seed);
            var texts = Enumerable.Range(0, 400).Select(i => (i < share * 400 ? "SAP error on posting " : "") + Words(rng, 4)).ToList();
            return Table(CsvText(("subject", Box(texts))));
        }

        var frequent = Assert.Single(new TextTermsStory().Detect(Make(0.3, 17)));
        var d = (TextTermsDetail)frequent.Detail;
        Assert.Null(d.Category);
        Assert.Equal("SAP", d.Top[0].Term);
        Assert.Equal(120, d.Top[0].InGroup);
        Assert.Equal("'SAP' appears in 120 of the 400 subjects (30%)", frequent.Title);
        Assert.Empty(new TextTermsStory().Detect(Make(0.1, 17)));
    }

    [Fact]
    public void Write_EnrichedTerm_LeadsWithCountsListsTermsQuotesExamples()
    {
        var table = Table(Incidents(600, seed: 9));
        var insight = Enriched(table).First(i => i.Columns[1] == "category");
        var d = (TextTermsDetail)insight.Detail;

        var output = StoryWriter.Write(table, insight);

        var lead = d.Top[0];
        var first = output.Markdown.Split("\n\n")[1];
        Assert.Contains($"in {lead.InGroup} of the {d.RowsInGroup} (", first, StringComparison.Ordinal);
        Assert.Contains("Bonferroni", output.Markdown, StringComparison.Ordinal);
        Assert.Contains($"{d.Tested:#,0}", output.Markdown, StringComparison.Ordinal);
        Assert.True(Regex.Matches(output.Markdown, "^- “", RegexOptions.Multiline).Count is >= 2 and <= 3, "two or three quoted example texts");
        Assert.Equal(d.Top.Count, Regex.Matches(output.Markdown, @"^- '[^']+': \d+ of \d+ \(", RegexOptions.Multiline).Count);
        RefineTests.AssertNumbersAreFacts(output.Markdown, output.Facts);
        Assert.Equal(3, output.Charts.Count);
        var text = (TextColumn)table.Find("description")!;
        var category = (CategoryColumn)table.Find("category")!;
        Assert.Equal(lead.InGroup, output.SubsetRows!.Count);
        Assert.All(output.SubsetRows, r => Assert.Equal(d.Group, category.Labels[category.Codes[r]]));
        Assert.All(output.SubsetRows, r => Assert.NotNull(text.Values[r]));
    }

    [Fact]
    public void Discover_IncidentTableWithDescriptions_TellsTheTextStoryAmongTheThree()
    {
        var table = Table(Incidents(1200, seed: 21));

        var picked = StoryDiscovery.Discover(table, null);

        var story = Assert.Single(picked, i => i.Kind is TextTermsStory);
        Assert.Equal(["description", "category"], story.Columns);
        Assert.Equal("Hardware", ((TextTermsDetail)story.Detail).Group);
        Assert.Contains(((TextTermsDetail)story.Detail).Top[0].Term, new[] { "printer", "Printer546" });
        // Steering that asks about the words puts it first.
        Assert.IsType<TextTermsStory>(StoryDiscovery.Discover(table, "what do the descriptions say?")[0].Kind);
    }
}
