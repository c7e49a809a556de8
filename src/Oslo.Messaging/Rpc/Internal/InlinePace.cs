using System.Collections.Concurrent;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Which methods a server still starts on the transport's consumer (<see cref="WorkQueue{TWork}.TryRunInline"/>). A
/// request started there holds the consumer until it first yields: no other request of the server is taken meanwhile.
/// For an endpoint that answers at once (or awaits early) that saves a thread hop per call; one that blocks in
/// synchronous code (a synchronous database call, a sleep) would take the executor's concurrency down to one. So a
/// method whose inline runs hold the consumer too long goes back to the executor's workers for the rest of the run:
/// at once after a run over <see cref="LongRun"/>, or after <see cref="SlowStreak"/> runs in a row over
/// <see cref="SlowRun"/> (one slow run alone may be the machine, a thread preempted; three in a row are the method).
/// </summary>
internal sealed class InlinePace
{
    /// <summary>An inline run this long sends its method to the workers at once.</summary>
    public static readonly TimeSpan LongRun = TimeSpan.FromMilliseconds(20);

    /// <summary>An inline run this long counts towards <see cref="SlowStreak"/>.</summary>
    public static readonly TimeSpan SlowRun = TimeSpan.FromMilliseconds(1);

    public const int SlowStreak = 3;

    /// <summary>The most methods tracked: method names come from peers, and only real endpoint methods can be slow,
    /// but the table stays bounded whatever is sent.</summary>
    public const int MaxTracked = 1024;

    // Only methods that ran slow at least once are in here; the common case is one failed lookup per request.
    private readonly ConcurrentDictionary<string, Streak> _slow = new(StringComparer.Ordinal);

    /// <summary>Whether requests for <paramref name="method"/> may start inline.</summary>
    public bool MayRunInline(string method) => _slow.IsEmpty || !_slow.TryGetValue(method, out var streak) || !streak.Demoted;

    /// <summary>Records how long an inline run of <paramref name="method"/> held the consumer.</summary>
    /// <returns>True when this run sent the method to the workers.</returns>
    public bool Record(string method, TimeSpan held)
    {
        if (held < SlowRun)
        {
            if (!_slow.IsEmpty && _slow.TryGetValue(method, out var known))
            {
                known.Reset();
            }

            return false;
        }

        if (!_slow.TryGetValue(method, out var streak))
        {
            if (_slow.Count >= MaxTracked)
            {
                return false;
            }

            streak = _slow.GetOrAdd(method, static _ => new Streak());
        }

        return streak.Count(held >= LongRun);
    }

    private sealed class Streak
    {
        private int _count;
        private volatile bool _demoted;

        public bool Demoted => _demoted;

        public void Reset() => Volatile.Write(ref _count, 0);

        public bool Count(bool atOnce)
        {
            if (_demoted)
            {
                return false;
            }

            if (atOnce || Interlocked.Increment(ref _count) >= SlowStreak)
            {
                _demoted = true;
                return true;
            }

            return false;
        }
    }
}
