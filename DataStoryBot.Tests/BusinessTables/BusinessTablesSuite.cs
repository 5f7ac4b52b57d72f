using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Tests.Analyst;
using DataStoryBot.Tests.StoryQuality;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Tests.BusinessTables;

/// <summary>How a candidate must look to count as a documented finding (see docs/business-tables.md).</summary>
/// <param name="Columns">Every one must be in the candidate's evidence columns (case-insensitive).</param>
/// <param name="AnyColumns">At least one must be in the evidence columns (e.g. either timestamp of a duration); none when empty.</param>
/// <param name="Text">A case-insensitive regex over the title and summary (and the refined narrative when <paramref name="Where"/> names it).</param>
/// <param name="Where">"title|summary" (default) or "title|summary|narrative".</param>
public sealed record FindingMatch(IReadOnlyList<string>? Columns, IReadOnlyList<string>? AnyColumns, string Text, string? Where);

/// <summary>One documented finding: what an analyst would say, with the numbers computed outside the engine.</summary>
public sealed record DocumentedFinding(string Id, bool Top, string Need, string Finding, FindingMatch Match);

public sealed record BusinessTable(string Name, string Source, string Noun, string Rows, string? Steering, IReadOnlyList<DocumentedFinding> Findings, IReadOnlyList<Forbidden> MustNot);

public sealed record BusinessTablesFile(IReadOnlyList<Forbidden> GlobalMustNot, IReadOnlyList<BusinessTable> Tables);

/// <summary>
/// A candidate as the suite judges it: the discovery candidate, its refined narrative (empty when refining failed) and
/// the facts refine recorded for it (every number of the narrative, with the columns it was computed from).
/// </summary>
public sealed record JudgedCandidate(StoryCandidate Candidate, string Narrative, IReadOnlyList<NarrativeFact>? Facts = null);

public sealed record TableOutcome(BusinessTable Table, IReadOnlyList<JudgedCandidate> Candidates, IReadOnlyList<string> Found, IReadOnlyList<string> Violations, string? Error, TimeSpan Elapsed)
{
    /// <summary>For a missed finding, where discovery had it: the rank of the first detected insight that matches it
    /// (among all insights, by steered score, before the diverse pick), or that none did.</summary>
    public IReadOnlyDictionary<string, string> Diagnoses { get; init; } = new Dictionary<string, string>();

    /// <summary>The findings found only in a narrative (not in any title or summary), with the story (1–3) that tells it.</summary>
    public IReadOnlyDictionary<string, (int Story, string Paragraph)> FoundInNarrative { get; init; } = new Dictionary<string, (int, string)>();

    /// <summary>What the analyst calls a row of the table ("incidents"; "rows" when nothing says).</summary>
    public string Noun { get; init; } = "rows";

    /// <summary>Structure told as a supporting fact in a narrative (the same patterns as <see cref="Violations"/>).</summary>
    public IReadOnlyList<string> SupportingViolations { get; init; } = [];

    public IEnumerable<DocumentedFinding> Missed => Table.Findings.Where(f => !Found.Contains(f.Id));
}

