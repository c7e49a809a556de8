namespace Oslo.Messaging.Rpc.Internal;

/// <summary>oslo's duplicate detection: the last 16 <c>_unique_id</c>s a listener saw; messages without one are never duplicates.</summary>
internal sealed class DuplicateFilter
{
    public const int Capacity = 16;
    private readonly string?[] _ring = new string?[Capacity];
    private readonly Lock _lock = new();
    private int _next;

    /// <summary>Records <paramref name="uniqueId"/>; false if it was already among the last 16.</summary>
    public bool TryAccept(string? uniqueId)
    {
        if (uniqueId is null)
        {
            return true;
        }

        lock (_lock)
        {
            if (Array.IndexOf(_ring, uniqueId) >= 0)
            {
                return false;
            }

            _ring[_next] = uniqueId;
            _next = (_next + 1) % Capacity;
            return true;
        }
    }
}
