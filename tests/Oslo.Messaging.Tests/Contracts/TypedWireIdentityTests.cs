using System.Text.RegularExpressions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Contracts;

/// <summary>A typed proxy sends exactly the message an untyped call with the same arguments sends: same bytes (the random
/// message and unique ids aside), same destination, same send options.</summary>
public sealed partial class TypedWireIdentityTests : IAsyncLifetime
{
    private readonly RecordingDriver _driver = new();
    private Transport _transport = null!;

    public async Task InitializeAsync() => _transport = await RecordingDriver.CreateTransportAsync(_driver);

    public async Task DisposeAsync() => await _transport.DisposeAsync();

    private static RequestContext Context() => new RequestContext { UserId = "alice", ProjectId = "p1" }.Set("roles", new[] { "admin" });

    [GeneratedRegex("\"(_msg_id|_unique_id)\":\"[0-9a-f]{32}\"")]
    private static partial Regex Ids();

    private static string Masked(SentMessage sent) =>
        Ids().Replace(System.Text.Encoding.UTF8.GetString(sent.Body).Replace("\\\"", "\"", StringComparison.Ordinal), "\"$1\":\"*\"");

    private async Task<SentMessage> CallAsync(Func<Task> call)
    {
        var task = call();
        var sent = await _driver.NextSentAsync();
        await _driver.ReplyAsync(Replies.Result(sent.Message.GetProperty("_msg_id").GetString()!, "null"));
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NullReferenceException)
        {
            // The null reply does not fit every result type; only the request matters here.
        }

        return sent;
    }

    private static void AssertSame(SentMessage untyped, SentMessage typed)
    {
        Assert.Equal(Masked(untyped), Masked(typed));
        Assert.Equal(untyped.Destination, typed.Destination);
        Assert.Equal(untyped.Options with { PendingCall = null }, typed.Options with { PendingCall = null }); // each call's own waiter
        Assert.Equal(untyped.Options.PendingCall is null, typed.Options.PendingCall is null);
    }

    [Fact]
    public async Task Call_TypedAndUntyped_SameMessage()
    {
        var client = new RpcClient(_transport, new Target("compute"));
        var typed = await CallAsync(() => client.For<IComputeApi>().AddAsync(Context(), 2, 3));
        var untyped = await CallAsync(() => client.Prepare(version: "1.0").CallAsync<int>(Context(), "add", new { a = 2, b = 3 }));

        AssertSame(untyped, typed);
        Assert.Contains("\"args\":{\"a\":2,\"b\":3}", Masked(typed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallWithSinceVersionNoContextAndOptional_TypedAndUntyped_SameMessage()
    {
        var client = new RpcClient(_transport, new Target("compute"));
        var typed = await CallAsync(async () => await new ComputeApiClient(client).DescribeAsync(7));
        var untyped = await CallAsync(() => client.Prepare(version: "1.2").CallAsync<string?>(new RequestContext(), "describe", new { InstanceId = 7, Note = (string?)null }));

        AssertSame(untyped, typed);
    }

    [Fact]
    public async Task CallWithServerTimeoutAndMonitor_TypedAndUntyped_SameMessage()
    {
        var client = new RpcClient(_transport, new Target("compute"));
        var typedClient = new ComputeApiClient(client).Prepare(server: "host-1", timeout: TimeSpan.FromSeconds(5), callMonitorTimeout: TimeSpan.FromSeconds(2));
        var typed = await CallAsync(() => typedClient.GetFlavorAsync(Context(), "m1.small"));
        var untyped = await CallAsync(() => client.Prepare(server: "host-1", version: "1.0", timeout: TimeSpan.FromSeconds(5), callMonitorTimeout: TimeSpan.FromSeconds(2))
            .CallAsync<Flavor>(Context(), "get_flavor", new { flavor_id = "m1.small" }));

        AssertSame(untyped, typed);
        Assert.Equal(Destination.For(new Target("compute", "host-1")), typed.Destination);
    }

    [Fact]
    public async Task RenamedCall_TypedAndUntyped_SameMessage()
    {
        var client = new RpcClient(_transport, new Target("compute"));
        var typed = await CallAsync(() => client.For<IComputeApi>().RebootAsync(Context(), "i-1"));
        var untyped = await CallAsync(() => client.Prepare(version: "1.0").CallAsync(Context(), "reboot_instance_now", new { instance_id = "i-1" }));

        AssertSame(untyped, typed);
    }

    [Fact]
    public async Task CastAndFanoutCast_TypedAndUntyped_SameMessage()
    {
        var client = new RpcClient(_transport, new Target("compute"));
        var proxy = client.For<IComputeApi>();

        await proxy.NotifyAsync(Context(), "héllo \"world\"");
        var typedCast = await _driver.NextSentAsync();
        await client.Prepare(version: "1.0").CastAsync(Context(), "notify", new { message = "héllo \"world\"" });
        var untypedCast = await _driver.NextSentAsync();
        await proxy.BroadcastAsync(Context(), "all");
        var typedFanout = await _driver.NextSentAsync();
        await client.Prepare(version: "1.0", fanout: true).CastAsync(Context(), "broadcast", new { message = "all" });
        var untypedFanout = await _driver.NextSentAsync();

        AssertSame(untypedCast, typedCast);
        AssertSame(untypedFanout, typedFanout);
        Assert.Equal(DestinationKind.Fanout, typedFanout.Destination.Kind);
    }
}
