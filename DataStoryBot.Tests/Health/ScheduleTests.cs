using DataStoryBot.Core.Health;

namespace DataStoryBot.Tests.Health;

public sealed class ScheduleTests
{
    static readonly DateTimeOffset At = new(2026, 11, 2, 10, 2, 30, TimeSpan.Zero);

    [Fact]
    public void Next_EveryFiveMinutes_IsTheNextFiveMinuteBoundary()
    {
        var schedule = Schedule.Parse("0 */5 * * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 5, 0, TimeSpan.Zero), schedule.Next(At));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 10, 0, TimeSpan.Zero), schedule.Next(schedule.Next(At)));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.PeriodAfter(At));
    }

    [Fact]
    public void Next_EveryTenSeconds_IsTheNextTenSecondBoundary()
    {
        var schedule = Schedule.Parse("*/10 * * * * *");

        Assert.Equal(At.AddSeconds(10), schedule.Next(At));
        Assert.Equal(TimeSpan.FromSeconds(10), schedule.PeriodAfter(At));
    }

    [Fact]
    public void Next_HourlyAtMinuteFifteen_IsTheNextQuarterPast()
    {
        var schedule = Schedule.Parse("0 15 * * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 15, 0, TimeSpan.Zero), schedule.Next(At));
        Assert.Equal(TimeSpan.FromHours(1), schedule.PeriodAfter(At));
    }

    [Fact]
    public void Next_TimeSpanForm_RunsOnWholeMultiples()
    {
        var schedule = Schedule.Parse("00:05:00");

        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 5, 0, TimeSpan.Zero), schedule.Next(At));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.PeriodAfter(At));
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 */5 * * * * *")]
    [InlineData("0 */75 * * * x")]
    [InlineData("every five minutes")]
    [InlineData("")]
    [InlineData("-00:05:00")]
    public void Parse_NotASixFieldNcrontabOrTimeSpan_ThrowsFormatExceptionNamingTheValue(string expression)
    {
        var e = Assert.Throws<FormatException>(() => Schedule.Parse(expression));

        Assert.Contains($"'{expression}'", e.Message);
    }
}
