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

    /// <summary>The default of <see cref="MaxRequestBytes"/>: 64 MiB.</summary>
    public const int DefaultMaxRequestBytes = 64 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxJsonDepth"/>: 256.</summary>
    public const int DefaultMaxJsonDepth = 256;

    /// <summary>The largest request body accepted, in bytes; a larger one is answered with a failure naming both sizes.
    /// Default 64 MiB. (A transport may have its own, lower, limit on what it receives at all.)</summary>
    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>The deepest JSON nesting accepted in a request (objects and arrays, the envelope included); a deeper
    /// one is answered with a failure. Default 256.</summary>
    public int MaxJsonDepth { get; init; } = DefaultMaxJsonDepth;
}
