using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting;

/// <summary>One hosted RPC server: its target, its endpoint types and its options. See
/// <see cref="OsloMessagingBuilder.AddRpcServer(Target, Action{RpcServerBuilder})"/>.</summary>
public sealed class RpcServerBuilder : HostedEndpointsBuilder<RpcServerBuilder, RpcServerOptions>
{
    internal RpcServerBuilder(Target target)
    {
        Target = target;
    }

    /// <summary>The target served.</summary>
    public Target Target { get; }
}
