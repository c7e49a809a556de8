using Oslo.Messaging.RabbitMq.Internal;
using RabbitMQ.Client;

namespace Oslo.Messaging.RabbitMq.Tests.Wire;

/// <summary>The content-header properties exactly as they are serialized into the AMQP frame (a consumer built on
/// RabbitMQ.Client cannot tell an empty headers table from none, so the bytes are checked here).</summary>
public sealed class PropertiesFrameTests
{
    [Fact]
    public void CreateProperties_WithoutExpiration_SerializesOslosPropertiesWithEmptyHeadersTable()
    {
        var properties = PipelinedChannel.CreateProperties();

        var frame = Serialize(properties);

        byte[] expected =
        [
            0b1111_0000, 0b0000_0000, // content-type, content-encoding, headers, delivery-mode present; no priority, no expiration
            16, .. "application/json"u8.ToArray(),
            5, .. "utf-8"u8.ToArray(),
            0, 0, 0, 0, // headers: an empty table
            2, // delivery-mode persistent
        ];
        Assert.Equal(expected, frame);
    }

    [Fact]
    public void CreateProperties_WithExpiration_AppendsItAsShortString()
    {
        var properties = PipelinedChannel.CreateProperties();
        properties.Expiration = "60000";

        var frame = Serialize(properties);

        Assert.Equal(0b1111_0001, frame[0]);
        Assert.Equal([5, .. "60000"u8.ToArray()], frame[^6..]);
    }

    private static byte[] Serialize(BasicProperties properties)
    {
        IAmqpWriteable writeable = properties;
        var buffer = new byte[writeable.GetRequiredBufferSize()];
        var length = writeable.WriteTo(buffer);
        return buffer[..length];
    }
}
