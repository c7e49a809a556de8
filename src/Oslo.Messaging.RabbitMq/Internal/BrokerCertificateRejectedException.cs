using System.Security.Authentication;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// Thrown by <see cref="BrokerCertificatePolicy"/> inside the TLS handshake: the broker's certificate is not accepted,
/// the message says why. It reaches the caller inside RabbitMQ.Client's connection error, where
/// <see cref="BrokerErrors"/> finds it (a rejected certificate is not retried).
/// </summary>
internal sealed class BrokerCertificateRejectedException(string message) : AuthenticationException(message);
