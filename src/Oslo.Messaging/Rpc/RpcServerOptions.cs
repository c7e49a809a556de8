using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Rpc;

/// <summary>Options of an <see cref="RpcServer"/>.</summary>
/// <remarks>Immutable: a server keeps the instance it is given, so every run uses the same executor and policy.</remarks>
public sealed record RpcServerOptions
{
    /// <summary>How requests run. Default <see cref="RpcExecutor.Pooled"/> with 64.</summary>
    public RpcExecutor Executor { get; init; } = RpcExecutor.Pooled();

    /// <summary>The serializer hooks. Default <see cref="JsonRpcSerializer.Default"/>.</summary>
    public RpcSerializer Serializer { get; init; } = JsonRpcSerializer.Default;

    /// <summary>Which methods may be invoked. Default <see cref="RpcAccessPolicy.Default"/>.</summary>
    public RpcAccessPolicy AccessPolicy { get; init; } = RpcAccessPolicy.Default;

    /// <summary>Where the server logs; null (default) uses the transport's <see cref="Transports.TransportOptions.LoggerFactory"/>.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Answer <c>oslo_rpc_server_ping</c> with "pong" (oslo's <c>rpc_ping_enabled</c>). Default false.</summary>
    public bool PingEnabled { get; init; }
}
