using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataStoryBot.Core.Configuration;
using DataStoryBot.Core.Engines;
using DataStoryBot.Core.Health;
using DataStoryBot.Core.Http;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Options = Microsoft.Extensions.Options.Options;

namespace DataStoryBot.Tests.Health;

/// <summary>The health verdict (<see cref="HealthHandler.Evaluate"/>) under a fake clock.</summary>
public sealed class HealthEvaluationTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 30, TimeSpan.Zero);
    readonly FakeTimeProvider time = new(Start);

    HealthHandler Handler(string schedule = "0 */5 * * * *") => new(
        Mock.Of<BlobServiceClient>(), Mock.Of<TableServiceClient>(), Options.Create(new StorageOptions()), Mock.Of<IProviderCircuitBreaker>(),
        new HealthResultStore(Mock.Of<TableServiceClient>(), Options.Create(new StorageOptions())),
        Options.Create(new HealthCheckOptions { Schedule = schedule, Timeout = TimeSpan.FromMinutes(1) }), time, Mock.Of<IAnalysisEngine>(e => e.Name == "builtin"), new InstanceStart(time));

    HealthCheckResult Result(string outcome, TimeSpan ago) =>
        new(outcome, time.GetUtcNow() - ago - TimeSpan.FromSeconds(2), time.GetUtcNow() - ago, 2000, "builtin", "job", outcome == HealthOutcomes.Succeeded ? null : "boom");

    [Fact]
    public void Evaluate_FreshSuccessStorageUpBreakerClosed_IsHealthy()
    {
        var report = Handler().Evaluate(Result(HealthOutcomes.Succeeded, TimeSpan.FromMinutes(1)), true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("healthy", report.Status);
        Assert.Empty(report.Reasons);
        Assert.Equal(60, report.Check.AgeSeconds);
        Assert.Equal(2000, report.Check.LatencyMs);
    }

    [Fact]
    public void Evaluate_OneMissedRun_IsStillHealthy()
    {
        var handler = Handler();
        var result = Result(HealthOutcomes.Succeeded, TimeSpan.Zero);
        time.Advance(TimeSpan.FromMinutes(9));

        var report = handler.Evaluate(result, true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("healthy", report.Status);
        Assert.False(report.Check.Stale);
    }

    [Fact]
    public void Evaluate_ResultOlderThanTwoPeriods_IsDegradedAsStale()
    {
        var handler = Handler();
        var result = Result(HealthOutcomes.Succeeded, TimeSpan.Zero);
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var report = handler.Evaluate(result, true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("degraded", report.Status);
        Assert.True(report.Check.Stale);
        Assert.Contains(report.Reasons, r => r.Contains("stale"));
    }

    [Fact]
    public void Evaluate_StalenessFollowsTheSchedule_HourlyScheduleToleratesAnHour()
    {
        var handler = Handler("0 0 * * * *");
        var result = Result(HealthOutcomes.Succeeded, TimeSpan.Zero);
        time.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal("healthy", handler.Evaluate(result, true, true, BreakerState.Closed, TimeSpan.Zero).Status);
        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal("degraded", handler.Evaluate(result, true, true, BreakerState.Closed, TimeSpan.Zero).Status);
    }

    [Theory]
    [InlineData(HealthOutcomes.Failed)]
    [InlineData(HealthOutcomes.TimedOut)]
    [InlineData(HealthOutcomes.Error)]
    public void Evaluate_LatestCheckSinceTheStartNotSucceeded_IsDegradedWithItsDetail(string outcome)
    {
        var handler = Handler();
        time.Advance(TimeSpan.FromMinutes(1));

        var report = handler.Evaluate(Result(outcome, TimeSpan.FromSeconds(5)), true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("degraded", report.Status);
        Assert.Contains(report.Reasons, r => r.Contains("boom"));
        Assert.Equal(outcome, report.Check.Outcome);
    }

    [Fact]
    public void Evaluate_BreakerOpen_IsDegradedWithRetryAfter()
    {
        var report = Handler().Evaluate(Result(HealthOutcomes.Succeeded, TimeSpan.FromSeconds(5)), true, true, BreakerState.Open, TimeSpan.FromSeconds(42));

        Assert.Equal("degraded", report.Status);
        Assert.Equal("open", report.Breaker.State);
        Assert.Equal(42, report.Breaker.RetryAfterSeconds);
    }

    [Fact]
    public void Evaluate_BreakerHalfOpen_IsHealthy()
    {
        var report = Handler().Evaluate(Result(HealthOutcomes.Succeeded, TimeSpan.FromSeconds(5)), true, true, BreakerState.HalfOpen, TimeSpan.Zero);

        Assert.Equal("healthy", report.Status);
        Assert.Equal("half_open", report.Breaker.State);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Evaluate_StorageNotAnswering_IsDegraded(bool blob, bool table)
    {
        var report = Handler().Evaluate(Result(HealthOutcomes.Succeeded, TimeSpan.FromSeconds(5)), blob, table, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("degraded", report.Status);
        Assert.Equal(new StorageView(blob, table), report.Storage);
    }

    [Fact]
    public void Evaluate_NoResultWithinGracePeriod_IsStartingPending()
    {
        var handler = Handler();
        time.Advance(TimeSpan.FromMinutes(10));

        var report = handler.Evaluate(null, true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("starting", report.Status);
        Assert.Empty(report.Reasons);
        Assert.Equal("pending", report.Check.Outcome);
    }

    [Theory]
    [InlineData(HealthOutcomes.Failed, 2)]
    [InlineData(HealthOutcomes.TimedOut, 2)]
    [InlineData(HealthOutcomes.Succeeded, 60)]
    public void Evaluate_FailedOrStaleResultFromBeforeTheStart_IsStartingNotDegraded(string outcome, int minutesBeforeStart)
    {
        var result = Result(outcome, TimeSpan.FromMinutes(minutesBeforeStart));
        var handler = Handler();
        time.Advance(TimeSpan.FromSeconds(30));

        var report = handler.Evaluate(result, true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("starting", report.Status);
        Assert.Equal("pending", report.Check.Outcome);
    }

    [Fact]
    public void Evaluate_FailedResultFromBeforeTheStartAndNoCheckInTheGracePeriod_IsDegraded()
    {
        var result = Result(HealthOutcomes.Failed, TimeSpan.FromMinutes(2));
        var handler = Handler();
        time.Advance(TimeSpan.FromMinutes(11) + TimeSpan.FromSeconds(1));

        var report = handler.Evaluate(result, true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("degraded", report.Status);
        Assert.Contains(report.Reasons, r => r.Contains("boom"));
    }

    [Fact]
    public void Evaluate_StartingButStorageDown_IsDegraded()
    {
        var handler = Handler();

        var report = handler.Evaluate(null, false, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("degraded", report.Status);
    }

    [Fact]
    public void Evaluate_LatestResultIsAnotherEnginesFailure_IsStartingThenMissing()
    {
        var handler = Handler();
        time.Advance(TimeSpan.FromMinutes(1));
        var other = Result(HealthOutcomes.Failed, TimeSpan.FromSeconds(5)) with { Engine = "openai" };

        var starting = handler.Evaluate(other, true, true, BreakerState.Closed, TimeSpan.Zero);
        time.Advance(TimeSpan.FromMinutes(11));
        var later = handler.Evaluate(other, true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("starting", starting.Status);
        Assert.Equal("degraded", later.Status);
        Assert.Equal("missing", later.Check.Outcome);
        Assert.Contains(later.Reasons, r => r.Contains("'builtin'"));
        Assert.DoesNotContain(later.Reasons, r => r.Contains("boom"));
    }

    [Fact]
    public void Evaluate_NoResultAfterTwoPeriodsAndTimeout_IsDegradedMissing()
    {
        var handler = Handler();
        // Started 10:00:30: the next runs are 10:05 and 10:10; grace is two periods + the 1-minute check timeout.
        time.Advance(TimeSpan.FromMinutes(11) + TimeSpan.FromSeconds(1));

        var report = handler.Evaluate(null, true, true, BreakerState.Closed, TimeSpan.Zero);

        Assert.Equal("degraded", report.Status);
        Assert.Equal("missing", report.Check.Outcome);
    }
}
