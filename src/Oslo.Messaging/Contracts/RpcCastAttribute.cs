namespace Oslo.Messaging.Contracts;

/// <summary>Makes a contract method a cast: the proxy's <c>Task</c> completes once the transport took the message and
/// no reply is awaited. Only on methods returning <c>Task</c> or <c>ValueTask</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RpcCastAttribute : Attribute
{
    /// <summary>Send to every server of the topic (fanout). Default false.</summary>
    public bool Fanout { get; set; }
}
