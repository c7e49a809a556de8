using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.Transports;

/// <summary>
/// A connection to a messaging system, created from a URL (oslo's <c>get_rpc_transport</c>). Shared by any number of
/// <see cref="Rpc.RpcClient"/>s and <see cref="Rpc.RpcServer"/>s; owns the single reply address all calls share.
/// </summary>
public sealed class Transport : IAsyncDisposable
{
    private readonly SemaphoreSlim _replyStartLock = new(1, 1);
    private IReplyConsumer? _replies;
    private int _disposed;

    private Transport(TransportUrl url, TransportDriver driver, TransportOptions options)
    {
        Url = url;
        Driver = driver;
        ControlExchange = options.ControlExchange;
        RemoteExceptions = options.RemoteExceptions;
        LoggerFactory = options.LoggerFactory;
        TimeProvider = options.TimeProvider;
    }

    /// <summary>The URL the transport was created from (its <c>ToString</c> masks passwords).</summary>
    public TransportUrl Url { get; }

    /// <summary>The driver moving the bytes.</summary>
    internal TransportDriver Driver { get; }

    /// <summary>The exchange used for targets without one.</summary>
    public string ControlExchange { get; }

    /// <summary>The remote exceptions recreated by clients of this transport.</summary>
    public RemoteExceptionRegistry RemoteExceptions { get; }

    /// <summary>The state of the driver's connections now (<see cref="ConnectionStatus.Closed"/> once disposed), for
    /// health checks: drivers connect lazily, so a transport nothing has used yet is <see cref="ConnectionStatus.Idle"/>.</summary>
    public TransportConnectionState ConnectionState =>
        Volatile.Read(ref _disposed) == 1 ? new(ConnectionStatus.Closed, "The transport was disposed") : Driver.ConnectionState;

    internal ILoggerFactory LoggerFactory { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>Creates a transport for <paramref name="url"/> with the driver registered for its scheme. Does no I/O
    /// (drivers connect on first use), so it suits places that cannot await, such as a container's factory.</summary>
    /// <exception cref="InvalidTransportUrlException">The URL is malformed or no driver serves its scheme.</exception>
    /// <exception cref="TransportConfigurationException">A URL option is unknown or invalid.</exception>
    public static Transport Create(string url, TransportOptions? options = null)
    {
        options ??= new TransportOptions();
        ArgumentException.ThrowIfNullOrEmpty(options.ControlExchange, nameof(options.ControlExchange));
        var parsed = TransportUrl.Parse(url);
        var factory = options.Drivers.FirstOrDefault(f => f.Schemes.Contains(parsed.Driver, StringComparer.Ordinal))
            ?? throw new InvalidTransportUrlException(
                $"No transport driver for scheme '{parsed.Driver}' in \"{parsed}\". Known: {string.Join(", ", options.Drivers.SelectMany(f => f.Schemes))}. " +
                $"Reference the transport package that serves '{parsed.Driver}' and register its driver in TransportOptions.Drivers (its Use... extension on TransportOptions).");
        return new Transport(parsed, factory.Create(parsed, options), options);
    }

    /// <summary>As <see cref="Create"/> (which does no I/O, so this completes at once); kept for code that awaits the
    /// creation.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was already canceled.</exception>
    /// <inheritdoc cref="Create" path="/exception"/>
    public static Task<Transport> CreateAsync(string url, TransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Transport>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Create(url, options));
        }
        catch (Exception ex)
        {
            return Task.FromException<Transport>(ex); // as an async method: the failure is the task's
        }
    }

    /// <summary>Closes the driver's connections. Calls still waiting fail; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _replies?.FailAll(new MessageDeliveryFailureException("The transport was disposed while the call was waiting for its reply"));
        await Driver.DisposeAsync().ConfigureAwait(false);
        _replyStartLock.Dispose();
    }

    /// <summary>The reply consumer, made by <paramref name="create"/> and started on the driver on first use (oslo
    /// creates its reply queue lazily, on the first call). Every later caller gets the same consumer.</summary>
    internal async ValueTask<TConsumer> GetReplyConsumerAsync<TConsumer>(Func<TConsumer> create, CancellationToken cancellationToken)
        where TConsumer : class, IReplyConsumer
    {
        if (Volatile.Read(ref _replies) is TConsumer ready)
        {
            return ready;
        }

        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        await _replyStartLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_replies is null)
            {
                var consumer = create();
                consumer.Address = await Driver.StartReplyConsumerAsync(consumer, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _replies, consumer);
            }

            return (TConsumer)_replies;
        }
        finally
        {
            _replyStartLock.Release();
        }
    }
}
