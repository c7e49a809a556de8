using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Oslo.Messaging.Testing;

/// <summary>
/// An endpoint whose requests can be held at a gate, and that records how many run at once and in which order:
/// for the lifecycle and executor tests.
/// </summary>
public sealed class GatedEndpoint
{
    private static readonly TimeSpan _gateTimeout = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<int> _entered = Channel.CreateUnbounded<int>();
    private readonly ConcurrentQueue<int> _order = new();
    private int _active;
    private int _maxActive;
    private int _started;
    private int _finished;
    private int _pings;

    /// <summary>Requests started.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Requests finished.</summary>
    public int Finished => Volatile.Read(ref _finished);

    /// <summary>Requests running now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>The most requests that ever ran at once.</summary>
    public int MaxActive => Volatile.Read(ref _maxActive);

    /// <summary>How many pings ran.</summary>
    public int Pings => Volatile.Read(ref _pings);

    /// <summary>The ids in the order their requests started.</summary>
    public IReadOnlyList<int> Order => [.. _order];

    /// <summary>Lets every held request (and every later one) through.</summary>
    public void Open() => _gate.TrySetResult();

    /// <summary>Holds until <see cref="Open"/>, then returns <paramref name="id"/>.</summary>
    public async Task<int> HoldAsync(RequestContext context, int id)
    {
        Enter(id);
        try
        {
            await _gate.Task.WaitAsync(_gateTimeout).ConfigureAwait(false);
            return id;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Records <paramref name="id"/> and does a little asynchronous work, so overlapping requests would show.</summary>
    public async Task RecordAsync(RequestContext context, int id)
    {
        Enter(id);
        try
        {
            await Task.Delay(2).ConfigureAwait(false);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Counts and returns the number of pings.</summary>
    public int Ping(RequestContext context) => Interlocked.Increment(ref _pings);

    /// <summary>Waits for the next request to start and returns its id.</summary>
    /// <exception cref="TimeoutException">None started within <paramref name="timeout"/>.</exception>
    public async Task<int> NextEnteredAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _entered.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No request started within {timeout} (started so far: {Started})");
        }
    }

    private void Enter(int id)
    {
        _order.Enqueue(id);
        Interlocked.Increment(ref _started);
        var active = Interlocked.Increment(ref _active);
        int max;
        while (active > (max = Volatile.Read(ref _maxActive)) && Interlocked.CompareExchange(ref _maxActive, active, max) != max)
        {
        }

        _entered.Writer.TryWrite(id);
    }

    private void Leave()
    {
        Interlocked.Decrement(ref _active);
        Interlocked.Increment(ref _finished);
    }
}
