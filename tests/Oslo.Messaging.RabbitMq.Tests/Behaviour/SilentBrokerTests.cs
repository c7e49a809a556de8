using System.Net;
using System.Net.Sockets;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq.Tests.Support;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Behaviour;

/// <summary>A "broker" that accepts TCP connections and never answers (a hung node, a black-holed port): calls still
/// end by their deadline with a clear exception. No RabbitMQ needed.</summary>
public sealed class SilentBrokerTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];

    public SilentBrokerTests()
    {
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task CallAsync_BrokerNeverAnswers_FailsByTheDeadlineInsteadOfHanging()
    {
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var options = new TransportOptions().UseRabbitMq(TestBroker.FastRecovery());
        await using var transport = await Transport.CreateAsync($"rabbit://guest:secret@127.0.0.1:{port}/", options);
        var client = new RpcClient(transport, new Target("silent"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(2) });

        // The reply queue start gives up waiting after 5 s; the send then fails within the 2 s call timeout.
        var call = client.CallAsync<int>(new RequestContext(), "add");
        var error = await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CastAsync_BrokerNeverAnswers_FailsByTheDeadline()
    {
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var options = new TransportOptions().UseRabbitMq(TestBroker.FastRecovery());
        await using var transport = await Transport.CreateAsync($"rabbit://127.0.0.1:{port}/", options);
        var client = new RpcClient(transport, new Target("silent"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(1) });

        await Assert.ThrowsAsync<MessageDeliveryFailureException>(() => client.CastAsync(new RequestContext(), "note").WaitAsync(TimeSpan.FromSeconds(20)));
        await transport.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Listener stopped.
        }
    }
}
