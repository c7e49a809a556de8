namespace Oslo.Messaging.RabbitMq;

/// <summary>The SASL mechanism used to log in to the broker (oslo's <c>rabbit_login_method</c>).</summary>
public enum RabbitMqLoginMethod
{
    /// <summary><c>AMQPLAIN</c>: user and password sent as an AMQP field table (oslo's default).</summary>
    Amqplain,

    /// <summary><c>PLAIN</c>: RFC 4616 user and password.</summary>
    Plain,

    /// <summary><c>EXTERNAL</c>: the TLS client certificate (<see cref="RabbitMqOptions.SslCertFile"/>) is the login; the
    /// user and password of the URL are not sent. Needs <see cref="RabbitMqOptions.Ssl"/> and a client certificate, and
    /// the broker's <c>rabbitmq_auth_mechanism_ssl</c> plugin (which takes the user name from the certificate).</summary>
    External,
}
