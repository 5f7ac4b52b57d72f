using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>HTTP helpers for the API as a client uses it.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Uploaded(string SessionId, string Token, JsonElement Body);

    public static async Task<Uploaded> UploadAsync(this HttpClient http, string csv, string fileName = "data.csv")
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        using var response = await http.PostAsync("/api/upload", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"upload answered {(int)response.StatusCode}: {body}");
        return new Uploaded(body.GetProperty("sessionId").GetString()!, body.GetProperty("sessionToken").GetString()!, body);
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? token, object? json = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendJsonAsync(this HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
        return (response, body);
    }

    public static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Polls a job URL until it answers 200 (done); every answer before that must be 202 with Retry-After.</summary>
    public static Task<JsonElement> WaitForJobAsync(this HttpClient http, string statusUrl, string token) =>
        Wait.ForAsync(async () =>
        {
            var (response, body) = await http.SendJsonAsync(Request(HttpMethod.Get, statusUrl, token));
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                return (true, body);
            }

            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(response.Headers.RetryAfter is not null, "a running job answers with Retry-After");
            return (false, body);
        }, $"job {statusUrl} to end");
}
