using DataStoryBot.Core.Csv;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Sessions;

namespace DataStoryBot.Core.Http;

public sealed record FileView(string Name, long SizeBytes, string Encoding, CsvDelimiter Delimiter, DecimalMark DecimalSeparator, long RowCount,
    long RaggedRowCount, string Sha256, IReadOnlyList<ColumnProfile> Columns, IReadOnlyList<IReadOnlyList<string>> Sample,
    IReadOnlyList<WorkbookSheet>? Sheets = null);

public sealed record StoryView(string StoryId, string Title, string Summary, IReadOnlyList<string> ChartTypes, StoryEvidence Evidence, bool Refined, string Url);

/// <param name="Alt">A short text description of what the chart plots, for the page's alt text and screen readers.</param>
/// <param name="DataUrl">The plotted points as CSV, when the engine wrote them.</param>
/// <param name="SpecUrl">A Vega-Lite v5 spec over those points, when the engine wrote one.</param>
public sealed record ChartView(string ChartId, string? Title, string Url, long Bytes, string Sha256, string Alt, string? DataUrl, string? SpecUrl);

public sealed record RefinedStoryView(string StoryId, string Title, string JobId, string NarrativeUrl, IReadOnlyList<ChartView> Charts, string? DatasetUrl,
    string FactsUrl, EngineProvenance Provenance, string DataSha256, DateTimeOffset CompletedAt);

/// <summary>One story: the discovered candidate and, once refined, its narrative, charts and dataset.</summary>
public sealed record StoryDetailView(StoryView Story, RefinedStoryView? Refined);

public sealed record ActiveJobView(string Kind, string JobId, string StatusUrl);

public sealed record SessionView(
    string SessionId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    FileView File,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<StoryView> Stories,
    EngineProvenance? DiscoveryProvenance,
    IReadOnlyList<RefinedStoryView> Refined,
    IReadOnlyList<ActiveJobView> ActiveJobs,
    IReadOnlyDictionary<string, JobProblem> LastErrors,
    IReadOnlyDictionary<string, string> Links);

public static class SessionViews
{
    public static FileView File(string name, DatasetProfile p) =>
        new(name, p.SizeBytes, p.Encoding, p.Delimiter, p.DecimalSeparator, p.RowCount, p.RaggedRowCount, p.Sha256, p.Columns, p.Sample, p.Sheets);

    public static SessionView Build(SessionRecord s, DatasetProfile profile)
    {
        var stories = s.Discovery?.Stories.Select(st => StoryOf(s, st)).ToList() ?? [];
        var refined = s.Refinements.Select(r => RefinedOf(s, r)).ToList();
        var active = s.ActiveJobs.Select(j => new ActiveJobView(j.Key, j.Value, ApiLinks.Job(j.Value))).ToList();
        return new SessionView(s.SessionId, s.Status.ToName(), s.CreatedAt, s.LastActivityAt, File(s.FileName, profile), profile.Warnings, stories,
            s.Discovery?.Provenance, refined, active, s.Failures,
            new Dictionary<string, string> { ["self"] = ApiLinks.Session(s.SessionId), ["analyze"] = ApiLinks.Analyze(s.SessionId), ["refine"] = ApiLinks.Refine(s.SessionId) });
    }

    /// <summary>The story <paramref name="storyId"/> of the session's current discovery, or null.</summary>
    public static StoryDetailView? Story(SessionRecord s, string storyId)
    {
        var story = s.Discovery?.Stories.FirstOrDefault(st => st.StoryId == storyId);
        if (story is null)
        {
            return null;
        }

        var refined = s.Refinements.FirstOrDefault(r => r.StoryId == storyId);
        return new StoryDetailView(StoryOf(s, story), refined is null ? null : RefinedOf(s, refined));
    }

    /// <summary>The result of job <paramref name="jobId"/> while it is still the session's current one.</summary>
    public static JobResultView? ResultOf(SessionRecord s, string jobId, string? storyId)
    {
        if (storyId is null)
        {
            return s.Discovery is { } discovery && discovery.JobId == jobId
                ? new JobResultView(discovery.Stories.Select(st => StoryOf(s, st)).ToList(), null)
                : null;
        }

        return s.Refinements.Any(r => r.StoryId == storyId && r.JobId == jobId) && Story(s, storyId) is { } story
            ? new JobResultView(null, story)
            : null;
    }

    static StoryView StoryOf(SessionRecord s, StoredStory st) =>
        new(st.StoryId, st.Candidate.Title, st.Candidate.Summary, st.Candidate.ChartTypes, st.Candidate.Evidence,
            s.Refinements.Any(r => r.StoryId == st.StoryId), ApiLinks.Story(s.SessionId, st.StoryId));

    static RefinedStoryView RefinedOf(SessionRecord s, StoredRefinement r) =>
        new(r.StoryId, r.Title, r.JobId,
            ApiLinks.Narrative(s.SessionId, r.StoryId),
            r.Charts.Select(c => new ChartView(c.ChartId, c.Title, ApiLinks.Chart(s.SessionId, r.StoryId, c.ChartId), c.Bytes, c.Sha256,
                c.Alt ?? c.Title ?? $"Chart {c.ChartId}",
                c.DataBlob is null ? null : ApiLinks.ChartData(s.SessionId, r.StoryId, c.ChartId),
                c.SpecBlob is null ? null : ApiLinks.ChartSpec(s.SessionId, r.StoryId, c.ChartId))).ToList(),
            r.DatasetBlob is null ? null : ApiLinks.Dataset(s.SessionId, r.StoryId),
            ApiLinks.Facts(s.SessionId, r.StoryId), r.Provenance, r.DataSha256, r.CompletedAt);
}
