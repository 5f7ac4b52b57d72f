using System.ClientModel;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataStoryBot.Tests.OpenAI;

public sealed class ProviderCircuitBreakerTests
{
    private readonly FakeTimeProvider _clock = new();

    private ProviderCircuitBreaker Breaker(int threshold = 5) => new(
        Options.Create(new OpenAIEngineOptions
        {
            BreakerFailureThreshold = threshold,
            BreakerSamplingDuration = TimeSpan.FromMinutes(1),
            BreakerBreakDuration = TimeSpan.FromMinutes(1),
        }),
        _clock,
        NullLogger<ProviderCircuitBreaker>.Instance);

    private static Task Fail(IProviderCircuitBreaker b, Exception e) =>
        Assert.ThrowsAnyAsync<Exception>(() => b.ExecuteAsync<int>(_ => throw e, CancellationToken.None));

    private static EngineException Transient() => new(EngineFailureKind.Transient, "503");

    [Fact]
    public async Task ExecuteAsync_FiveProviderFailures_OpensBreaker()
    {
        var b = Breaker();
        for (var i = 0; i < 4; i++)
        {
            await Fail(b, Transient());
        }

        Assert.Equal(BreakerState.Closed, b.State);
        await Fail(b, new EngineException(EngineFailureKind.Timeout, "slow"));

        Assert.Equal(BreakerState.Open, b.State);
        Assert.Equal(TimeSpan.FromMinutes(1), b.RetryAfter);
    }

    [Fact]
    public async Task ExecuteAsync_ExpiryInvalidResultAndCancellation_AreNotCounted()
    {
        var b = Breaker();
        for (var i = 0; i < 4; i++)
        {
            await Fail(b, new ContainerExpiredException("cntr_1"));
            await Fail(b, new EngineException(EngineFailureKind.InvalidResult, "bad"));
            await Fail(b, new OperationCanceledException());
        }

        Assert.Equal(BreakerState.Closed, b.State);
    }

    [Fact]
    public async Task ExecuteAsync_ClientResult429And5xx_AreCounted()
    {
        var b = Breaker(threshold: 2);

        await Fail(b, new ClientResultException("429", null));
        await Fail(b, new HttpRequestException("reset"));

        Assert.Equal(BreakerState.Open, b.State);
    }

    [Fact]
    public async Task ExecuteAsync_WhenOpen_ThrowsUnavailableWithoutCalling()
    {
        var b = Breaker(threshold: 2);
        await Fail(b, Transient());
        await Fail(b, Transient());
        var called = false;

        var e = await Assert.ThrowsAsync<EngineException>(() => b.ExecuteAsync(_ =>
        {
            called = true;
            return Task.FromResult(1);
        }, CancellationToken.None));

        Assert.Equal(EngineFailureKind.Unavailable, e.Kind);
        Assert.Equal(ProviderCircuitBreaker.DegradedMessage, e.Message);
        Assert.False(called);
    }

    [Fact]
    public async Task State_AfterBreakDuration_IsHalfOpenAndClosesOnSuccessfulProbe()
    {
        var b = Breaker(threshold: 2);
        await Fail(b, Transient());
        await Fail(b, Transient());
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(BreakerState.Open, b.State);
        Assert.Equal(TimeSpan.FromSeconds(20), b.RetryAfter);

        _clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(BreakerState.HalfOpen, b.State);
        Assert.Equal(TimeSpan.Zero, b.RetryAfter);
        var value = await b.ExecuteAsync(_ => Task.FromResult(7), CancellationToken.None);

        Assert.Equal(7, value);
        Assert.Equal(BreakerState.Closed, b.State);
    }

    [Fact]
    public async Task State_FailedProbe_OpensAgain()
    {
        var b = Breaker(threshold: 2);
        await Fail(b, Transient());
        await Fail(b, Transient());
        _clock.Advance(TimeSpan.FromMinutes(2));

        await Fail(b, Transient());

        Assert.Equal(BreakerState.Open, b.State);
    }

    [Fact]
    public void RecordFailure_ProviderFailures_OpenBreaker()
    {
        var b = Breaker(threshold: 3);

        b.RecordFailure();
        b.RecordFailure(Transient());
        b.RecordFailure(new ContainerExpiredException("cntr_1"));
        Assert.Equal(BreakerState.Closed, b.State);
        b.RecordFailure(new TimeoutException());

        Assert.Equal(BreakerState.Open, b.State);
    }

    [Fact]
    public async Task Trip_OneEndToEndFailure_OpensAtOnceRejectsCallsAndClosesAfterTheBreak()
    {
        var b = Breaker();
        var calls = 0;

        b.Trip(Transient());
        var rejected = await Assert.ThrowsAsync<EngineException>(() => b.ExecuteAsync(_ => Task.FromResult(++calls), CancellationToken.None));

        Assert.Equal(BreakerState.Open, b.State);
        Assert.Equal(EngineFailureKind.Unavailable, rejected.Kind);
        Assert.Equal(0, calls);
        Assert.Equal(TimeSpan.FromMinutes(1), b.RetryAfter);
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(BreakerState.Closed, b.State);
        Assert.Equal(1, await b.ExecuteAsync(_ => Task.FromResult(++calls), CancellationToken.None));
    }

    [Fact]
    public void Trip_NotAProviderFailure_LeavesTheBreakerClosed()
    {
        var b = Breaker();

        b.Trip(new ContainerExpiredException("cntr_1"));

        Assert.Equal(BreakerState.Closed, b.State);
    }

    [Fact]
    public async Task ExecuteAsync_FailuresOutsideSamplingWindow_DoNotAddUp()
    {
        var b = Breaker(threshold: 3);
        await Fail(b, Transient());
        await Fail(b, Transient());
        _clock.Advance(TimeSpan.FromMinutes(2));

        await Fail(b, Transient());

        Assert.Equal(BreakerState.Closed, b.State);
    }
}
