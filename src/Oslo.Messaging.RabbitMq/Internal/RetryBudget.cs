namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The connection retries one send may spend (<see cref="Transports.SendOptions.Retry"/>): null or negative = unlimited
/// (bounded only by the send's cancellation), 0 = fail on the first connection error, N = at most N retries.
/// Used by one send at a time.
/// </summary>
internal sealed class RetryBudget(int? retry)
{
    private int _remaining = retry is int n and >= 0 ? n : int.MaxValue;

    /// <summary>The last connection error seen, for the failure message.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Failures seen so far.</summary>
    public int Failures { get; private set; }

    /// <summary>Records a failure; false when no retry is left.</summary>
    public bool TryConsume(Exception error)
    {
        LastError = error;
        Failures++;
        if (_remaining == 0)
        {
            return false;
        }

        if (_remaining != int.MaxValue)
        {
            _remaining--;
        }

        return true;
    }
}
