using System.Reflection;
using Oslo.Messaging.Benchmarks.Baseline;
using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Raw;
using Oslo.Messaging.Memory;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>The implementations this program runs in its own worker processes, by name.</summary>
internal static class SubjectCatalog
{
    public static IBenchSubject? Create(string name, string? rabbitUrl) => name switch
    {
        "oslo-rabbit" => new OsloSubject("oslo-rabbit", QuorumOption(Require(rabbitUrl)), () => new TransportOptions().UseRabbitMq(), LibraryInfo("rabbit://")),
        "oslo-memory" => Memory(),
        "oslo-rabbit-typed" => new TypedOsloSubject("oslo-rabbit-typed", QuorumOption(Require(rabbitUrl)), () => new TransportOptions().UseRabbitMq(), TypedInfo("rabbit://")),
        "oslo-memory-typed" => TypedMemory(),
        "baseline" => new BaselineSubject(),
        "raw-oslo" => new RawOsloSubject(Require(rabbitUrl)),
        "raw-direct" => new RawDirectReplySubject(Require(rabbitUrl)),
        "raw-direct-oslo" => new RawDirectOsloSubject(Require(rabbitUrl)),
        "broker-ceiling" => new BrokerCeilingSubject(Require(rabbitUrl)),
        _ => null,
    };

    public static bool Knows(string name) => name is "oslo-rabbit" or "oslo-memory" or "oslo-rabbit-typed" or "oslo-memory-typed" or "baseline" or "raw-oslo" or "raw-direct" or "raw-direct-oslo" or "broker-ceiling";

    private static OsloSubject Memory()
    {
        // One in-process broker shared by the server's and the client's transport.
        var broker = new MemoryBroker();
        return new OsloSubject("oslo-memory", "memory://", () => new TransportOptions().UseMemoryBroker(broker), LibraryInfo("memory://"));
    }

    private static TypedOsloSubject TypedMemory()
    {
        var broker = new MemoryBroker();
        return new TypedOsloSubject("oslo-memory-typed", "memory://", () => new TransportOptions().UseMemoryBroker(broker), TypedInfo("memory://"));
    }

    private static Dictionary<string, string> TypedInfo(string transport) => new(LibraryInfo(transport))
    {
        ["what"] = $"Oslo.Messaging typed contract on {transport}: generated proxy and endpoint, default options (pooled executor 64)",
    };

    private static Dictionary<string, string> LibraryInfo(string transport) => new()
    {
        ["what"] = $"Oslo.Messaging RpcClient/RpcServer on {transport}, default options (pooled executor 64)",
        ["library"] = typeof(RequestContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?",
    };

    /// <summary>With <c>bench/run.sh --cluster</c> (<c>OSLO_BENCH_QUORUM=1</c>): oslo's <c>rabbit_quorum_queue=true</c>.</summary>
    private static string QuorumOption(string url) =>
        RabbitConnections.Quorum ? url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "rabbit_quorum_queue=true" : url;

    private static string Require(string? url) =>
        url ?? throw new ArgumentException("this implementation needs --rabbit-url");
}
