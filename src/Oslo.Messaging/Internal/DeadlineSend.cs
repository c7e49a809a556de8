using System.Runtime.CompilerServices;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Internal;

/// <summary>The one way the core sends within a deadline (client requests, server replies and heartbeats): a broker
/// that stays away longer fails the send with <see cref="MessageDeliveryFailureException"/>, never hangs it.</summary>
internal static class DeadlineSend
{
    /// <summary>Sends <paramref name="body"/>; the deadline's timer is armed only if the send does not complete at once.</summary>
    /// <remarks>An in-process send never needs the timer, and creating and removing one per message showed in the
    /// benchmark's profile. The caller's token cancels the deadline's source through a registration rather than a
    /// linked source (a source, its registrations and a callback node per send that waited, before); the deadline's
    /// source is reused, timer included (<see cref="Deadline.Return"/>).</remarks>
    /// <exception cref="MessageDeliveryFailureException">Not sent within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // Pooled state machine: one less allocation per message (bench/results/NOTES.md).
    public static async ValueTask SendAsync(
        Transport transport, Destination destination, ReadOnlyMemory<byte> body, SendOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = transport.TimeProvider;
        var started = time.GetTimestamp();
        var deadline = Deadline.Rent(time);
        var registration = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), deadline);
        try
        {
            var send = transport.Driver.SendAsync(destination, body, options, deadline.Token);
            if (!send.IsCompleted)
            {
                deadline.CancelAfter(Deadline.Clamp(timeout - time.GetElapsedTime(started)));
            }

            await send.ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new MessageDeliveryFailureException($"Could not send to {destination} within {timeout.TotalSeconds:0.###} s", ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // The driver saw the linked token; the caller must see its own (a broker confirm can still be on its way
            // when the server already runs the request, so a cancelled call may end here).
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        finally
        {
            // Before the deadline source goes back for reuse: a late cancellation of the caller must not reach it
            // (Dispose waits for a callback already running).
            registration.Dispose();
            Deadline.Return(deadline, time);
        }
    }
}
