using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Testing;

/// <summary>Remote exceptions, contexts and payloads end to end.</summary>
public abstract partial class TransportConformanceTests
{
    [Fact]
    public async Task CallAsync_AllowedRemoteException_ThrowsOriginalType()
    {
        var serverTransport = await NewTransportAsync();
        var options = new TransportOptions();
        options.RemoteExceptions.Register(f => new ConformanceException(f.Message));
        var clientTransport = await NewTransportAsync(options);
        var topic = NewTopic();
        await StartServerAsync(serverTransport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));

        var error = await Assert.ThrowsAsync<ConformanceException>(
            () => NewClient(clientTransport, new Target(topic)).CallAsync<object>(new RequestContext(), "fail", new { message = "it broke" }));

        Assert.Equal("it broke", error.Message);
        Assert.Contains("ConformanceException: it broke", (string)error.Data[RemoteFailure.TracebackDataKey]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_RemoteExceptionNotAllowed_ThrowsRemoteError()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));

        var error = await Assert.ThrowsAsync<RemoteErrorException>(
            () => NewClient(transport, new Target(topic)).CallAsync<object>(new RequestContext(), "fail", new { message = "it broke" }));

        Assert.Equal(nameof(ConformanceException), error.ExcType);
        Assert.Equal("it broke", error.Value);
        Assert.NotEmpty(error.Traceback);
        Assert.Equal("ConformanceException: it broke\n", error.Traceback[^1]);
        Assert.StartsWith("Remote error: ConformanceException it broke\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallAsync_ExpectedException_LoggedAtDebugAndClientSeesOriginalType()
    {
        var logs = new CapturingLoggerFactory();
        var serverTransport = await NewTransportAsync(new TransportOptions { LoggerFactory = logs });
        var options = new TransportOptions();
        options.RemoteExceptions.Register(f => new ConformanceException(f.Message));
        var clientTransport = await NewTransportAsync(options);
        var topic = NewTopic();
        await StartServerAsync(serverTransport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var client = NewClient(clientTransport, new Target(topic));

        var expected = await Assert.ThrowsAsync<ConformanceException>(
            () => client.CallAsync<object>(new RequestContext(), "fail_expected", new { message = "as designed" }));
        await Assert.ThrowsAsync<ConformanceException>(() => client.CallAsync<object>(new RequestContext(), "fail", new { message = "unplanned" }));

        Assert.Equal("as designed", expected.Message);
        var entries = logs.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message.Contains("fail_expected", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("fail_expected", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Error && e.Message.Contains("(fail,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallAsync_UnknownMethod_ThrowsRemoteNoSuchMethod()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));

        var error = await Assert.ThrowsAsync<RemoteErrorException>(
            () => NewClient(transport, new Target(topic)).CallAsync<object>(new RequestContext(), "no_such_thing"));

        Assert.Equal("NoSuchMethod", error.ExcType);
        Assert.Equal("Endpoint does not support RPC method no_such_thing", error.Value);
    }

    [Fact]
    public async Task CallAsync_Context_ReachesEndpointWithClientTimeout()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var context = new RequestContext { UserId = "alice", RequestId = "req-1", Roles = ["admin"] };

        var seen = await NewClient(transport, new Target(topic)).CallAsync<Dictionary<string, JsonElement>>(context, "context");

        Assert.Equal("alice", seen["user_id"].GetString());
        Assert.Equal("req-1", seen["request_id"].GetString());
        Assert.Equal("admin", seen["roles"][0].GetString());
        Assert.Equal(JsonValueKind.Null, seen["client_timeout"].ValueKind);
        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public async Task CallAsync_NonAsciiStrings_RoundTripUnchanged()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        const string text = "héllo wörld — ÆØÅ 日本語 Ελληνικά 🎉 \"quoted\" back\\slash\nnew line\ttab \u0001 </script>";
        var context = new RequestContext().Set("user", "zoë ✓");

        var echoed = await NewClient(transport, new Target(topic)).CallAsync<string>(context, "echo", new { value = text });
        var seen = await NewClient(transport, new Target(topic)).CallAsync<Dictionary<string, JsonElement>>(context, "context");

        Assert.Equal(text, echoed);
        Assert.Equal("zoë ✓", seen["user"].GetString());
    }

    [Fact]
    public async Task CallAsync_OneMebibytePayload_RoundTripsUnchanged()
    {
        var transport = await NewTransportAsync();
        var topic = NewTopic();
        await StartServerAsync(transport, new Target(topic, "s1"), new ConformanceEndpoint("s1"));
        var builder = new StringBuilder(1 << 20);
        for (var i = 0; builder.Length < 1 << 20; i++)
        {
            builder.Append((char)('a' + (i % 26))).Append(i % 7 == 0 ? "é" : "");
        }

        var payload = builder.ToString(0, 1 << 20);
        var echoed = await NewClient(transport, new Target(topic)).CallAsync<string>(new RequestContext(), "echo", new { value = payload });

        Assert.Equal(payload.Length, echoed.Length);
        Assert.Equal(payload, echoed);
    }
}
