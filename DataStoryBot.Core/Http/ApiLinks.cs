namespace DataStoryBot.Core.Http;

/// <summary>The API's URLs, relative to the host, as handed to clients.</summary>
public static class ApiLinks
{
    public static string Session(string sessionId) => $"/api/sessions/{sessionId}";
    public static string Analyze(string sessionId) => $"/api/sessions/{sessionId}/analyze";
    public static string Refine(string sessionId) => $"/api/sessions/{sessionId}/refine";
    public static string Job(string jobId) => $"/api/jobs/{jobId}";
    public static string Story(string sessionId, string storyId) => $"/api/sessions/{sessionId}/stories/{storyId}";
    public static string Chart(string sessionId, string storyId, string chartId) => $"{Story(sessionId, storyId)}/charts/{chartId}";

    public static string ChartData(string sessionId, string storyId, string chartId) => $"{Chart(sessionId, storyId, chartId)}/data";

    public static string ChartSpec(string sessionId, string storyId, string chartId) => $"{Chart(sessionId, storyId, chartId)}/spec";
    public static string Dataset(string sessionId, string storyId) => $"{Story(sessionId, storyId)}/dataset";
    public static string Narrative(string sessionId, string storyId) => $"{Story(sessionId, storyId)}/narrative";
    public static string Facts(string sessionId, string storyId) => $"{Story(sessionId, storyId)}/facts";
}
