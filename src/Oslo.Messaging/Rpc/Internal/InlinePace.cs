using System.Collections.Concurrent;

namespace Oslo.Messaging.Rpc.Internal;

/// <summary>
/// Which methods a server still starts on the transport's consumer (<see cref="WorkQueue{TWork}.TryRunInline"/>). A
/// request started there holds the consumer until it first yields: no other request of the server is taken meanwhile.
/// For an endpoint that answers at once (or awaits early) that saves a thread hop per call; one that blocks in
/// synchronous code (a synchronous database call, a sleep) would take the executor's concurrency down to one. So a
/// method whose inline runs hold the consumer too long goes to the executor's workers for a while: at once after a run
/// over <see cref="LongRun"/>, or after <see cref="SlowStreak"/> runs in a row over <see cref="SlowRun"/> (one slow
/// run alone may be the machine, a thread preempted; three in a row are the method).
/// </summary>
/// <remarks>
/// The time on the workers is a probation, not a sentence: <see cref="FirstProbation"/>, doubled each time the method
/// is sent there again without a fast run in between, up to <see cref="LongestProbation"/>. A permanent demotion let one accident decide for the
/// rest of the run: the first call of a method compiles its whole path (tens of ms), a GC pause or a preempted thread
/// on a busy machine holds any run, and the benchmark showed a server whose fast method had been demoted that way
/// paying the hop on every call after it. A method that really blocks still holds the consumer at most once per
/// probation (once a minute at the longest), and then the first slow run sends it back.
/// </remarks>
internal sealed class InlinePace(TimeProvider time)
{
    /// <summary>An inline run this long sends its method to the workers at once.</summary>
    public static readonly TimeSpan LongRun = TimeSpan.FromMilliseconds(20);

    /// <summary>An inline run this long counts towards <see cref="SlowStreak"/>.</summary>
    public static readonly TimeSpan SlowRun = TimeSpan.FromMilliseconds(1);

    public const int SlowStreak = 3;

    /// <summary>How long a method first stays on the workers.</summary>
    public static readonly TimeSpan FirstProbation = TimeSpan.FromSeconds(5);

    /// <summary>The longest a method stays on the workers before it is tried on the consumer again.</summary>
    public static readonly TimeSpan LongestProbation = TimeSpan.FromMinutes(1);

    /// <summary>The most methods tracked: method names come from peers, and only real endpoint methods can be slow,
    /// but the table stays bounded whatever is sent.</summary>
    public const int MaxTracked = 1024;

    // Only methods that ran slow at least once are in here; the common case is one failed lookup per request.
    private readonly ConcurrentDictionary<string, Streak> _slow = new(StringComparer.Ordinal);

    public InlinePace()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Starts timing an inline run (pass the result to <see cref="Record"/>).</summary>
    public long Now() => time.GetTimestamp();

    /// <summary>Whether requests for <paramref name="method"/> may start inline.</summary>
    public bool MayRunInline(string method) =>
        _slow.IsEmpty || !_slow.TryGetValue(method, out var streak) || !streak.OnProbation(time.GetTimestamp());

    /// <summary>Records how long an inline run of <paramref name="method"/> started at <paramref name="started"/>
    /// (<see cref="Now"/>) held the consumer.</summary>
    /// <returns>The demotion this run caused (for the log line, with the run's own measured time); null when it
    /// caused none.</returns>
    public Demotion? Record(string method, long started)
    {
        var now = time.GetTimestamp();
        var held = time.GetElapsedTime(started, now);
        if (held < SlowRun)
        {
            if (!_slow.IsEmpty && _slow.TryGetValue(method, out var known))
            {
                known.Reset();
            }

            return null;
        }

        if (!_slow.TryGetValue(method, out var streak))
        {
            if (_slow.Count >= MaxTracked)
            {
                return null;
            }

            streak = _slow.GetOrAdd(method, static _ => new Streak());
        }

        return streak.Count(held >= LongRun, now, time.TimestampFrequency) is { } probation ? new Demotion(probation, held) : null;
    }

    /// <summary>A method sent to the workers for <paramref name="Probation"/> by a run that held the consumer for
    /// <paramref name="Held"/>.</summary>
    public readonly record struct Demotion(TimeSpan Probation, TimeSpan Held);

    private sealed class Streak
    {
        private readonly Lock _gate = new();
        private int _count;
        private long _probationEnds;
        private TimeSpan _probation;

        public bool OnProbation(long now) => now < Volatile.Read(ref _probationEnds);

        /// <summary>A fast run: the streak starts again, and so does the probation's length, so an accident now
        /// and then costs a short probation each time while a method that is slow every time it is tried (no fast run
        /// in between) stays away longer and longer.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                _count = 0;
                _probation = TimeSpan.Zero;
            }
        }

        public TimeSpan? Count(bool atOnce, long now, long frequency)
        {
            lock (_gate)
            {
                // A run that started before the probation began (several were in flight) adds nothing to it.
                if (OnProbation(now) || (!atOnce && ++_count < SlowStreak))
                {
                    return null;
                }

                _count = 0;
                _probation = _probation == TimeSpan.Zero ? FirstProbation
                    : _probation * 2 < LongestProbation ? _probation * 2 : LongestProbation;
                Volatile.Write(ref _probationEnds, now + (long)(_probation.TotalSeconds * frequency));
                return _probation;
            }
        }
    }
}
