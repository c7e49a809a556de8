namespace Oslo.Messaging.Transports;

/// <summary>The call a request belongs to, waiting for its reply (<see cref="SendOptions.PendingCall"/>).</summary>
/// <remarks>Lets a driver end the send of a request once it is written, before the broker has accepted it: the reply
/// proves the request arrived, so the caller need not wait for the broker's verdict too. When that verdict is a
/// refusal (no route, a rejected or lost message) and comes before the reply, the driver either sends the request
/// again, as its send would have, or fails the call with the error its send would have thrown.</remarks>
public interface IPendingCall
{
    /// <summary>The call has its reply or its error (resending the request would run it twice).</summary>
    bool IsFinished { get; }

    /// <summary>Fails the call with <paramref name="exception"/> unless it has finished already.</summary>
    void Fail(Exception exception);
}
