using System.Collections.Concurrent;

namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// The echo payload: a plain ASCII string sized so that the JSON arguments <c>{"payload": "..."}</c> are about the
/// requested number of bytes. The same rule is used by the Python worker, so every implementation moves the same bytes.
/// </summary>
public static class Payloads
{
    private static readonly ConcurrentDictionary<int, string> _cache = new();

    /// <summary>Length of the string for a payload of <paramref name="jsonBytes"/> bytes.</summary>
    public static int StringLength(int jsonBytes) => Math.Max(1, jsonBytes - 15);

    public static string Create(int jsonBytes) => _cache.GetOrAdd(jsonBytes, static n =>
        string.Create(StringLength(n), 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        }));
}