/// <summary>
/// The business-tables suite (issue 21): for every table of <c>findings.json</c>, the upload validator's profile, the
/// built-in engine's discovery (with the table's steering) and a refine of each candidate; a documented finding is found
/// when one of the three candidates matches it, in its title and summary (<see cref="Matches"/>) or in one paragraph of
/// its narrative's story whose stated facts carry the finding's columns (<see cref="MatchesNarrative"/>).
/// </summary>
public static class BusinessTablesSuite
{
    public static readonly string[] Needs = ["duration", "rate", "standout", "text", "trend", "share", "no_change", "other"];

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static BusinessTablesFile Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "BusinessTables", "findings.json");
        return JsonSerializer.Deserialize<BusinessTablesFile>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException("Empty findings.json.");
    }

    public static string DataFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "BusinessTables");

    /// <summary>The CSV text of a table: <c>synthetic:name</c> from the generator, <c>file:name.csv</c> from the committed exports.</summary>
    public static string ReadSource(string source)
    {
        var colon = source.IndexOf(':');
        var (kind, rest) = (source[..colon], source[(colon + 1)..]);
        return kind switch
        {
            "synthetic" => BusinessTableGenerator.Tables[rest]().ToCsv(),
            "file" => File.ReadAllText(Path.Combine(DataFolder, rest)),
            _ => throw new InvalidOperationException($"Unknown source kind {kind}."),
        };
    }

    public static async Task<TableOutcome> RunAsync(BusinessTablesFile file, BusinessTable table)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var csv = ReadSource(table.Source);
            var bytes = Encoding.UTF8.GetBytes(csv);
            var validator = new UploadValidator(Options.Create(new DataStoryBotOptions()));
            var validation = await validator.ValidateAsync(new MemoryStream(bytes), table.Name + ".csv", Stream.Null);
            if (validation.Profile is not { } profile)
            {
                return new TableOutcome(table, [], [], [], $"upload rejected: {validation.Rejection?.Detail}", clock.Elapsed);
            }
            using var fx = new EngineFixture();
            var (container, uploaded) = await fx.UploadTextAsync(csv, table.Name + ".csv");
            var discovery = await fx.DiscoverAsync(container, uploaded, table.Steering, profile);
            var judged = new List<JudgedCandidate>();
            foreach (var c in discovery.Candidates)
            {
                string narrative;
                IReadOnlyList<NarrativeFact> facts;
                try
                {
                    var refined = await fx.RefineAsync(container, uploaded, c, profile, discovery.Candidates.Where(o => o != c).ToList()); // as a session refines: the other two are its siblings
                    narrative = Encoding.UTF8.GetString(await fx.DownloadAsync(container, refined.Narrative.FileId));
                    facts = refined.Facts;
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
                {
                    narrative = "";
                    facts = [];
                }
                judged.Add(new JudgedCandidate(c, narrative, facts));
            }
            var loaded = DataStoryBot.Core.Analyst.Data.CsvTableLoader.Load(new MemoryStream(bytes), DataStoryBot.Core.Analyst.Data.CsvLoadOptions.FromProfile(profile, 500_000));
            // A fact names the analyst's columns; a derived one (a duration, a date's month, a band) stands for the file's columns it is computed from.
            var prepared = DataStoryBot.Core.Analyst.StoryDiscovery.Prepare(loaded);
            Func<string, IEnumerable<string>> sources = prepared.SourcesOf;
            var found = new List<string>();
            var inNarrative = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
            foreach (var f in table.Findings)
            {
                if (judged.Any(j => Matches(j, f.Match)))
                {
                    found.Add(f.Id);
                    continue;
                }
                var k = judged.FindIndex(j => MatchesNarrative(j, f.Match, sources));
                if (k < 0) continue;
                found.Add(f.Id);
                inNarrative[f.Id] = (k + 1, MatchingParagraph(judged[k], f.Match, sources)!);
            }
            var violations = new List<string>();
            var supportingViolations = new List<string>();
            for (var k = 0; k < judged.Count; k++)
            {
                var j = judged[k];
                var text = j.Candidate.Title + " " + j.Candidate.Summary;
                foreach (var f in file.GlobalMustNot.Concat(table.MustNot))
                {
                    if (Regex.IsMatch(text, f.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) violations.Add($"{f.Why}: \"{j.Candidate.Title}\"");
                    foreach (var paragraph in SupportingParagraphs(j).Where(p => Regex.IsMatch(p, f.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
                    {
                        supportingViolations.Add($"{f.Why}: in the narrative of story {k + 1}: \"{paragraph}\"");
                    }
                }
            }
            return new TableOutcome(table, judged, found, violations, null, clock.Elapsed) { Diagnoses = Diagnose(table, loaded, found), FoundInNarrative = inNarrative, SupportingViolations = supportingViolations, Noun = prepared.Noun };
        }
        catch (Exception ex) when (ex is not FileNotFoundException)
        {
            return new TableOutcome(table, [], [], [], ex.GetType().Name + ": " + ex.Message, clock.Elapsed);
        }
    }

    /// <summary>Where each missed finding stood among all the insights discovery detected (see <see cref="TableOutcome.Diagnoses"/>).</summary>
    private static Dictionary<string, string> Diagnose(BusinessTable table, DataStoryBot.Core.Analyst.Data.AnalysisTable loaded, List<string> found)
    {
        var missed = table.Findings.Where(f => !found.Contains(f.Id)).ToList();
        var diagnoses = new Dictionary<string, string>(StringComparer.Ordinal);
        if (missed.Count == 0) return diagnoses;
        var ranked = DataStoryBot.Core.Analyst.StoryDiscovery.Ranked(loaded, table.Steering);
        foreach (var f in missed)
        {
            var rank = ranked.FindIndex(i => Matches(new JudgedCandidate(i.ToCandidate(), ""), f.Match));
            diagnoses[f.Id] = rank < 0
                ? $"not detected (none of {ranked.Count} insights matches)"
                : $"detected at rank {rank + 1} of {ranked.Count}: [{ranked[rank].Kind.Name}] {ranked[rank].Title}";
        }
        return diagnoses;
    }

    /// <summary>
    /// Whether a candidate tells a documented finding: all <see cref="FindingMatch.Columns"/> and one of
    /// <see cref="FindingMatch.AnyColumns"/> in its evidence, and the text pattern in its title and summary (or narrative).
    /// </summary>
    public static bool Matches(JudgedCandidate judged, FindingMatch match)
    {
        var evidence = judged.Candidate.Evidence.Columns;
        bool Named(string column) => evidence.Any(e => string.Equals(e, column, StringComparison.OrdinalIgnoreCase));
        if (!(match.Columns ?? []).All(Named)) return false;
        if (match.AnyColumns is { Count: > 0 } any && !any.Any(Named)) return false;
        var text = judged.Candidate.Title + "\n" + judged.Candidate.Summary;
        if ((match.Where ?? "").Contains("narrative", StringComparison.OrdinalIgnoreCase)) text += "\n" + judged.Narrative;
        return Regex.IsMatch(text, match.Text, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Whether a candidate's narrative tells a documented finding: one paragraph of the narrative's story (the lead, the
    /// story's own paragraphs and the supporting facts; not the "How we know" evidence, not the caveats) matches the
    /// finding's text pattern, and the recorded facts that paragraph states carry all its <see cref="FindingMatch.Columns"/>
    /// and one of its <see cref="FindingMatch.AnyColumns"/> (a fact's column counts as the file columns
    /// <paramref name="sources"/> gives for it, e.g. a duration as its two timestamps).
    /// </summary>
    public static bool MatchesNarrative(JudgedCandidate judged, FindingMatch match, Func<string, IEnumerable<string>>? sources = null) =>
        MatchingParagraph(judged, match, sources) is not null;

    /// <summary>The first paragraph of the narrative's story that tells the finding (<see cref="MatchesNarrative"/>), or null.</summary>
    public static string? MatchingParagraph(JudgedCandidate judged, FindingMatch match, Func<string, IEnumerable<string>>? sources = null)
    {
        var facts = judged.Facts ?? [];
        foreach (var paragraph in StoryParagraphs(judged.Narrative))
        {
            var told = Regex.Matches(paragraph, match.Text, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (told.Count == 0 || told.All(m => HeldFixed(paragraph, m, facts, match.Text))) continue;
            var columns = StatedColumns(facts, paragraph, sources);
            if (!(match.Columns ?? []).All(columns.Contains)) continue;
            if (match.AnyColumns is { Count: > 0 } any && !any.Any(columns.Contains)) continue;
            return paragraph;
        }
        return null;
    }

    /// <summary>
    /// Whether the words a finding's pattern matched only name a value held fixed on both sides of a comparison ("Friday
    /// 32% against 27%" in "it holds within each weekday, the share late for SEA against the others: …"): the two figures
    /// that follow the words are facts computed both within that value (their computations name it), so the comparison is
    /// of something else, and the value is a stratum, not the finding told.
    /// </summary>
    public static bool HeldFixed(string paragraph, Match told, IReadOnlyList<NarrativeFact> facts, string pattern)
    {
        if (told.Length == 0) return false;
        var end = told.Index + told.Length;
        var next = facts.Select(f => (Fact: f, At: FirstAt(paragraph, f.Text, end))).Where(x => x.At >= 0).GroupBy(x => x.At).OrderBy(g => g.Key).Take(2).ToList();
        if (next.Count < 2) return false;
        // Only the words and the two figures right after them: "Friday 32% against 27%".
        if (paragraph[end..next[0].Key].Trim().Trim(':').Length > 0) return false;
        var between = paragraph[next[0].Key..next[1].Key];
        if (between.Contains(';', StringComparison.Ordinal) || between.Contains(". ", StringComparison.Ordinal)) return false;
        return next.All(g => g.Any(x => Regex.IsMatch(x.Fact.Computation, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));

        static int FirstAt(string text, string figure, int from)
        {
            if (figure.Length == 0) return -1;
            var m = Regex.Match(text[from..], @"(?<![\p{L}\p{N}]|[.,](?=\p{N}))" + Regex.Escape(figure) + @"(?![\p{L}\p{N}%]|[.,]\p{N})", RegexOptions.CultureInvariant);
            return m.Success ? from + m.Index : -1;
        }
    }

    /// <summary>
    /// The paragraphs of a narrative's story, as plain text: everything after the heading and before the first
    /// "## How we know" or "## Caveats" section, split at blank lines (a list item is a paragraph of its own), subheadings
    /// left out, Markdown escapes removed.
    /// </summary>
    public static IEnumerable<string> StoryParagraphs(string narrative)
    {
        var lines = narrative.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var paragraph = new StringBuilder();
        foreach (var line in lines)
        {
            if (line is "## How we know" or "## Caveats") break;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("- ", StringComparison.Ordinal))
            {
                if (paragraph.Length > 0) yield return paragraph.ToString();
                paragraph.Clear();
                if (line.StartsWith("- ", StringComparison.Ordinal)) yield return Unescape(line[2..]);
                continue;
            }
            if (paragraph.Length > 0) paragraph.Append(' ');
            paragraph.Append(Unescape(line));
        }
        if (paragraph.Length > 0) yield return paragraph.ToString();

        static string Unescape(string text) => Regex.Replace(text, @"\\([^\p{L}\p{N}\s])", "$1");
    }

    /// <summary>
    /// The columns the facts a paragraph states carry (with the file columns <paramref name="sources"/> gives for a
    /// derived one). A figure several facts share (two computations that both gave "6") carries only the columns all of
    /// them carry: which of them the paragraph states cannot be told.
    /// </summary>
    public static HashSet<string> StatedColumns(IReadOnlyList<NarrativeFact> facts, string paragraph, Func<string, IEnumerable<string>>? sources) =>
        facts.Where(f => States(paragraph, f.Text)).GroupBy(f => f.Text, StringComparer.Ordinal)
            .SelectMany(g => g.Select(f => f.Columns.SelectMany(c => (sources?.Invoke(c) ?? []).Append(c)).ToHashSet(StringComparer.OrdinalIgnoreCase))
                .Aggregate((x, y) => { x.IntersectWith(y); return x; }))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The supporting facts of a narrative (the paragraphs under <see cref="NarrativeBuilder.SupportingHeading"/>), each
    /// with the columns its stated facts carry: what the suite checks against the structure patterns, as it checks a
    /// title and summary (the column names stand in for the title's words, which a supporting sentence may leave out).
    /// </summary>
    public static IEnumerable<string> SupportingParagraphs(JudgedCandidate judged)
    {
        var marker = "## " + NarrativeBuilder.SupportingHeading + "\n";
        var at = judged.Narrative.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) yield break;
        foreach (var paragraph in StoryParagraphs("# x\n\n" + judged.Narrative[(at + marker.Length)..]))
        {
            yield return paragraph + " {" + string.Join(", ", StatedColumns(judged.Facts ?? [], paragraph, null).Order(StringComparer.Ordinal)) + "}";
        }
    }

    /// <summary>Whether <paramref name="text"/> states the figure <paramref name="figure"/> on its own (not inside a longer number or word).</summary>
    public static bool States(string text, string figure)
    {
        if (figure.Length == 0) return false;
        var pattern = @"(?<![\p{L}\p{N}]|[.,](?=\p{N}))" + Regex.Escape(figure) + @"(?![\p{L}\p{N}%]|[.,]\p{N})";
        return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant);
    }

    public static double FoundShare(IReadOnlyList<TableOutcome> outcomes, bool topOnly = false)
    {
        var findings = outcomes.SelectMany(o => o.Table.Findings.Where(f => !topOnly || f.Top).Select(f => (o, f))).ToList();
        return findings.Count == 0 ? 0 : findings.Count(x => x.o.Found.Contains(x.f.Id)) / (double)findings.Count;
    }

    /// <summary>The report: per table its three titles, found and missed findings and violations; then the figures.</summary>
    public static string Report(IReadOnlyList<TableOutcome> outcomes, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        foreach (var o in outcomes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"== {o.Table.Name} ({o.Table.Source}) — found {o.Found.Count}/{o.Table.Findings.Count}, {o.Elapsed.TotalSeconds:0.0} s");
            if (o.Table.Steering is not null) sb.Append(" — steering: \"").Append(o.Table.Steering).Append('"');
            sb.Append('\n');
            if (o.Error is not null) sb.Append("   error: ").Append(o.Error).Append('\n');
            foreach (var j in o.Candidates)
            {
                var c = j.Candidate;
                sb.Append("   [").Append(c.Evidence.InsightType).Append("] ").Append(c.Title).Append("  {").AppendJoin(", ", c.Evidence.Columns).Append("}\n");
                sb.Append("      ").Append(c.Summary).Append('\n');
            }
            foreach (var f in o.Table.Findings)
            {
                sb.Append(o.Found.Contains(f.Id) ? "   FOUND  " : "   missed ").Append(f.Top ? "(top) " : "").Append(f.Id).Append(" [").Append(f.Need).Append("]: ").Append(f.Finding).Append('\n');
                if (o.FoundInNarrative.TryGetValue(f.Id, out var told))
                {
                    sb.Append("          FOUND in narrative of story ").Append(told.Story).Append(": \"").Append(told.Paragraph.Length > 240 ? told.Paragraph[..240] + "…" : told.Paragraph).Append("\"\n");
                }
                if (o.Diagnoses.TryGetValue(f.Id, out var diagnosis)) sb.Append("          ").Append(diagnosis).Append('\n');
            }
            foreach (var v in o.Violations) sb.Append("   MUST NOT: ").Append(v).Append('\n');
            foreach (var v in o.SupportingViolations) sb.Append("   MUST NOT (supporting fact): ").Append(v).Append('\n');
        }
        sb.Append('\n').Append(Summary(outcomes, elapsed)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The narratives of every table's three stories (the suite writes them beside the report).</summary>
    public static string Narratives(IReadOnlyList<TableOutcome> outcomes)
    {
        var sb = new StringBuilder();
        foreach (var o in outcomes)
        {
            for (var k = 0; k < o.Candidates.Count; k++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"======== {o.Table.Name}, story {k + 1}\n").Append(o.Candidates[k].Narrative).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>Narratives whose "What goes with it" section carries at least two supporting facts (issue 21: "the two or
    /// three supporting facts an analyst would add").</summary>
    public static int NarrativesWithTwoFacts(IReadOnlyList<TableOutcome> outcomes) =>
        outcomes.SelectMany(o => o.Candidates).Count(j => SupportingParagraphs(j).Count() >= 2);

    public static string Summary(IReadOnlyList<TableOutcome> outcomes, TimeSpan elapsed)
    {
        var all = outcomes.Sum(o => o.Table.Findings.Count);
        var found = outcomes.Sum(o => o.Found.Count);
        var top = outcomes.Sum(o => o.Table.Findings.Count(f => f.Top));
        var topFound = outcomes.Sum(o => o.Table.Findings.Count(f => f.Top && o.Found.Contains(f.Id)));
        var inNarrative = outcomes.Sum(o => o.FoundInNarrative.Count);
        var violating = outcomes.Sum(o => o.Candidates.Count(j => o.Violations.Any(v => v.EndsWith($"\"{j.Candidate.Title}\"", StringComparison.Ordinal))));
        var byNeed = string.Join(", ", Needs.Select(need =>
        {
            var fs = outcomes.SelectMany(o => o.Table.Findings.Where(f => f.Need == need).Select(f => o.Found.Contains(f.Id))).ToList();
            return fs.Count == 0 ? null : $"{need} {fs.Count(x => x)}/{fs.Count}";
        }).Where(s => s is not null));
        var narratives = outcomes.SelectMany(o => o.Candidates).ToList();
        var facts = narratives.Sum(j => SupportingParagraphs(j).Count());
        return string.Create(CultureInfo.InvariantCulture,
            $"business tables: {outcomes.Count} tables, findings found {found}/{all} ({FoundShare(outcomes):P0}; {inNarrative} of them only in a narrative), top-three found {topFound}/{top} ({FoundShare(outcomes, true):P0}); by need: {byNeed}; structure-violating stories {violating} ({outcomes.Sum(o => o.Violations.Count)} violations), structure in supporting facts {outcomes.Sum(o => o.SupportingViolations.Count)}; narratives with supporting facts {narratives.Count(j => SupportingParagraphs(j).Any())}/{narratives.Count}, with two or more {NarrativesWithTwoFacts(outcomes)}/{narratives.Count}, supporting facts {facts} ({(narratives.Count == 0 ? 0 : facts / (double)narratives.Count):0.00} per narrative); candidates per table {string.Join(" ", outcomes.Select(o => o.Candidates.Count))}; errors {outcomes.Count(o => o.Error is not null)}; run time {elapsed.TotalSeconds:0} s");
    }
}
