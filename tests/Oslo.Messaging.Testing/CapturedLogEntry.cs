using Microsoft.Extensions.Logging;

namespace Oslo.Messaging.Testing;

/// <summary>One log entry written through a <see cref="CapturingLoggerFactory"/>.</summary>
/// <param name="Category">The logger's category (usually the type name).</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record CapturedLogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? "" : " | " + Exception.GetType().Name + ": " + Exception.Message)}";
}
