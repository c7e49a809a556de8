using System.ComponentModel;
using System.Text.Json.Serialization.Metadata;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Contracts;

/// <summary>
/// Where generated contract code registers itself (from a module initializer): the proxy factory behind
/// <see cref="RpcClient.For{TContract}"/> and the contract's JSON context, which the default serializer asks first.
/// </summary>
/// <remarks>Process-wide on purpose: generated code runs once per loaded assembly, before any of its types is used, and
/// only ever adds. Reads take a snapshot without locking.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ContractRegistry
{
    private static readonly Lock Gate = new();
    private static Dictionary<Type, Func<RpcClient, object>> _clients = [];
    private static IJsonTypeInfoResolver[] _jsonContexts = [];
    private static Dictionary<Type, Func<Type, ContractEndpoint>> _endpoints = [];

    /// <summary>The registered JSON contexts, in registration order.</summary>
    internal static IJsonTypeInfoResolver[] JsonContexts => Volatile.Read(ref _jsonContexts);

    /// <summary>Registers a contract's proxy factory and (optional) JSON context.</summary>
    public static void Register<TContract>(Func<RpcClient, TContract> createClient, IJsonTypeInfoResolver? jsonContext)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(createClient);
        lock (Gate)
        {
            Volatile.Write(ref _clients, new Dictionary<Type, Func<RpcClient, object>>(_clients) { [typeof(TContract)] = createClient });
            if (jsonContext is not null && Array.IndexOf(_jsonContexts, jsonContext) < 0)
            {
                Volatile.Write(ref _jsonContexts, [.. _jsonContexts, jsonContext]);
            }
        }
    }

    /// <summary>Registers how to make a contract's generated endpoint for an implementation type created per request.</summary>
    public static void RegisterEndpoint<TContract>(Func<Type, ContractEndpoint> createEndpoint)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(createEndpoint);
        lock (Gate)
        {
            Volatile.Write(ref _endpoints, new Dictionary<Type, Func<Type, ContractEndpoint>>(_endpoints) { [typeof(TContract)] = createEndpoint });
        }
    }

    /// <summary>The generated endpoint of <typeparamref name="TContract"/> for objects of <paramref name="implementationType"/> created per request.</summary>
    /// <exception cref="InvalidOperationException">No generated endpoint is registered for the type.</exception>
    internal static ContractEndpoint CreateEndpoint<TContract>(Type implementationType)
        where TContract : class =>
        Volatile.Read(ref _endpoints).TryGetValue(typeof(TContract), out var create)
            ? create(implementationType)
            : throw new InvalidOperationException(
                $"{typeof(TContract).Name} has no generated endpoint: mark the interface [RpcContract] and reference the " +
                "Oslo.Messaging.Generators analyzer in the project that declares it (see docs/typed-contracts.md)");

    /// <summary>A proxy of <typeparamref name="TContract"/> over <paramref name="client"/>.</summary>
    /// <exception cref="InvalidOperationException">No generated proxy is registered for the type.</exception>
    internal static TContract CreateClient<TContract>(RpcClient client)
        where TContract : class =>
        Volatile.Read(ref _clients).TryGetValue(typeof(TContract), out var create)
            ? (TContract)create(client)
            : throw new InvalidOperationException(
                $"{typeof(TContract).Name} has no generated proxy: mark the interface [RpcContract] and reference the " +
                "Oslo.Messaging.Generators analyzer in the project that declares it (see docs/typed-contracts.md)");
}
