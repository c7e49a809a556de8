using Oslo.Messaging.Contracts;

namespace Oslo.Messaging.Benchmarks.Subjects;

/// <summary>The benchmark's echo service as a typed contract: the same wire methods as <see cref="EchoEndpoint"/>
/// (<c>echo(payload)</c>, <c>note(payload)</c>), so typed and untyped rows send the same messages.</summary>
[RpcContract("bench_typed")]
public interface IBenchEchoApi
{
    /// <summary>"echo".</summary>
    ValueTask<string> EchoAsync(RequestContext context, string payload, CancellationToken cancellationToken = default);

    /// <summary>"note", a cast.</summary>
    [RpcCast]
    ValueTask NoteAsync(RequestContext context, string payload, CancellationToken cancellationToken = default);
}
