using DataStoryBot.Core.Engines;

namespace DataStoryBot.Core.Workflows;

/// <summary>
/// A retryable engine failure thrown out of a phase activity. Its type crosses the activity boundary (the Durable
/// runtime keeps the exception's type name), so the orchestrator can tell a timeout from a model error from an
/// unusable answer after the retry and report each distinctly.
/// </summary>
public abstract class PhaseFailureException(string message, Exception inner) : Exception(message, inner)
{
    public static PhaseFailureException From(EngineException e) => e.Kind switch
    {
        EngineFailureKind.Timeout => new ModelTimeoutException(e),
        EngineFailureKind.InvalidResult => new InvalidModelAnswerException(e),
        EngineFailureKind.Unavailable => new ProviderUnavailableException(e),
        _ => new ProviderFailureException(e),
    };
}

public sealed class ModelTimeoutException(EngineException inner) : PhaseFailureException(inner.Message, inner);

public sealed class InvalidModelAnswerException(EngineException inner) : PhaseFailureException(inner.Message, inner);

public sealed class ProviderFailureException(EngineException inner) : PhaseFailureException(inner.Message, inner);

/// <summary>The provider's circuit breaker refused the call (e.g. while creating a container): the service is degraded.</summary>
public sealed class ProviderUnavailableException(EngineException inner) : PhaseFailureException(inner.Message, inner);
