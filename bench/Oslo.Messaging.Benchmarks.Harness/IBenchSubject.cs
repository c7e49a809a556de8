namespace Oslo.Messaging.Benchmarks.Harness;

/// <summary>
/// One implementation under test: an echo server and a client to it, both set up by <see cref="StartAsync"/>.
/// <see cref="CallAsync"/> and <see cref="CastAsync"/> are called concurrently by the scenario runner.
/// </summary>
public interface IBenchSubject : IAsyncDisposable
{
    /// <summary>Short, stable name used in tables and JSON (e.g. <c>oslo-rabbit</c>).</summary>
    string Name { get; }

    /// <summary>Facts worth printing with the results (library versions, broker version ...).</summary>
    IReadOnlyDictionary<string, string> Info { get; }

    /// <summary>Messages the server side has received through <see cref="CastAsync"/> so far.</summary>
    long CastsReceived { get; }

    /// <summary>Connects, declares, starts the server and the client.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Calls the server's echo method with <paramref name="payload"/> and returns what it echoed.</summary>
    ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken);

    /// <summary>Sends one one-way message; the server counts it.</summary>
    ValueTask CastAsync(string payload, CancellationToken cancellationToken);
}

/// <summary>
/// A subject that measures the messaging system's own throughput, not RPC: the runner measures its call scenarios as
/// casts (one producer per outstanding call, counted at the consumer) and reports messages/s / 2 as calls/s, since a
/// call moves two messages. Latency figures stay empty.
/// </summary>
public interface IThroughputCeiling : IBenchSubject;
