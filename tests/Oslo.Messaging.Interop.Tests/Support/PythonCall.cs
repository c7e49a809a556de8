namespace Oslo.Messaging.Interop.Tests.Support;

/// <summary>One invocation of oslo_client.py: the target and client options, the method, its kwargs and the context.</summary>
/// <param name="Topic">The target's topic.</param>
/// <param name="Method">The remote method.</param>
internal sealed record PythonCall(string Topic, string Method)
{
    /// <summary>"call" or "cast".</summary>
    public string Kind { get; init; } = "call";

    public string? Server { get; init; }

    public string? Exchange { get; init; }

    public string? Namespace { get; init; }

    public string? Version { get; init; }

    public bool Fanout { get; init; }

    /// <summary>The client's reply timeout in seconds (oslo's default 60 when null).</summary>
    public double? Timeout { get; init; } = 15;

    public double? CallMonitorTimeout { get; init; }

    /// <summary>Modules passed as --allowed-exmods (allowed_remote_exmods).</summary>
    public IReadOnlyList<string> AllowedExmods { get; init; } = [];

    /// <summary>The kwargs: anything System.Text.Json serializes to an object.</summary>
    public object? Args { get; init; }

    /// <summary>The request context: anything System.Text.Json serializes to an object.</summary>
    public object? Context { get; init; }

    /// <summary>The transport URL (with its query); null = the test broker's plain URL.</summary>
    public string? Url { get; init; }

    /// <summary>A folder put first on PYTHONPATH, e.g. the oslo.messaging 18.1.0 tree; null = Debian's 14.0.3.</summary>
    public string? OsloPath { get; init; }

    /// <summary>The client's <c>retry</c> (0 = a cast fails at once when the connection fails); null = oslo's default.</summary>
    public int? Retry { get; init; }
}
