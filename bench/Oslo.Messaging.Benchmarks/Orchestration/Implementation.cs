namespace Oslo.Messaging.Benchmarks.Orchestration;

/// <summary>
/// One implementation in the comparison. <see cref="Group"/> picks the reference for ratios: <c>rabbit</c> rows are
/// compared with this library on rabbit://, <c>memory</c> rows with this library on memory://.
/// </summary>
internal sealed record Implementation(string Name, string Label, string Group, bool InProcess)
{
    public const string LibraryRabbit = "oslo-rabbit";
    public const string LibraryMemory = "oslo-memory";
    public const string LibraryRabbitTyped = "oslo-rabbit-typed";
    public const string LibraryMemoryTyped = "oslo-memory-typed";

    public static IReadOnlyList<Implementation> All { get; } =
    [
        new(LibraryRabbit, "this library, rabbit://", "rabbit", false),
        new(LibraryRabbitTyped, "this library, rabbit://, typed contract (generated proxy + endpoint)", "rabbit", false),
        new("raw-oslo", "RabbitMQ.Client 7, oslo pattern, confirms", "rabbit", false),
        new("raw-direct", "RabbitMQ.Client 7, direct reply-to", "rabbit", false),
        new("raw-direct-oslo", "RabbitMQ.Client 7, oslo's wire with direct reply-to", "rabbit", false),
        new("broker-ceiling", "the broker itself: raw publish/consume, no RPC", "rabbit", false),
        new("masstransit", "MassTransit 8.4 request client", "rabbit", false),
        new("python", "Python oslo.messaging 14, threading", "rabbit", false),
        new(LibraryMemory, "this library, memory://", "memory", true),
        new(LibraryMemoryTyped, "this library, memory://, typed contract (generated proxy + endpoint)", "memory", true),
        new("baseline", "baseline: same envelope + hand-offs, no library", "memory", true),
    ];

    public string Reference => Group == "memory" ? LibraryMemory : LibraryRabbit;

    public static Implementation? Find(string name) => All.FirstOrDefault(i => i.Name == name);
}
