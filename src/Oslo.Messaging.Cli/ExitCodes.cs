namespace Oslo.Messaging.Cli;

/// <summary>The tool's exit codes (documented in the README's CLI section).</summary>
internal static class ExitCodes
{
    /// <summary>Success; for <c>demo</c>: every step behaved as expected.</summary>
    public const int Ok = 0;

    /// <summary>The remote method failed (a remote error or a re-created remote exception).</summary>
    public const int RemoteError = 1;

    /// <summary><c>demo</c>: at least one step did not behave as expected.</summary>
    public const int DemoFailed = 1;

    /// <summary>No reply within <c>--timeout</c>.</summary>
    public const int Timeout = 2;

    /// <summary>The message could not be sent, the server could not listen, or another local failure.</summary>
    public const int Failure = 3;

    /// <summary>Bad usage: a parse error, a malformed URL, argument or version (BSD's EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>Interrupted by Ctrl-C before finishing (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
