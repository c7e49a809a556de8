namespace Oslo.Messaging.Rpc;

/// <summary>Marks an endpoint method as exposed (oslo's <c>@expose</c>); <see cref="RpcAccessPolicy.Explicit"/> only allows marked methods.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class RpcExposeAttribute : Attribute
{
}
