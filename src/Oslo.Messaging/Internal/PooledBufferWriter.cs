using System.Buffers;

namespace Oslo.Messaging.Internal;

/// <summary>An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool; dispose returns the array.</summary>
/// <remarks>A writer from <see cref="Rent"/> goes back to its thread's spare on dispose (with its array, if that stayed
/// small) and is handed out again: the encoders used to allocate four writers per call. Its owner must dispose it
/// exactly once and not touch it afterwards — the next <see cref="Rent"/> on that thread gets the same object.</remarks>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    // A larger array goes back to the shared pool instead of staying with the thread's spare writer.
    private const int MaxKeptBytes = 16 * 1024;

    // Two: an encode nests the message's writer inside the envelope's.
    [ThreadStatic]
    private static PooledBufferWriter? _spare;

    [ThreadStatic]
    private static PooledBufferWriter? _spare2;

    private readonly bool _reusable;
    private bool _rented;
    private byte[] _buffer;
    private int _written;

    /// <summary>A writer from this thread's spare, or a new one; dispose gives it back.</summary>
    public static PooledBufferWriter Rent(int initialCapacity = 1024)
    {
        var writer = _spare;
        if (writer is not null)
        {
            _spare = null;
        }
        else if ((writer = _spare2) is not null)
        {
            _spare2 = null;
        }
        else
        {
            return new PooledBufferWriter(initialCapacity, reusable: true) { _rented = true };
        }

        writer._rented = true;
        if (writer._buffer.Length == 0)
        {
            writer._buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        }

        return writer;
    }

    private PooledBufferWriter(int initialCapacity, bool reusable)
        : this(initialCapacity)
    {
        _reusable = reusable;
    }

    public PooledBufferWriter(int initialCapacity = 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Clear() => _written = 0;

    public void Dispose()
    {
        if (_reusable)
        {
            if (!_rented)
            {
                return; // disposed already
            }

            _rented = false;
            _written = 0;
            if (_buffer.Length <= MaxKeptBytes)
            {
                if (_spare is null)
                {
                    _spare = this;
                    return;
                }

                if (_spare2 is null)
                {
                    _spare2 = this;
                    return;
                }
            }
        }

        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 256);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
