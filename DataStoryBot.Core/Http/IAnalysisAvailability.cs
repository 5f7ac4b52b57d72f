using Microsoft.AspNetCore.Http;

namespace DataStoryBot.Core.Http;

/// <summary>Says whether new analyses may start; when the provider's circuit breaker is open it returns the 503 to send.</summary>
public interface IAnalysisAvailability
{
    IResult? RejectNewWork();
}

/// <summary>For engines without a remote provider: always available.</summary>
public sealed class AlwaysAvailable : IAnalysisAvailability
{
    public IResult? RejectNewWork() => null;
}
