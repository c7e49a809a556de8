using System.Collections.Concurrent;
using System.Diagnostics;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.RabbitMq.Tests.Cluster;

/// <summary>Senders casting <c>record(id)</c> in a loop. A cast counts as sent only when <see cref="RpcClient.CastAsync"/>
/// returned, i.e. the broker confirmed it; the others are counted by how they failed.</summary>
public sealed class CastLoad(TimeSpan castTimeout)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentBag<string> _sent = [];
    private readonly ConcurrentQueue<TimeSpan> _confirms = new();
    private readonly ConcurrentQueue<Exception> _others = new();
    private int _failed;
    private int _hung;
    private long _maxCastTicks;

    public IReadOnlyCollection<string> Sent => _sent;

    public int Count => _sent.Count;

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>When the first cast confirmed after <paramref name="moment"/> was confirmed, if any.</summary>
    public TimeSpan? FirstConfirmAfter(TimeSpan moment) => _confirms.Where(t => t > moment).Order().Cast<TimeSpan?>().FirstOrDefault();

    /// <summary>Casts that failed with <see cref="MessageDeliveryFailureException"/> (not confirmed in time).</summary>
    public int Failed => _failed;

    /// <summary>Casts still running 5 s after their timeout.</summary>
    public int Hung => _hung;

    public IReadOnlyCollection<Exception> Others => _others;

    public TimeSpan LongestCast => TimeSpan.FromTicks(Interlocked.Read(ref _maxCastTicks));

    public Task RunAsync(RpcClient client, int senders, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() => SenderAsync(client, s, stop), CancellationToken.None)));

    public override string ToString() =>
        $"confirmed {Count}, failed {Failed}, other errors {Others.Count}, hung {Hung}, longest cast {LongestCast.TotalSeconds:0.00} s";

    private async Task SenderAsync(RpcClient client, int sender, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var id = $"{sender}-{i}";
            var started = _clock.Elapsed;
            using var timeout = new CancellationTokenSource(castTimeout);
            var cast = client.CastAsync(new RequestContext(), "record", new { id }, timeout.Token);
            try
            {
                await cast.WaitAsync(castTimeout + TimeSpan.FromSeconds(5), CancellationToken.None);
                _sent.Add(id);
                _confirms.Enqueue(_clock.Elapsed);
            }
            catch (TimeoutException) when (!cast.IsCompleted)
            {
                Interlocked.Increment(ref _hung);
            }
            catch (Exception ex) when (ex is MessageDeliveryFailureException or OperationCanceledException)
            {
                Interlocked.Increment(ref _failed);
            }
            catch (Exception ex)
            {
                _others.Enqueue(ex);
            }

            var took = (_clock.Elapsed - started).Ticks;
            long seen;
            while (took > (seen = Interlocked.Read(ref _maxCastTicks)) && Interlocked.CompareExchange(ref _maxCastTicks, took, seen) != seen)
            {
            }
        }
    }
}
