using System.Reflection;
using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Analyst.Refine;
using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Analyst.Stories;

/// <summary>
/// One kind of story, in one class: how it is found in a table (<see cref="Detect"/>), how much a reader values it
/// (<see cref="Weight"/>), the words that ask for it in a user's steering, its name on the wire, and how it is told
/// (<see cref="Write"/>: narrative, charts, subset and the caveat that applies to it). Every concrete subclass in this
/// assembly is registered by <see cref="StoryKinds"/>; a new kind is one file, and a kind that cannot write its story
/// does not compile (<see cref="Write"/> is abstract).
/// </summary>
public abstract class StoryKind : IEquatable<StoryKind>
{
    /// <summary>The kind's name in a story's evidence (<c>evidence.insightType</c>): lower case with underscores, stable.</summary>
    public abstract string Name { get; }

    /// <summary>What a reader usually finds most telling first, 0..1 (change over time and relationships before shape).</summary>
    public abstract double Weight { get; }

    /// <summary>Words (prefixes) or phrases in a user's steering that ask for this kind of analysis.</summary>
    public virtual IReadOnlyList<string> SteeringWords => [];

    /// <summary>A story about a series over time; two such stories that share only the time axis are not facets of one another.</summary>
    public virtual bool IsAboutTime => false;

    /// <summary>A description that fills a slot when the data shows too few tested findings.</summary>
    public virtual bool IsFallback => false;

    /// <summary>A story told only as the answer to a user's question (steering that names its column and asks about
    /// it), never to fill a slot: "resolution time held steady" is news only to someone who asked whether it grew.</summary>
    public virtual bool OnlyWhenAsked => false;

    /// <summary>The one caveat that applies to this kind of story, or null.</summary>
    public virtual string? Caveat => null;

    /// <summary>
    /// Why what the story claims (the direction, the step, the fall, the peak, the extreme) disagrees with the data its
    /// chart plots, or null when it agrees. Discovery drops a story that contradicts its own chart (and logs why).
    /// </summary>
    public virtual string? Contradiction(Insight insight) => null;

    /// <summary>Every finding of this kind in the table, each with its test.</summary>
    public abstract IEnumerable<Insight> Detect(AnalysisTable table);

    /// <summary>Tells the story: paragraphs and facts into the draft's narrative, 2–4 charts, and the subset if any.</summary>
    public abstract void Write(StoryDraft draft);

    public bool Equals(StoryKind? other) => other is not null && other.GetType() == GetType();

    public override bool Equals(object? obj) => Equals(obj as StoryKind);

    public override int GetHashCode() => GetType().GetHashCode();

    public override string ToString() => Name;

    public static bool operator ==(StoryKind? a, StoryKind? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(StoryKind? a, StoryKind? b) => !(a == b);
}

/// <summary>A story kind whose findings all carry one detail record.</summary>
public abstract class StoryKind<TDetail> : StoryKind where TDetail : class
{
    public sealed override void Write(StoryDraft draft) =>
        Write(draft, draft.Insight.Detail as TDetail
            ?? throw new EngineException(EngineFailureKind.Unanalyzable, $"A {Name} story carries a {draft.Insight.Detail.GetType().Name}, not a {typeof(TDetail).Name}."));

    protected abstract void Write(StoryDraft draft, TDetail detail);

    public sealed override string? Contradiction(Insight insight) => insight.Detail is TDetail detail ? Contradiction(insight, detail) : null;

    /// <summary>See <see cref="StoryKind.Contradiction(Insight)"/>; by default a kind claims nothing a chart could contradict.</summary>
    protected virtual string? Contradiction(Insight insight, TDetail detail) => null;
}

/// <summary>The registry: every story kind of the analyst, found once by reflection, one instance each.</summary>
public static class StoryKinds
{
    private static readonly Lazy<IReadOnlyList<StoryKind>> Registered = new(() =>
        typeof(StoryKind).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(StoryKind)) && !t.IsAbstract)
            .Select(t => (StoryKind)(Activator.CreateInstance(t, nonPublic: true)
                ?? throw new InvalidOperationException($"Story kind {t.Name} needs a parameterless constructor.")))
            .OrderBy(k => k.Name, StringComparer.Ordinal)
            .ToList());

    /// <summary>Every kind, ordered by name.</summary>
    public static IReadOnlyList<StoryKind> All => Registered.Value;

    /// <summary>The kinds that find tested stories (not the descriptive fallback).</summary>
    public static IEnumerable<StoryKind> Detecting => All.Where(k => !k.IsFallback);

    /// <summary>The registered instance of <typeparamref name="T"/>.</summary>
    public static T Of<T>() where T : StoryKind => Cache<T>.Instance;

    /// <summary>The kind with this wire name, or null.</summary>
    public static StoryKind? Parse(string? name) => All.FirstOrDefault(k => k.Name == name);

    private static class Cache<T> where T : StoryKind
    {
        public static readonly T Instance = All.OfType<T>().Single();
    }
}

/// <summary>A story being written: the table and finding it is told from, and what the kind's writer adds to it.</summary>
public sealed class StoryDraft(AnalysisTable table, Insight insight)
{
    public AnalysisTable Table { get; } = table;

    public Insight Insight { get; } = insight;

    /// <summary>The narrative; every number goes in through it as a recorded fact.</summary>
    public NarrativeBuilder Text { get; } = new();

    public List<Charts.ChartImage> Charts { get; } = [];

    /// <summary>The rows of the table the story is about (the filtered dataset), or null.</summary>
    public IReadOnlyList<int>? SubsetRows { get; private set; }

    public string? SubsetDescription { get; private set; }

    public void Subset(IReadOnlyList<int>? rows, string? description)
    {
        SubsetRows = rows;
        SubsetDescription = rows is null ? null : description;
    }

    public void Subset((IReadOnlyList<int>? Rows, string? Description) subset) => Subset(subset.Rows, subset.Description);
}
