using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Folds the driver's connections into one <see cref="TransportConnectionState"/>: a connection not yet
/// needed is ignored (connections open on first use), one that is down makes the whole transport reconnecting.</summary>
internal static class ConnectionStates
{
    public static TransportConnectionState Of(IEnumerable<ConnectionKeeper> keepers, string maskedUrl)
    {
        var open = 0;
        var down = new List<string>();
        foreach (var keeper in keepers)
        {
            if (!keeper.IsStarted)
            {
                continue;
            }

            if (keeper.Current is not null)
            {
                open++;
                continue;
            }

            var (error, rounds) = keeper.LastFailure;
            down.Add(error is null
                ? $"{keeper.Purpose}: connecting"
                : $"{keeper.Purpose}: {rounds} failed connection round{(rounds == 1 ? "" : "s")}, last: {BrokerErrors.Describe(error)}");
        }

        if (down.Count > 0)
        {
            return new(ConnectionStatus.Reconnecting, $"RabbitMQ at {maskedUrl}: {down.Count} of {down.Count + open} connections down ({string.Join("; ", down)})");
        }

        return open == 0
            ? new(ConnectionStatus.Idle, $"RabbitMQ at {maskedUrl}: no connection opened yet (connects on first use)")
            : new(ConnectionStatus.Connected, $"RabbitMQ at {maskedUrl}: {open} connection{(open == 1 ? "" : "s")} open");
    }
}
