using System.Reflection;

namespace Oslo.Messaging.Rpc;

/// <summary>What an access policy sees of an endpoint method.</summary>
/// <param name="WireName">The name callers use.</param>
/// <param name="Method">The .NET method; null for a typed contract's method (bound at compile time, see <see cref="Contracts.ContractEndpoint"/>).</param>
/// <param name="IsExposed">Marked with <see cref="RpcExposeAttribute"/>; always true for a typed contract's method (the contract declares it).</param>
public sealed record RpcMethodDescription(string WireName, MethodInfo? Method, bool IsExposed);
