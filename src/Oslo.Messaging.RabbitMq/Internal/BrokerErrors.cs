using System.Net.Sockets;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>Sorts RabbitMQ.Client failures into "reconnect and retry" and "retrying cannot help".</summary>
internal static class BrokerErrors
{
    /// <summary>The broker refused the credentials, or we refused the broker's TLS certificate: retrying with the same
    /// ones cannot help a send.</summary>
    public static bool IsAuthenticationFailure(Exception error) =>
        Find<AuthenticationFailureException>(error) is not null || Find<BrokerCertificateRejectedException>(error) is not null;

    /// <summary>A channel error that a re-declare cannot fix: 403 access refused, 405 resource locked,
    /// 406 precondition failed (different flags or arguments), 530 not allowed (e.g. missing vhost).</summary>
    public static bool IsPermanent(Exception error) =>
        IsAuthenticationFailure(error) || ReplyCode(error) is Constants.AccessRefused or Constants.ResourceLocked
            or Constants.PreconditionFailed or Constants.NotAllowed;

    /// <summary>Why we refused the broker's TLS certificate, or null: the whole reason, without RabbitMQ.Client's wrappers
    /// ("None of the specified endpoints were reachable: One or more errors occurred").</summary>
    public static string? CertificateRejection(Exception error) => Find<BrokerCertificateRejectedException>(error)?.Message;

    /// <summary>The AMQP reply code of a channel or connection close in the exception chain, or 0.</summary>
    public static int ReplyCode(Exception error) =>
        Find<OperationInterruptedException>(error)?.ShutdownReason?.ReplyCode
        ?? Find<AlreadyClosedException>(error)?.ShutdownReason?.ReplyCode
        ?? 0;

    /// <summary>406 because the exchange or queue exists with the other <c>durable</c> flag: the case oslo 14.1+ falls back
    /// to non-durable for (RabbitMQ's text: <c>PRECONDITION_FAILED - inequivalent arg 'durable' ...</c>).</summary>
    public static bool IsDurableMismatch(Exception error) =>
        ReplyCode(error) == Constants.PreconditionFailed &&
        (Find<OperationInterruptedException>(error)?.ShutdownReason?.ReplyText ?? Find<AlreadyClosedException>(error)?.ShutdownReason?.ReplyText ?? "")
            .Contains("inequivalent arg 'durable'", StringComparison.Ordinal);

    /// <summary>A failure of the connection or channel (as opposed to a bug or a cancellation).</summary>
    public static bool IsBrokerFailure(Exception error) =>
        error is RabbitMQClientException or OperationInterruptedException or AlreadyClosedException or IOException or SocketException
            or TimeoutException or ChannelAllocationException or Oslo.Messaging.Exceptions.MessageDeliveryFailureException;

    /// <summary>A one-line reason: the distinct messages of the exception chain.</summary>
    public static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            var message = e.Message.Trim();
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}
