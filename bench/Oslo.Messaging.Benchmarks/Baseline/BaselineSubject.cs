using System.Collections.Concurrent;
using System.Threading.Channels;
using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Raw;

namespace Oslo.Messaging.Benchmarks.Baseline;

/// <summary>
/// What the in-process transport does, written by hand without the library: the same oslo v2 envelope encoded and
/// decoded on both sides (<see cref="WireCodec"/>) and the same hand-offs — caller -> server queue (channel) -> server
/// consumer loop -> bounded work queue -> 64 workers -> reply queue (channel) -> reply consumer loop -> the caller's
/// completion (continuations run asynchronously) — with the same per-call deadline. The library's cost per call over
/// this one is its own overhead: routing, endpoint dispatch, argument binding, context, serializer hooks.
/// </summary>
internal sealed class BaselineSubject : IBenchSubject
{
    private const int Workers = 64;
    private static readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(30);
    private readonly Channel<byte[]> _requests = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<byte[]> _replies = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<WireRequest> _work = Channel.CreateBounded<WireRequest>(new BoundedChannelOptions(Workers * 2) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiters = new(StringComparer.Ordinal);
    private readonly string _replyQueue = "reply_" + WireCodec.NewId();
    private readonly List<Task> _loops = [];
    private long _casts;

    public string Name => "baseline";

    public IReadOnlyDictionary<string, string> Info { get; } = new Dictionary<string, string> { ["what"] = "hand-written envelope codec + channels, no library" };

    public long CastsReceived => Interlocked.Read(ref _casts);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loops.Add(Task.Run(ServerLoopAsync, CancellationToken.None));
        _loops.Add(Task.Run(ReplyLoopAsync, CancellationToken.None));
        for (var i = 0; i < Workers; i++)
        {
            _loops.Add(Task.Run(WorkerAsync, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public async ValueTask<string?> CallAsync(string payload, CancellationToken cancellationToken)
    {
        var id = WireCodec.NewId();
        var waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[id] = waiter;
        try
        {
            _requests.Writer.TryWrite(WireCodec.EncodeRequest("echo", payload, id, _replyQueue));
            return await waiter.Task.WaitAsync(_callTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiters.TryRemove(id, out _);
        }
    }

    public ValueTask CastAsync(string payload, CancellationToken cancellationToken)
    {
        _requests.Writer.TryWrite(WireCodec.EncodeRequest("note", payload, null, null));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await Task.WhenAll(_loops[0]).ConfigureAwait(false);
        _work.Writer.TryComplete();
        await Task.WhenAll(_loops.Skip(2)).ConfigureAwait(false);
        _replies.Writer.TryComplete();
        await _loops[1].ConfigureAwait(false);
    }

    private async Task ServerLoopAsync()
    {
        await foreach (var body in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await _work.Writer.WriteAsync(WireCodec.DecodeRequest(body)).ConfigureAwait(false);
        }
    }

    // ReadAsync, not ReadAllAsync, as the library's work queue: a bounded channel wakes every reader waiting in
    // WaitToReadAsync for each item, so with ReadAllAsync each request woke all idle workers and each of those that lost
    // the race allocated a new wait (~5.6 KB per call in seq, where 63 workers idle; the library fixed the same defect
    // in its own work queue, see bench/results/NOTES.md). ReadAsync hands an item to one waiting reader.
    private async Task WorkerAsync()
    {
        var reader = _work.Reader;
        while (true)
        {
            if (!reader.TryRead(out var request))
            {
                try
                {
                    request = await reader.ReadAsync().ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    return;
                }
            }

            switch (request.Method)
            {
                case "echo":
                    _replies.Writer.TryWrite(WireCodec.EncodeReply(request.MessageId!, Echo(request.Payload)));
                    break;
                case "note":
                    Interlocked.Increment(ref _casts);
                    break;
            }
        }
    }

    private static string? Echo(string? payload) => payload;

    private async Task ReplyLoopAsync()
    {
        await foreach (var body in _replies.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var (id, result) = WireCodec.DecodeReply(body);
            if (id is not null && _waiters.TryGetValue(id, out var waiter))
            {
                waiter.TrySetResult(result);
            }
        }
    }
}
