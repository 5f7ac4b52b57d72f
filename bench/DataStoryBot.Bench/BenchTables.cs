using DataStoryBot.Core.Analyst.Data;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Csv;
using Microsoft.Extensions.Options;

namespace DataStoryBot.Bench;

/// <summary>A bench file read the way discovery reads it: validated once for its profile, then loaded as often as a timing needs.</summary>
public static class BenchTables
{
    /// <summary>Validates <paramref name="path"/> once (as an upload would) and returns a loader of its analysis table.</summary>
    public static async Task<Func<AnalysisTable>> LoaderAsync(string path)
    {
        DatasetProfile profile;
        await using (var stream = File.OpenRead(path))
        {
            profile = (await new UploadValidator(Options.Create(new DataStoryBotOptions())).ValidateAsync(stream, "bench.csv", Stream.Null)).Profile!;
        }
        return () =>
        {
            using var stream = File.OpenRead(path);
            return CsvTableLoader.Load(stream, CsvLoadOptions.FromProfile(profile, new DataStoryBotOptions().SampleRowThreshold));
        };
    }
}
