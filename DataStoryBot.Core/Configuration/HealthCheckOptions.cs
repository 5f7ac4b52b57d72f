namespace DataStoryBot.Core.Configuration;

/// <summary>Synthetic health check, section <c>HealthCheck</c>.</summary>
public sealed class HealthCheckOptions
{
    public const string SectionName = "HealthCheck";

    /// <summary>NCRONTAB schedule (six fields) used by the timer trigger as <c>%HealthCheck:Schedule%</c>.</summary>
    public string Schedule { get; set; } = "0 */5 * * * *";

    /// <summary>How long one synthetic check may take end to end before it counts as failed (timed out). Shorter than the schedule's period.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Key that unlocks health details (header <c>X-Health-Key</c>). Empty: details are never shown.</summary>
    public string? Key { get; set; }
}
