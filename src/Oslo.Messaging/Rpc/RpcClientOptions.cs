using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc;

/// <summary>Options of an <see cref="RpcClient"/>; each can be overridden per call with <see cref="RpcClient.Prepare"/>.</summary>
/// <remarks>Immutable: a client keeps the instance it is given, and <see cref="RpcClient.Prepare"/> derives a copy
/// with <c>with</c>. Validated when a client is created.</remarks>
public sealed record RpcClientOptions
{
    /// <summary>How long a call waits for its reply. Default 60 s (oslo's <c>rpc_response_timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The highest version this client may send; null = no cap.</summary>
    public string? VersionCap { get; init; }

    /// <summary>Connection retries while sending: null or -1 = until the timeout, 0 = none, N = at most N.</summary>
    public int? Retry { get; init; }

    /// <summary>Ask the server for heartbeats every half of this, and fail early without one. Default null (off).</summary>
    public TimeSpan? CallMonitorTimeout { get; init; }

    /// <summary>Publish requests mandatory: no server queue fails at once with
    /// <see cref="Exceptions.MessageUndeliverableException"/> (oslo's <c>TransportOptions(at_least_once=True)</c>). Default false.</summary>
    public bool AtLeastOnce { get; init; }

    /// <summary>The serializer hooks. Default <see cref="JsonRpcSerializer.Default"/>.</summary>
    public RpcSerializer Serializer { get; init; } = JsonRpcSerializer.Default;
}
