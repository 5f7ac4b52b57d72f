namespace DataStoryBot.Core.Retention;

/// <summary>
/// The retention sweep, section <c>Retention</c>. How long sessions are kept is <c>DataStoryBot:SessionRetention</c>
/// (default 24 hours since last activity); this says when the sweep runs.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>NCRONTAB schedule (six fields) of the sweep, used by the timer trigger as <c>%Retention:Schedule%</c>. Default: hourly at minute 15.</summary>
    public string Schedule { get; set; } = "0 15 * * * *";
}
