using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Registers <see cref="AmqplainMechanism"/> with RabbitMQ.Client under the name <c>AMQPLAIN</c>.</summary>
internal sealed class AmqplainMechanismFactory : IAuthMechanismFactory
{
    public string Name => "AMQPLAIN";

    public IAuthMechanism GetInstance() => new AmqplainMechanism();
}
