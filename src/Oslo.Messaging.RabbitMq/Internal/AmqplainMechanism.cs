using System.Buffers.Binary;
using System.Text;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// The AMQPLAIN SASL mechanism (oslo's default <c>rabbit_login_method</c>), which RabbitMQ.Client 7 does not ship:
/// the response is an AMQP field table <c>{LOGIN: user, PASSWORD: password}</c> without the table's length prefix.
/// </summary>
internal sealed class AmqplainMechanism : IAuthMechanism
{
    public Task<byte[]> HandleChallengeAsync(byte[]? challenge, ConnectionConfig config, CancellationToken cancellationToken = default) =>
        Task.FromResult(Encode(config.UserName, config.Password));

    /// <summary>Encodes the response: per entry a short-string key, the type <c>S</c> and a long string.</summary>
    public static byte[] Encode(string user, string password)
    {
        var buffer = new List<byte>(64 + user.Length + password.Length);
        AddEntry(buffer, "LOGIN", user);
        AddEntry(buffer, "PASSWORD", password);
        return [.. buffer];
    }

    private static void AddEntry(List<byte> buffer, string key, string value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        buffer.Add((byte)keyBytes.Length);
        buffer.AddRange(keyBytes);
        buffer.Add((byte)'S');
        var valueBytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)valueBytes.Length);
        buffer.AddRange(length.ToArray());
        buffer.AddRange(valueBytes);
    }
}
