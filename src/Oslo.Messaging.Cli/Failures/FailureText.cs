using System.Globalization;
using System.Text.RegularExpressions;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Cli.Failures;

/// <summary>
/// One line for a person: what failed and why, without the layers of wrapping the failure went through
/// (<c>error: cannot reach RabbitMQ at rabbit://guest:****@127.0.0.1:5999/: connection refused (gave up after 3 s)</c>).
/// The whole exception is for <c>--verbose</c>.
/// </summary>
internal static partial class FailureText
{
    /// <summary>A local failure (not a remote error) as one line, or null when it is not about the broker connection.</summary>
    /// <param name="error">What the command threw.</param>
    /// <param name="lastConnectionFailure">The driver's last connection failure (<see cref="ConnectionTrouble"/>), if any.</param>
    public static string? Connection(Exception error, string? lastConnectionFailure)
    {
        var messages = Chain(error).Select(e => e.Message).ToList();
        var url = messages.Concat(lastConnectionFailure is null ? [] : [lastConnectionFailure])
            .Select(m => BrokerUrl().Match(m)).FirstOrDefault(m => m.Success)?.Groups["url"].Value;
        if (messages.FirstOrDefault(m => m.Contains("ACCESS_REFUSED", StringComparison.Ordinal)) is { } refused)
        {
            return $"error: RabbitMQ{At(url)} refused the login: {AccessRefused(refused)} (check the user name and password)";
        }

        if (lastConnectionFailure is not null && error is MessageDeliveryFailureException)
        {
            var gaveUp = Within().Match(messages[0]) is { Success: true } within ? $" (gave up after {within.Groups["seconds"].Value} s)" : "";
            return $"error: {Unreachable(lastConnectionFailure)}{gaveUp}";
        }

        return null;
    }

    /// <summary>"cannot reach RabbitMQ at URL: connection refused" from the driver's reason of a failed attempt.</summary>
    public static string Unreachable(string reason) =>
        $"cannot reach RabbitMQ{At(BrokerUrl().Match(reason) is { Success: true } m ? m.Groups["url"].Value : null)}: {Cause(reason)}";

    /// <summary>The distinct messages of the exception chain, outermost first: a message already contained in the one
    /// before it (the same text wrapped again) is left out.</summary>
    public static string DistinctChain(Exception error)
    {
        var parts = new List<string>();
        foreach (var message in Chain(error).Select(e => e.Message.Trim()))
        {
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string At(string? url) => url is null ? "" : " at " + url;

    /// <summary>"ACCESS_REFUSED - Login was refused using authentication mechanism AMQPLAIN", without RabbitMQ.Client's
    /// prefixes and the pointer to the broker's log file.</summary>
    private static string AccessRefused(string message)
    {
        var start = message.IndexOf("ACCESS_REFUSED", StringComparison.Ordinal);
        var text = message[start..];
        var end = text.IndexOf(". For details", StringComparison.Ordinal);
        return end >= 0 ? text[..end] : text.TrimEnd('.');
    }

    /// <summary>The socket-level cause at the end of the driver's reason ("Connection refused" → "connection refused").</summary>
    private static string Cause(string reason)
    {
        var last = reason[(reason.LastIndexOf(": ", StringComparison.Ordinal) + 1)..].Trim().TrimEnd('.');
        return last.Length == 0 ? reason : char.ToLower(last[0], CultureInfo.InvariantCulture) + last[1..];
    }

    [GeneratedRegex("RabbitMQ at \"(?<url>[^\"]+)\"")]
    private static partial Regex BrokerUrl();

    [GeneratedRegex(@"within (?<seconds>[0-9.]+) s")]
    private static partial Regex Within();
}
