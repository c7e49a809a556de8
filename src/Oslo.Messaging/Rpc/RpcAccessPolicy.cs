namespace Oslo.Messaging.Rpc;

/// <summary>Decides which endpoint methods a server may invoke; a denied method behaves exactly like a missing one.</summary>
public abstract class RpcAccessPolicy
{
    /// <summary>oslo's default: every method whose wire name does not start with <c>_</c>.</summary>
    public static RpcAccessPolicy Default { get; } = new DefaultPolicy();

    /// <summary>Only methods marked <see cref="RpcExposeAttribute"/>.</summary>
    public static RpcAccessPolicy Explicit { get; } = new ExplicitPolicy();

    /// <summary>Everything, including <c>_private</c> wire names (oslo's legacy policy).</summary>
    public static RpcAccessPolicy Legacy { get; } = new LegacyPolicy();

    /// <summary>True if <paramref name="method"/> may be invoked.</summary>
    public abstract bool IsAllowed(RpcMethodDescription method);

    private sealed class DefaultPolicy : RpcAccessPolicy
    {
        public override bool IsAllowed(RpcMethodDescription method) => !method.WireName.StartsWith('_');
    }

    private sealed class ExplicitPolicy : RpcAccessPolicy
    {
        public override bool IsAllowed(RpcMethodDescription method) => method.IsExposed;
    }

    private sealed class LegacyPolicy : RpcAccessPolicy
    {
        public override bool IsAllowed(RpcMethodDescription method) => true;
    }
}
