using Xunit;
using DataStoryBot.Core.Engines;

namespace DataStoryBot.Tests.Analyst;

public class LocalContainerStoreTests
{
    [Fact]
    public async Task CreateContainer_NewContainer_HasOpenAIStyleIdAndFolder()
    {
        using var fx = new EngineFixture();
        var container = await fx.Engine.CreateContainerAsync("s", CancellationToken.None);
        Assert.Matches("^lcntr_[0-9a-f]{48}$", container.Id);
        Assert.True(Directory.Exists(Path.Combine(fx.Root, container.Id)));
        Assert.Equal(TimeSpan.FromMinutes(20), container.IdleTtl);
    }

    [Fact]
    public async Task UploadFile_AfterIdleTtl_ThrowsContainerExpired()
    {
        using var fx = new EngineFixture(TimeSpan.FromSeconds(30));
        var container = await fx.Engine.CreateContainerAsync("s", CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromSeconds(31));
        var ex = await Assert.ThrowsAsync<ContainerExpiredException>(() => fx.Engine.UploadFileAsync(container.Id, "a.csv", new MemoryStream([1, 2]), CancellationToken.None));
        Assert.Equal(container.Id, ex.ContainerId);
    }

    [Fact]
    public async Task Operations_WithinTtl_RefreshLastActivity()
    {
        using var fx = new EngineFixture(TimeSpan.FromSeconds(30));
        var (container, file) = await fx.UploadTextAsync("a,b\n1,2\n");
        for (var i = 0; i < 4; i++)
        {
            fx.Clock.Advance(TimeSpan.FromSeconds(20));
            var bytes = await fx.DownloadAsync(container, file.Id);
            Assert.Equal("a,b\n1,2\n"u8.ToArray(), bytes);
        }
        Assert.Equal(fx.Clock.GetUtcNow(), fx.Store.LastActiveAt(container.Id));
        fx.Clock.Advance(TimeSpan.FromSeconds(31));
        await Assert.ThrowsAsync<ContainerExpiredException>(() => fx.DownloadAsync(container, file.Id));
    }

    [Fact]
    public async Task Discover_ExpiredContainer_ThrowsContainerExpired()
    {
        using var fx = new EngineFixture(TimeSpan.FromMinutes(20));
        var (container, file) = await fx.UploadTextAsync("a,b\n1,2\n3,4\n");
        fx.Clock.Advance(TimeSpan.FromMinutes(21));
        await Assert.ThrowsAsync<ContainerExpiredException>(() => fx.DiscoverAsync(container, file));
    }

    [Theory]
    [InlineData("lcntr_../../etc")]
    [InlineData("../lcntr_000000000000000000000000000000000000000000000000")]
    [InlineData("lcntr_000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    public async Task Operations_UnknownOrUnsafeId_ThrowContainerExpired(string id)
    {
        using var fx = new EngineFixture();
        await Assert.ThrowsAsync<ContainerExpiredException>(() => fx.Engine.UploadFileAsync(id, "a.csv", new MemoryStream([1]), CancellationToken.None));
    }

    [Fact]
    public async Task DeleteContainer_MissingOrDeleted_Succeeds()
    {
        using var fx = new EngineFixture();
        var container = await fx.Engine.CreateContainerAsync("s", CancellationToken.None);
        await fx.Engine.DeleteContainerAsync(container.Id, CancellationToken.None);
        await fx.Engine.DeleteContainerAsync(container.Id, CancellationToken.None);
        Assert.False(Directory.Exists(Path.Combine(fx.Root, container.Id)));
        await Assert.ThrowsAsync<ContainerExpiredException>(() => fx.DownloadAsync(container, "cfile_00000000000000000000000000000000"));
    }

    [Fact]
    public async Task Sweep_ExpiredAndLiveContainers_DeletesOnlyExpired()
    {
        using var fx = new EngineFixture(TimeSpan.FromMinutes(20));
        var old = await fx.Engine.CreateContainerAsync("old", CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromMinutes(15));
        var fresh = await fx.Engine.CreateContainerAsync("fresh", CancellationToken.None);
        fx.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, fx.Store.Sweep());
        Assert.False(Directory.Exists(Path.Combine(fx.Root, old.Id)));
        Assert.True(Directory.Exists(Path.Combine(fx.Root, fresh.Id)));
    }

    [Fact]
    public async Task UploadFile_PathInFileName_StoredUnderSafeName()
    {
        using var fx = new EngineFixture();
        var container = await fx.Engine.CreateContainerAsync("s", CancellationToken.None);
        var file = await fx.Engine.UploadFileAsync(container.Id, "../../evil name.csv", new MemoryStream([1]), CancellationToken.None);
        Assert.Equal("evil_name.csv", file.FileName);
        Assert.Matches("^cfile_[0-9a-f]{32}$", file.Id);
        Assert.Empty(Directory.EnumerateFiles(fx.Root, "*.csv", SearchOption.AllDirectories));
    }
}
