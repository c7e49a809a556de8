using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Tests.Rpc;

public sealed class SmokeTests
{
    [RpcEndpoint(Version = "1.3")]
    public sealed class Calculator
    {
        public int Add(RequestContext context, int a, int b) => a + b;

        public async Task<string> EchoAsync(RequestContext context, string payload, string suffix = "!")
        {
            await Task.Yield();
            return payload + suffix;
        }

        public void Fail(RequestContext context, string message) => throw new InvalidOperationException(message);
    }

    [Fact]
    public async Task CallAsync_MemoryTransport_ReturnsResultAndRaisesRemoteError()
    {
        await using var transport = await Transport.CreateAsync("memory://");
        await using var server = new RpcServer(transport, new Target("calc", "s1"), [new Calculator()]);
        await server.StartAsync();
        var client = new RpcClient(transport, new Target("calc"), new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5) });

        Assert.Equal(5, await client.CallAsync<int>(new RequestContext(), "add", new { a = 2, b = 3 }));
        Assert.Equal("hi!", await client.CallAsync<string>(new RequestContext(), "echo", new { payload = "hi" }));
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(new RequestContext(), "fail", new { message = "boom" }));
        Assert.Equal("InvalidOperationException", error.ExcType);
        Assert.Equal("boom", error.Value);
        var missing = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(new RequestContext(), "nope"));
        Assert.Equal("NoSuchMethod", missing.ExcType);
        await Assert.ThrowsAsync<MessagingTimeoutException>(() =>
            client.Prepare(topic: "nobody", timeout: TimeSpan.FromMilliseconds(200)).CallAsync<int>(new RequestContext(), "add"));
    }
}
