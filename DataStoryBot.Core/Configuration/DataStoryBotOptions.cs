using System.ComponentModel.DataAnnotations;

namespace DataStoryBot.Core.Configuration;

/// <summary>Product settings, section <c>DataStoryBot</c>.</summary>
public sealed class DataStoryBotOptions
{
    public const string SectionName = "DataStoryBot";

    /// <summary>The workbook reader's defaults (<c>Workbooks/WorkbookLimits</c> takes them from here).</summary>
    public const long DefaultMaxUploadMemoryBytes = 256L * 1024 * 1024;
    public const int DefaultMaxWorkbookXmlDepth = 100;
    public const long DefaultMaxWorkbookXmlElements = 100_000_000;

    /// <summary><c>builtin</c> (default, offline, deterministic) or <c>openai</c>.</summary>
    [Required, RegularExpression("^(builtin|openai)$", ErrorMessage = "DataStoryBot:Engine must be 'builtin' or 'openai'.")]
    public string Engine { get; set; } = "builtin";

    /// <summary>Uploads above this size are rejected with 413 (default 50 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Uploads above this size get a "may be slow" warning (default 15 MB).</summary>
    [Range(1, long.MaxValue)]
    public long WarnUploadBytes { get; set; } = 15L * 1024 * 1024;

    /// <summary>Uploads whose header has more columns are rejected with 422 before any column is profiled.</summary>
    [Range(1, 100_000, ErrorMessage = "DataStoryBot:MaxColumns must be between 1 and 100000.")]
    public int MaxColumns { get; set; } = 2_000;

    /// <summary>
    /// Memory one workbook upload's reading may keep (shared strings, cell formats, merged ranges, sheet names
    /// together); a workbook that needs more is refused with 422 <c>workbook-too-complex</c>. Default 256 MB.
    /// </summary>
    [Range(16L * 1024 * 1024, 16L * 1024 * 1024 * 1024, ErrorMessage = "DataStoryBot:MaxUploadMemoryBytes must be between 16 MB and 16 GB.")]
    public long MaxUploadMemoryBytes { get; set; } = DefaultMaxUploadMemoryBytes;

    /// <summary>Nesting depth of any XML part of a workbook (Excel writes a dozen levels at most); deeper is refused with 422. Default 100.</summary>
    [Range(16, 10_000, ErrorMessage = "DataStoryBot:MaxWorkbookXmlDepth must be between 16 and 10000.")]
    public int MaxWorkbookXmlDepth { get; set; } = DefaultMaxWorkbookXmlDepth;

    /// <summary>XML elements of all a workbook's parts together (a 1,000,000-row, 5-column sheet has 11 million); more are refused with 422. Default 100 million.</summary>
    [Range(1_000, long.MaxValue, ErrorMessage = "DataStoryBot:MaxWorkbookXmlElements must be at least 1000.")]
    public long MaxWorkbookXmlElements { get; set; } = DefaultMaxWorkbookXmlElements;

    /// <summary>
    /// Time budget of one upload request, from the first byte read to the session opened (reading, validating and
    /// storing); past it the upload stops and answers 408. A client that disconnects stops it at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "DataStoryBot:UploadTimeout must be between 00:00:01 and 01:00:00.")]
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Above this many rows the engine samples, and the result says so.</summary>
    [Range(1, int.MaxValue)]
    public int SampleRowThreshold { get; set; } = 500_000;

    /// <summary>Hard limit on one model call (the OpenAI engine's network timeout).</summary>
    public TimeSpan ModelCallTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Deadline of one analysis phase (a durable timer raced against the work). Longer than the model call timeout.</summary>
    public TimeSpan PhaseDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sessions are removed this long after their last activity.</summary>
    public TimeSpan SessionRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long Idempotency-Key records are kept (at least 10 minutes).</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(1);
}
