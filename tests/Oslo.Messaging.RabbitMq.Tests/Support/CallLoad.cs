using System.Collections.Concurrent;
using System.Diagnostics;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>A steady call load: a few workers calling in a loop, each call classified by how it ended.</summary>
public sealed class CallLoad
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<TimeSpan> _successes = new();
    private readonly ConcurrentQueue<Exception> _others = new();
    private readonly TimeSpan _hangAfter;
    private int _timeouts;
    private int _deliveryFailures;
    private int _hung;
    private long _maxCallTicks;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="callTimeout">The clients' call timeout; a call still running 5 s after it counts as hung.</param>
    public CallLoad(TimeSpan callTimeout) => _hangAfter = callTimeout + TimeSpan.FromSeconds(5);

    public TimeSpan Now => _clock.Elapsed;

    public int Succeeded => _successes.Count;

    public int TimedOut => _timeouts;

    public int DeliveryFailed => _deliveryFailures;

    public int Hung => _hung;

    public IReadOnlyCollection<Exception> Others => _others;

    public TimeSpan LongestCall => TimeSpan.FromTicks(Interlocked.Read(ref _maxCallTicks));

    /// <summary>When the first call that succeeded after <paramref name="moment"/> got its result, if any.</summary>
    public TimeSpan? FirstSuccessAfter(TimeSpan moment) => _successes.Where(t => t > moment).Order().Cast<TimeSpan?>().FirstOrDefault();

    /// <summary>Runs <paramref name="workers"/> call loops until <paramref name="stop"/>.</summary>
    public Task RunAsync(RpcClient client, int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(client, w, stop), CancellationToken.None)));

    /// <summary>Waits until at least <paramref name="count"/> calls have succeeded.</summary>
    public async Task WaitForSuccessesAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Succeeded < count)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (Succeeded >= count)
            {
                return;
            }

            try
            {
                await progress.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Only {Succeeded} of {count} calls succeeded within {timeout} ({this})");
            }
        }
    }

    public override string ToString() =>
        $"succeeded {Succeeded}, timed out {TimedOut}, delivery failures {DeliveryFailed}, other errors {Others.Count}, hung {Hung}, longest call {LongestCall.TotalSeconds:0.00} s";

    private async Task WorkerAsync(RpcClient client, int worker, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var started = _clock.Elapsed;
            var call = client.CallAsync<int>(new RequestContext(), "add", new { a = worker, b = i }, CancellationToken.None);
            try
            {
                var result = await call.WaitAsync(_hangAfter, CancellationToken.None);
                if (result != worker + i)
                {
                    _others.Enqueue(new InvalidOperationException($"Wrong result {result} for {worker} + {i}"));
                }
                else
                {
                    _successes.Enqueue(_clock.Elapsed);
                }
            }
            catch (TimeoutException) when (!call.IsCompleted)
            {
                Interlocked.Increment(ref _hung);
            }
            catch (MessagingTimeoutException)
            {
                Interlocked.Increment(ref _timeouts);
            }
            catch (MessageDeliveryFailureException)
            {
                Interlocked.Increment(ref _deliveryFailures);
            }
            catch (Exception ex)
            {
                _others.Enqueue(ex);
            }

            var took = (_clock.Elapsed - started).Ticks;
            long seen;
            while (took > (seen = Interlocked.Read(ref _maxCallTicks)) && Interlocked.CompareExchange(ref _maxCallTicks, took, seen) != seen)
            {
            }

            Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
