namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>An exchange as oslo declares it; declaring with other flags fails with 406 PRECONDITION_FAILED.</summary>
/// <param name="Name">The exchange name.</param>
/// <param name="Type"><c>topic</c> or <c>fanout</c>.</param>
/// <param name="Durable">Survives a broker restart.</param>
/// <param name="AutoDelete">Deleted when its last binding goes.</param>
internal sealed record ExchangeSpec(string Name, string Type, bool Durable, bool AutoDelete);
