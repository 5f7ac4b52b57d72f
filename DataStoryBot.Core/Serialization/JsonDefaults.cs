using System.Text.Json;

namespace DataStoryBot.Core.Serialization;

/// <summary>
/// The one JSON shape of the app: web defaults (camelCase names, case-insensitive reading, numbers as numbers). The API
/// bodies, the stored profile, facts and session columns all use it, so what one part writes another can read.
/// </summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
