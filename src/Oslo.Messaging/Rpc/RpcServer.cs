using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Contracts;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Internal;
using Oslo.Messaging.Rpc.Internal;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Rpc;

/// <summary>
/// Serves a target's requests with a list of endpoints (oslo's <c>get_rpc_server</c>). Listens on the target's topic,
/// on <c>topic.server</c> and on the topic's fanout; each request goes to the first endpoint that accepts its namespace
/// and version and has the method.
/// </summary>
/// <remarks>
/// Lifecycle as oslo's (docs/wire-protocol.md, "Server lifecycle"): <see cref="StartAsync"/> (repeated calls ignored), <see cref="StopAsync"/> (no new
/// messages; in-flight ones go on), <see cref="WaitAsync"/> (waits for stop, then for every accepted request to finish
/// and be replied; afterwards no endpoint code runs). A stopped server can be started again.
/// </remarks>
public sealed class RpcServer : IAsyncDisposable
{
    private readonly Transport _transport;
    private readonly RpcServerOptions _options;
    private readonly RpcDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly ListenerLifecycle _lifecycle = new();
    private readonly RequestLimits _limits;
    private readonly RpcEndpointActivator? _activator;

    /// <summary>Creates a server; describes every endpoint now, so a bad endpoint fails here, not on the first call.</summary>
    /// <exception cref="InvalidTargetException">The target lacks a topic or a server.</exception>
    /// <exception cref="ArgumentException">An endpoint has two methods with one wire name, or an invalid version, or no
    /// RPC method at all (typically a forgotten <see cref="RequestContext"/> first parameter).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RpcServerOptions.MaxRequestBytes"/> or
    /// <see cref="RpcServerOptions.MaxJsonDepth"/> is out of range.</exception>
    /// <remarks>Endpoints are bound by reflection and emitted code (typed <see cref="ContractEndpoint"/>s among
    /// them are not); a trimmed or Native AOT app serves typed contracts through the other constructor.</remarks>
    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    public RpcServer(Transport transport, Target target, IEnumerable<object> endpoints, RpcServerOptions? options = null)
        : this(transport, target, options, o => new RpcDispatcher(endpoints, o.AccessPolicy, o.PingEnabled), activator: null)
    {
    }

    /// <summary>Creates a server of typed contract endpoints (the <c>XxxEndpoint</c> classes Oslo.Messaging.Generators
    /// emits): no reflection and no runtime code generation, so it suits trimmed and Native AOT apps.</summary>
    /// <exception cref="InvalidTargetException">The target lacks a topic or a server.</exception>
    /// <exception cref="ArgumentException">Two endpoints' methods clash, or an endpoint is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RpcServerOptions.MaxRequestBytes"/> or
    /// <see cref="RpcServerOptions.MaxJsonDepth"/> is out of range.</exception>
    public RpcServer(Transport transport, Target target, IEnumerable<ContractEndpoint> endpoints, RpcServerOptions? options = null)
        : this(transport, target, options, o => new RpcDispatcher(endpoints, o.AccessPolicy, o.PingEnabled), activator: null)
    {
    }

    /// <summary>
    /// Creates a server whose endpoints are created per request by <paramref name="activator"/> (for instance from a
    /// dependency-injection scope); describes every endpoint now, so a bad one fails here. Each entry is an endpoint
    /// type, bound by reflection, or a typed contract's endpoint (<see cref="ContractEndpoint.PerRequest{TContract, TImplementation}"/>,
    /// or one bound to an object), dispatched by generated code. Endpoints are consulted in the order given, as
    /// endpoint objects are.
    /// </summary>
    /// <exception cref="InvalidTargetException">The target lacks a topic or a server.</exception>
    /// <exception cref="ArgumentException">No endpoint, or an entry that is neither a type nor a contract endpoint, or
    /// an endpoint type that is an abstract class or an open generic, or one with two methods of one wire name, an
    /// invalid version, or no RPC method.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RpcServerOptions.MaxRequestBytes"/> or
    /// <see cref="RpcServerOptions.MaxJsonDepth"/> is out of range.</exception>
    /// <remarks>Endpoint types are bound by reflection and emitted code, as untyped endpoint objects are; a
    /// trimmed or Native AOT app serves typed contracts only, through the <see cref="ContractEndpoint"/> overload.</remarks>
    [RequiresUnreferencedCode(EndpointDescriptor.Reason)]
    [RequiresDynamicCode(EndpointDescriptor.Reason)]
    public RpcServer(Transport transport, Target target, IEnumerable<object> endpoints, RpcEndpointActivator activator, RpcServerOptions? options = null)
        : this(transport, target, options, o => RpcDispatcher.ForDescribed(DescribeActivated(endpoints, EndpointDescriptor.DescribeActivated), o.AccessPolicy, o.PingEnabled), activator ?? throw new ArgumentNullException(nameof(activator)))
    {
    }

