using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Closing connections and channels that may already be dead, without letting that failure escape.</summary>
internal static class BrokerObjects
{
    /// <summary>Closes (gracefully, or by abort for a connection known to be broken) and disposes.</summary>
    public static async Task CloseAsync(IConnection connection, bool abort)
    {
        try
        {
            if (abort)
            {
                await connection.AbortAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            else
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsClosingFailure(ex))
        {
            // Closing a dead connection: nothing left to do.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the channel if it is open, and disposes it.</summary>
    public static async Task CloseAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsClosingFailure(ex))
        {
            // The channel or its connection is gone already.
        }
        finally
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsClosingFailure(Exception ex) =>
        BrokerErrors.IsBrokerFailure(ex) || ex is ObjectDisposedException or OperationCanceledException;
}
