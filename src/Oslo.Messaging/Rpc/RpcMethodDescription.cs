using System.Reflection;

namespace Oslo.Messaging.Rpc;

/// <summary>What an access policy sees of an endpoint method.</summary>
/// <param name="WireName">The name callers use.</param>
/// <param name="Method">The .NET method.</param>
/// <param name="IsExposed">Marked with <see cref="RpcExposeAttribute"/>.</param>
public sealed record RpcMethodDescription(string WireName, MethodInfo Method, bool IsExposed);
