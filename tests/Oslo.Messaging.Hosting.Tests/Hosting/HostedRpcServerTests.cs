using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Hosting.Internal;
using Oslo.Messaging.Hosting.Tests.Support;
using Oslo.Messaging.Memory;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Hosting.Tests.Hosting;

public sealed class HostedRpcServerTests
{
    private static readonly Target Calc = new("calculator", server: "calc-1");
    private static readonly Target TypedOrdersTarget = new("typed_orders", server: "orders-1");

    [Fact]
    public async Task HostedServer_KeyedClient_AnswersCall()
    {
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer<Calculator>(Calc)
            .AddRpcClient("calc", new Target("calculator")));

        var client = host.Services.GetRequiredKeyedService<RpcClient>("calc");
        Assert.Equal(5, await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }).WaitAsync(TestHosts.Wait));
        await host.StopAsync();
    }

    [Fact]
    public async Task TypedClient_IsConstructedWithItsRpcClient_AndCalls()
    {
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer<Calculator>(Calc)
            .AddRpcClient<CalculatorClient>(new Target("calculator"), o => o with { Timeout = TimeSpan.FromSeconds(5) }));

        Assert.Equal(7, await host.Services.GetRequiredService<CalculatorClient>().AddAsync(3, 4).WaitAsync(TestHosts.Wait));
        await host.StopAsync();
    }

    [Fact]
    public async Task RegisteredClient_TimeoutDefaultsToRpcResponseTimeout()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOsloMessaging(o =>
        {
            o.TransportUrl = "memory://";
            o.RpcResponseTimeout = TimeSpan.FromSeconds(17);
        }).AddRpcClient("c", new Target("t"));
        using var host = builder.Build();

        Assert.Equal(TimeSpan.FromSeconds(17), host.Services.GetRequiredKeyedService<RpcClient>("c").Timeout);
    }

    [Fact]
    public async Task HostStop_WithCallsInFlight_LetsThemFinishAndReply()
    {
        var broker = new MemoryBroker();
        var gate = new Gate();
        using var server = await TestHosts.StartAsync(broker, m => m.AddRpcServer<Slow>(Calc), s => s.AddSingleton(gate));
        using var caller = await TestHosts.StartAsync(broker, m => m.AddRpcClient("calc", new Target("calculator")));
        using var opensFirst = gate; // disposed before the hosts: a failing test must not leave their disposal waiting
        var client = caller.Services.GetRequiredKeyedService<RpcClient>("calc");

        var calls = Enumerable.Range(0, 3).Select(i => client.CallAsync<string>(new RequestContext(), "work", new { name = "c" + i })).ToList();
        await gate.WaitEnteredAsync(3);
        var stopping = server.StopAsync();
        var hosted = server.Services.GetServices<IHostedService>().OfType<HostedEndpoint>().Single();
        await hosted.Draining.WaitAsync(TestHosts.Wait);
        // Consumers are off the queues; the stop must now wait for the three requests, however long they take.
        Assert.False(stopping.IsCompleted, $"the host stopped while requests were still running ({hosted.Health.State}; {stopping.Exception})");
        gate.Open();
        await stopping.WaitAsync(TestHosts.Wait);

        Assert.Equal(["done c0", "done c1", "done c2"], await Task.WhenAll(calls).WaitAsync(TestHosts.Wait));
        // Stopped: a new call is not taken (nobody consumes the topic any more).
        await Assert.ThrowsAsync<MessagingTimeoutException>(() =>
            client.Prepare(timeout: TimeSpan.FromMilliseconds(300)).CallAsync<string>(new RequestContext(), "work", new { name = "late" }));
        await caller.StopAsync();
    }

    [Fact]
    public async Task HostStop_CallOutlivesShutdownTimeout_StopReturnsAnyway()
    {
        var broker = new MemoryBroker();
        var gate = new Gate();
        using var server = await TestHosts.StartAsync(broker, m => m.AddRpcServer<Slow>(Calc), s => s.AddSingleton(gate),
            shutdownTimeout: TimeSpan.FromMilliseconds(200));
        using var caller = await TestHosts.StartAsync(broker, m => m.AddRpcClient("calc", new Target("calculator")));
        using var opensFirst = gate; // disposed before the hosts: a failing test must not leave their disposal waiting

        var call = caller.Services.GetRequiredKeyedService<RpcClient>("calc").CallAsync<string>(new RequestContext(), "work", new { name = "stuck" });
        await gate.WaitEnteredAsync(1);
        await server.StopAsync().WaitAsync(TestHosts.Wait); // returns after the shutdown timeout, not when the call ends

        Assert.False(call.IsCompleted);
        gate.Open();
        await caller.StopAsync();
    }

    [Fact]
    public async Task ScopedDependency_IsCreatedAndDisposedPerRequest()
    {
        var log = new WorkLog();
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer<Orders>(Calc)
            .AddRpcClient("orders", new Target("calculator")),
            s => s.AddSingleton(log).AddScoped<UnitOfWork>());
        var client = host.Services.GetRequiredKeyedService<RpcClient>("orders");

        var first = await client.CallAsync<int>(new RequestContext(), "unit_of_work").WaitAsync(TestHosts.Wait);
        var second = await client.CallAsync<int>(new RequestContext(), "unit_of_work").WaitAsync(TestHosts.Wait);

        Assert.NotEqual(first, second);
        // The scope ends after the reply is sent, so the disposal may trail the reply by a moment.
        Assert.Equal([first, second], await log.WaitDisposedAsync(2));
        await host.StopAsync();
    }

    [Fact]
    public async Task RequestContext_IsInjectableInTheRequestScope()
    {
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer<Orders>(Calc)
            .AddRpcClient("orders", new Target("calculator")),
            s => s.AddSingleton(new WorkLog()).AddScoped<UnitOfWork>());

        var user = await host.Services.GetRequiredKeyedService<RpcClient>("orders")
            .CallAsync<string>(new RequestContext { UserId = "alice" }, "user").WaitAsync(TestHosts.Wait);

        Assert.Equal("alice", user);
        await host.StopAsync();
    }

    [Fact]
    public async Task TypedContract_ScopedDependency_IsCreatedAndDisposedPerRequest()
    {
        var log = new WorkLog();
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer(TypedOrdersTarget, s => s.AddContract<ITypedOrdersApi, TypedOrders>())
            .AddRpcClient("orders", new Target("typed_orders")),
            s => s.AddSingleton(log).AddScoped<UnitOfWork>());
        var orders = host.Services.GetRequiredKeyedService<RpcClient>("orders").For<ITypedOrdersApi>();

        var first = await orders.UnitOfWorkAsync(new RequestContext()).WaitAsync(TestHosts.Wait);
        var second = await orders.UnitOfWorkAsync(new RequestContext()).WaitAsync(TestHosts.Wait);

        Assert.NotEqual(first, second);
        Assert.Equal([first, second], await log.WaitDisposedAsync(2));
        await host.StopAsync();
    }

    [Fact]
    public async Task TypedContract_RequestContext_IsInjectableInTheRequestScope()
    {
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer(TypedOrdersTarget, s => s.AddContract<ITypedOrdersApi, TypedOrders>())
            .AddRpcClient("orders", new Target("typed_orders")),
            s => s.AddSingleton(new WorkLog()).AddScoped<UnitOfWork>());

        var user = await host.Services.GetRequiredKeyedService<RpcClient>("orders").For<ITypedOrdersApi>()
            .UserAsync(new RequestContext { UserId = "alice" }).WaitAsync(TestHosts.Wait);

        Assert.Equal("alice", user);
        await host.StopAsync();
    }

    [Fact]
    public async Task TypedContract_IsBoundByGeneratedCode_NotByReflection()
    {
        var policy = new RecordingPolicy();
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer(TypedOrdersTarget, s => s.AddContract<ITypedOrdersApi, TypedOrders>().WithOptions(o => o with { AccessPolicy = policy }))
            .AddRpcClient("orders", new Target("typed_orders")),
            s => s.AddSingleton(new WorkLog()).AddScoped<UnitOfWork>());

        // A reflected method carries its MethodInfo; a generated one has none.
        var unitOfWork = Assert.Single(policy.Asked, d => d.WireName == "unit_of_work");
        Assert.Null(unitOfWork.Method);
        await host.StopAsync();
    }

    [Fact]
    public async Task TypedContract_BesideAnEndpointType_BothAnswer()
    {
        var log = new WorkLog();
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer(TypedOrdersTarget, s => s.AddEndpoint<Calculator>().AddContract<ITypedOrdersApi, TypedOrders>())
            .AddRpcClient("orders", new Target("typed_orders")),
            s => s.AddSingleton(log).AddScoped<UnitOfWork>());
        var client = host.Services.GetRequiredKeyedService<RpcClient>("orders");

        Assert.Equal(5, await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }).WaitAsync(TestHosts.Wait));
        Assert.Equal(1, await client.For<ITypedOrdersApi>().UnitOfWorkAsync(new RequestContext()).WaitAsync(TestHosts.Wait));
        await host.StopAsync();
    }

    [Fact]
    public async Task FailingEndpointConstructor_GivesFailureReply_ServerGoesOn()
    {
        using var host = await TestHosts.StartAsync(new MemoryBroker(), m => m
            .AddRpcServer(Calc, s => s.AddEndpoint<BrokenEndpoint>().AddEndpoint<Calculator>())
            .AddRpcClient("calc", new Target("calculator")));
        var client = host.Services.GetRequiredKeyedService<RpcClient>("calc");

        var failure = await Assert.ThrowsAsync<RemoteErrorException>(() =>
            client.Prepare(@namespace: "broken").CallAsync<int>(new RequestContext(), "anything").WaitAsync(TestHosts.Wait));

        Assert.Equal(nameof(MissingDatabaseException), failure.ExcType);
        Assert.Contains("the database is not configured", failure.Value, StringComparison.Ordinal);
        Assert.Equal(9, await client.CallAsync<int>(new RequestContext(), "add", new { a = 4, b = 5 }).WaitAsync(TestHosts.Wait));
        await host.StopAsync();
    }

    [Fact]
    public async Task MissingTransportUrl_FailsHostStartWithTheReason()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOsloMessaging().AddRpcServer<Calculator>(Calc);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("transport_url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRpcServer_WithoutEndpoint_Throws()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddOsloMessaging().AddRpcServer(Calc, _ => { }));
    }

    private sealed class RecordingPolicy : RpcAccessPolicy
    {
        public List<RpcMethodDescription> Asked { get; } = [];

        public override bool IsAllowed(RpcMethodDescription method)
        {
            Asked.Add(method);
            return true;
        }
    }
}
