using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DataStoryBot.Tests.Infrastructure;

/// <summary>Records every log line with its merged scopes, for assertions on correlation ids.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> State, IReadOnlyDictionary<string, object?> Scopes)
    {
        public string? Value(string key) =>
            Scopes.TryGetValue(key, out var s) && s is not null ? s.ToString()
            : State.TryGetValue(char.ToUpperInvariant(key[0]) + key[1..], out var v) && v is not null ? v.ToString()
            : null;
    }

    sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner.scopes.ForEachScope((scope, acc) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (k, v) in pairs)
                    {
                        acc[k] = v;
                    }
                }
                else if (scope is IEnumerable<KeyValuePair<string, object>> objects)
                {
                    foreach (var (k, v) in objects)
                    {
                        acc[k] = v;
                    }
                }
            }, merged);
            var values = state is IEnumerable<KeyValuePair<string, object?>> s ? s.ToDictionary(p => p.Key, p => p.Value) : new Dictionary<string, object?>();
            owner.Lines.Enqueue(new LogLine(category, logLevel, eventId, formatter(state, exception), values, merged));
        }
    }
}
