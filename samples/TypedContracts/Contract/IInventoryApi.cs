using System.Text.Json.Serialization;
using Oslo.Messaging;
using Oslo.Messaging.Contracts;

namespace TypedContracts;

/// <summary>The contract both sides compile against; the generator emits InventoryApiClient and InventoryApiEndpoint.</summary>
[RpcContract("inventory", Version = "1.1", JsonContext = typeof(InventoryJson))]
public interface IInventoryApi
{
    /// <summary>"reserve" on the wire: takes items out of stock, returns what is left.</summary>
    Task<StockLevel> ReserveAsync(RequestContext context, string item, int count, CancellationToken cancellationToken = default);

    /// <summary>"restock", added in 1.1: a 1.0 server answers UnsupportedVersion.</summary>
    [RpcSince("1.1")]
    Task<StockLevel> RestockAsync(RequestContext context, string item, int count);

    /// <summary>A cast to every server of the topic.</summary>
    [RpcCast(Fanout = true)]
    Task AuditAsync(string reason);
}

/// <summary>A result type of the contract's own: listed in <see cref="InventoryJson"/> for Native AOT.</summary>
public sealed record StockLevel(string Item, int Left);

/// <summary>Source-generated JSON metadata for the contract's own types.</summary>
[JsonSerializable(typeof(StockLevel))]
public sealed partial class InventoryJson : JsonSerializerContext;
