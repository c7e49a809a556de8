namespace Oslo.Messaging.Rpc;

/// <summary>Gives an endpoint method its wire name instead of the default (snake_case without <c>Async</c>).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class RpcMethodAttribute(string name) : Attribute
{
    /// <summary>The wire name, e.g. <c>get_instance</c>.</summary>
    public string Name { get; } = name;
}
