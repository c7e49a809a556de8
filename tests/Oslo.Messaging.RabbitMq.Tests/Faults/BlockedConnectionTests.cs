using System.Text;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Testing;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Faults;

/// <summary>The broker's memory alarm blocks publishing connections: both the block and the unblock are logged.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "BrokerFaults")]
[Collection("BrokerFaults")]
public sealed class BlockedConnectionTests
{
    private static readonly TimeSpan _signal = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SendConnection_BlockedThenUnblocked_LogsBothAndTheSendCompletes()
    {
        var logs = new CapturingLoggerFactory();
        await using var transport = await TestBroker.CreateTransportAsync(options: new TransportOptions { LoggerFactory = logs });
        var topic = TestBroker.Unique("blocked");
        await transport.Driver.SendAsync(Destination.ToTopic(null, topic), Encoding.UTF8.GetBytes("{}"), new SendOptions(), CancellationToken.None);
        Task send;
        try
        {
            await BrokerControl.RunAsync("ctl set_vm_memory_high_watermark 0", _signal);
            // The broker blocks a connection (and says so) when it publishes during the alarm.
            send = transport.Driver.SendAsync(Destination.ToTopic(null, topic), Encoding.UTF8.GetBytes("{}"), new SendOptions(), CancellationToken.None).AsTask();
            await logs.WaitForAsync(e => e.EventId.Id == 105, _signal);
        }
        finally
        {
            await BrokerControl.RunAsync("ctl set_vm_memory_high_watermark 0.4", _signal);
        }

        await logs.WaitForAsync(e => e.EventId.Id == 108, _signal);
        await send.WaitAsync(_signal);
    }
}