    /// <summary>
    /// Creates a server of typed contract endpoints whose objects <paramref name="activator"/> creates per request
    /// (<see cref="ContractEndpoint.PerRequest{TContract, TImplementation}"/>; endpoints bound to an object may be
    /// among them): generated dispatch, no reflection, so it suits trimmed and Native AOT apps.
    /// </summary>
    /// <exception cref="InvalidTargetException">The target lacks a topic or a server.</exception>
    /// <exception cref="ArgumentException">No endpoint, a null one, or two endpoints' methods clash.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RpcServerOptions.MaxRequestBytes"/> or
    /// <see cref="RpcServerOptions.MaxJsonDepth"/> is out of range.</exception>
    public RpcServer(Transport transport, Target target, IEnumerable<ContractEndpoint> endpoints, RpcEndpointActivator activator, RpcServerOptions? options = null)
        : this(transport, target, options, o => RpcDispatcher.ForDescribed(DescribeActivated(endpoints, EndpointDescriptor.Describe), o.AccessPolicy, o.PingEnabled), activator ?? throw new ArgumentNullException(nameof(activator)))
    {
    }

    private RpcServer(Transport transport, Target target, RpcServerOptions? options, Func<RpcServerOptions, RpcDispatcher> dispatcher, RpcEndpointActivator? activator)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(target);
        target.ValidateForServer();
        _transport = transport;
        Target = target;
        _options = options ?? new RpcServerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxRequestBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxJsonDepth, 2, nameof(options));
        _limits = new RequestLimits(_options.MaxRequestBytes, _options.MaxJsonDepth);
        _dispatcher = dispatcher(_options);
        if (activator is null && _dispatcher.HasActivatedEndpoints)
        {
            throw new ArgumentException("An endpoint is created per request (ContractEndpoint.PerRequest) but the server has no activator: pass an RpcEndpointActivator", nameof(activator));
        }

        _activator = activator;
        _logger = (_options.LoggerFactory ?? transport.LoggerFactory).CreateLogger<RpcServer>();
    }

    private static List<EndpointDescriptor> DescribeActivated<T>(IEnumerable<T> endpoints, Func<T, EndpointDescriptor> describe)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var described = endpoints.Select(e => e is null
            ? throw new ArgumentException("An endpoint is null", nameof(endpoints))
            : describe(e)).ToList();
        return described.Count > 0 ? described : throw new ArgumentException("A server needs at least one endpoint", nameof(endpoints));
    }

    /// <summary>The target served.</summary>
    public Target Target { get; }

    /// <summary>True between a start and the next stop.</summary>
    public bool IsRunning => _lifecycle.IsRunning;

    /// <summary>Starts listening. Ignored while already running; after a stop, first finishes the previous run's wait.</summary>
    /// <exception cref="ServerListenException">The transport could not start consuming.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (await _lifecycle.StartAsync(StartRunAsync, cancellationToken).ConfigureAwait(false))
        {
            RpcLog.Started(_logger, Target, _options.Executor);
        }
    }

    /// <summary>Stops taking messages; requests already taken go on. Returns once the transport consumes no more. No-op when not running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (await _lifecycle.StopAsync(cancellationToken).ConfigureAwait(false))
        {
            RpcLog.Stopped(_logger, Target);
        }
    }

    /// <summary>
    /// Waits for <see cref="StopAsync"/>, then for every accepted request to finish and be replied, then closes the
    /// listener (deleting the fanout queue). Returns at once if the server never started.
    /// </summary>
    public Task WaitAsync(CancellationToken cancellationToken = default) => _lifecycle.WaitAsync(cancellationToken);

    private async Task<ListenerRun> StartRunAsync(CancellationToken cancellationToken)
    {
        // Intake (decode, dedupe, enqueue) feeds the executor's workers (dispatch, heartbeat, reply).
        var pendingReplies = new TrackedTasks(limit: 1024); // replies still on their way after their worker moved on
        var replies = new ReplySender(_transport, _options.Serializer, pendingReplies, _logger);
        var executor = new RequestExecutor(_transport, Target, _dispatcher, _activator, _options.Serializer, replies, _logger);
        // The pooled executor starts requests on the transport's consumer when it has a free slot (no hop to a worker;
        // docs/rabbitmq.md, "Requests start on the consumer"); the blocking one keeps its queue, which is what orders
        // its requests.
        var inline = _options.Executor.StartsOnConsumer;
        var work = new WorkQueue<IncomingRequest>(_options.Executor.MaxConcurrency, executor.ProcessAsync, pendingReplies,
            (request, ex) => RpcLog.RequestCrashed(_logger, request.Method, request.MessageId ?? request.UniqueId ?? "(none)", ex), inline);
        var intake = new RequestIntake(work, replies, _limits, _logger, inline);
        TransportListener listener;
        try
        {
            listener = await _transport.Driver.ListenAsync(Target, intake, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // No listener: release the idle workers, whatever the reason (cancellation included).
            await work.DrainAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new ServerListenException(Target, ex);
        }

        // On stop, messages the transport already handed over must not hold the stop while the executor is full.
        return new ListenerRun(listener, work.StopBackpressure, work.DrainAsync);
    }

    /// <summary>Stops and waits.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await WaitAsync().ConfigureAwait(false);
    }
}
