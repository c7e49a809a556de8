using System.Collections.Concurrent;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Reply queues found missing after the full retry window (oslo's "obsolete reply queues" cache: 200 entries, 60 s):
/// further replies to them fail at once instead of each holding a server worker for the whole window.
/// </summary>
internal sealed class ObsoleteReplyQueues(TimeProvider time)
{
    private const int Capacity = 200;
    private static readonly TimeSpan _lifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, long> _queues = new(StringComparer.Ordinal);

    public bool Contains(string queue)
    {
        if (!_queues.TryGetValue(queue, out var since))
        {
            return false;
        }

        if (time.GetElapsedTime(since) < _lifetime)
        {
            return true;
        }

        _queues.TryRemove(queue, out _);
        return false;
    }

    public void Add(string queue)
    {
        if (_queues.Count >= Capacity)
        {
            foreach (var (name, since) in _queues)
            {
                if (time.GetElapsedTime(since) >= _lifetime || _queues.Count >= Capacity)
                {
                    _queues.TryRemove(name, out _);
                }
            }
        }

        _queues[queue] = time.GetTimestamp();
    }
}
