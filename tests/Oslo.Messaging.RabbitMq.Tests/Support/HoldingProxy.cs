using System.Net;
using System.Net.Sockets;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>
/// A TCP proxy in front of the test broker that can hold what clients write: while <see cref="Hold"/> is on, bytes
/// from clients are kept instead of forwarded, so a publish is written (as far as the client can tell) but never
/// reaches the broker and is never confirmed. A connection can then be dropped with what it held
/// (<see cref="Drop"/>), and <see cref="Release"/> forwards what the others held and lets everything through again.
/// </summary>
/// <remarks>Deterministic where timing is not: the broker confirms a publish within a millisecond, so "the channel
/// is lost after the write, before the confirm" cannot be arranged by racing a close against the broker.</remarks>
internal sealed class HoldingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TransportHost _broker;
    private readonly Lock _lock = new();
    private readonly List<Link> _links = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _holding;

    public HoldingProxy()
    {
        var url = TransportUrl.Parse(TestBroker.Url);
        _broker = url.Hosts.Count > 0 ? url.Hosts[0] : new TransportHost("localhost");
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The test broker's URL through this proxy.</summary>
    public string Url =>
        $"rabbit://{Uri.EscapeDataString(_broker.Username ?? "guest")}:{Uri.EscapeDataString(_broker.Password ?? "guest")}@127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>From now on, what clients write is kept, not forwarded.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _holding = true;
        }
    }

    /// <summary>The connection whose held bytes contain <paramref name="marker"/>, once one does.</summary>
    public async Task<Link> WaitForHeldAsync(byte[] marker, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_links.Find(l => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l.Held).IndexOf(marker) >= 0) is { } found)
                {
                    return found;
                }

                changed = _held.Task;
            }

            await changed.WaitAsync(deadline.Token);
        }
    }

    /// <summary>Closes <paramref name="link"/> on both sides; what it held never reaches the broker.</summary>
    public void Drop(Link link)
    {
        lock (_lock)
        {
            _links.Remove(link);
            link.Held.Clear();
        }

        link.Close();
    }

    /// <summary>Forwards what the remaining connections held, and everything from now on.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _holding = false;
            foreach (var link in _links)
            {
                link.Broker.Send(link.Held.ToArray()); // under the lock: nothing a client writes next can overtake it
                link.Held.Clear();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Link[] links;
        lock (_lock)
        {
            links = [.. _links];
            _links.Clear();
        }

        foreach (var link in links)
        {
            link.Close();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var broker = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await broker.ConnectAsync(_broker.Hostname, _broker.Port ?? 5672, _stop.Token);
                var link = new Link(client, broker);
                lock (_lock)
                {
                    _links.Add(link);
                }

                _ = UpstreamAsync(link);
                _ = DownstreamAsync(link);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task UpstreamAsync(Link link)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await link.Client.ReceiveAsync(buffer, _stop.Token)) > 0)
            {
                lock (_lock)
                {
                    if (!_links.Contains(link))
                    {
                        return; // dropped
                    }

                    if (_holding)
                    {
                        link.Held.AddRange(buffer.AsSpan(0, read));
                        _held.TrySetResult();
                        _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
                        continue;
                    }

                    link.Broker.Send(buffer, 0, read, SocketFlags.None); // under the lock: in order with Release
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }

        link.Close();
    }

    private async Task DownstreamAsync(Link link)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await link.Broker.ReceiveAsync(buffer, _stop.Token)) > 0)
            {
                await link.Client.SendAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }

        link.Close();
    }

    /// <summary>One client connection and its connection to the broker.</summary>
    public sealed class Link(Socket client, Socket broker)
    {
        private int _closed;

        public Socket Client { get; } = client;

        public Socket Broker { get; } = broker;

        /// <summary>What the client wrote while held (guarded by the proxy's lock).</summary>
        public List<byte> Held { get; } = [];

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Client.Dispose();
                Broker.Dispose();
            }
        }
    }
}
