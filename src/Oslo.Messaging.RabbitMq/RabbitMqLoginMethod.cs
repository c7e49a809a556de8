namespace Oslo.Messaging.RabbitMq;

/// <summary>The SASL mechanism used to log in to the broker (oslo's <c>rabbit_login_method</c>).</summary>
public enum RabbitMqLoginMethod
{
    /// <summary><c>AMQPLAIN</c>: user and password sent as an AMQP field table (oslo's default).</summary>
    Amqplain,

    /// <summary><c>PLAIN</c>: RFC 4616 user and password.</summary>
    Plain,
}
