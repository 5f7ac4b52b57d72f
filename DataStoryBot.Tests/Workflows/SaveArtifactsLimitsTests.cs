using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Workflows;

namespace DataStoryBot.Tests.Workflows;

public sealed class SaveArtifactsLimitsTests
{
    [Theory]
    [InlineData(50L * 1024 * 1024)]
    [InlineData(200L * 1024 * 1024)]
    public void MaxArtifactBytes_LargestDatasetEitherEngineProduces_FitsWithRoomForNeutralizedCells(long maxUploadBytes)
    {
        var options = new DataStoryBotOptions { MaxUploadBytes = maxUploadBytes };

        var cap = SaveArtifactsActivity.MaxArtifactBytes(options);

        // The built-in analyst's filtered dataset can keep nearly every row of the largest allowed upload and grows where
        // formula-like cells get a leading apostrophe; the OpenAI engine accepts datasets and charts up to its caps.
        Assert.True(cap >= maxUploadBytes * 5 / 4, $"{cap} < {maxUploadBytes * 5 / 4}");
        Assert.True(cap >= ArtifactLimits.MaxDatasetBytes);
        Assert.True(cap >= ArtifactLimits.MaxChartBytes);
    }
}
