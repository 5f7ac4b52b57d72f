using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Jobs;
using Moq;

namespace DataStoryBot.Tests.Jobs;

public sealed class AnalysisAvailabilityTests
{
    [Fact]
    public void RejectNewWork_BreakerOpen_RefusesWithTheBreaksRemainingTime()
    {
        var breaker = new Mock<IProviderCircuitBreaker>();
        breaker.SetupGet(b => b.State).Returns(BreakerState.Open);
        breaker.SetupGet(b => b.RetryAfter).Returns(TimeSpan.FromSeconds(42));

        var refusal = new BreakerAvailability(breaker.Object).RejectNewWork();

        Assert.NotNull(refusal);
        Assert.Equal(TimeSpan.FromSeconds(42), refusal.RetryAfter);
        Assert.Contains("Retry after 42 seconds", refusal.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BreakerState.Closed)]
    [InlineData(BreakerState.HalfOpen)]
    public void RejectNewWork_BreakerNotOpen_LetsTheJobStart(BreakerState state)
    {
        var breaker = new Mock<IProviderCircuitBreaker>();
        breaker.SetupGet(b => b.State).Returns(state);

        Assert.Null(new BreakerAvailability(breaker.Object).RejectNewWork());
    }
}
