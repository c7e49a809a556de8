using System.Text.Json.Serialization;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Interop.Tests.Typed;

/// <summary>
/// A typed contract over oslo_server.py's endpoint A (null namespace, version 1.3), one minor ahead of it: version 1.4,
/// with <c>describe_host</c> added in 1.4, which only the .NET service has (a 1.3 Python server answers UnsupportedVersion).
/// The topic is fixed by the contract, so the tests keep servers apart by server name (<c>Prepare(server:)</c>);
/// the generated <c>TypedInteropApiClient.Topic</c> holds it.
/// </summary>
[RpcContract("oslo_typed_interop", Version = "1.4", JsonContext = typeof(TypedInteropJson))]
public interface ITypedInteropApi
{
    /// <summary>"add": a plain call.</summary>
    Task<long> AddAsync(RequestContext context, long a, long b, CancellationToken cancellationToken = default);

    /// <summary>"echo": a result type with nested objects, lists and a dictionary, round-tripped.</summary>
    Task<Inventory> EchoAsync(RequestContext context, Inventory payload);

    /// <summary>"note": a cast (no reply).</summary>
    [RpcCast]
    Task NoteAsync(RequestContext context, string kind);

    /// <summary>"notes": what the server noted.</summary>
    Task<string[]> NotesAsync(RequestContext context);

    /// <summary>"whoami": no context parameter (an empty one is sent), sent as version 1.1.</summary>
    [RpcSince("1.1")]
    ValueTask<string> WhoamiAsync();

    /// <summary>"fail_expected": raises KeyError, part of the method's contract (logged at Debug by a .NET server).</summary>
    [ExpectedExceptions(typeof(KeyNotFoundException))]
    Task FailExpectedAsync(RequestContext context, string message);

    /// <summary>"describe_host", new in 1.4: refused by a client capped at 1.3, UnsupportedVersion from a 1.3 server.</summary>
    [RpcSince("1.4")]
    Task<Inventory> DescribeHostAsync(RequestContext context, string host, int slots);
}

/// <summary>A host's slots: nested objects, a list, a dictionary and nullable members on the wire (snake_case).</summary>
public sealed record Inventory(string Host, IReadOnlyList<Slot> Slots, IReadOnlyDictionary<string, Flavor> Flavors, string? Note);

/// <summary>One slot; <see cref="Flavor"/> null when empty.</summary>
public sealed record Slot(int Index, Flavor? Flavor, string[] Tags);

/// <summary>A flavor.</summary>
public sealed record Flavor(string Name, int Vcpus, double RamGb, bool IsPublic);

/// <summary>The contract's own types, for serialization without reflection.</summary>
[JsonSerializable(typeof(Inventory))]
public sealed partial class TypedInteropJson : JsonSerializerContext;
