using Oslo.Messaging.Rpc;
using Oslo.Messaging.Tests.Support;

namespace Oslo.Messaging.Tests.Rpc;

/// <summary>A caller's cancellation surfaces as an <see cref="OperationCanceledException"/> carrying the caller's own token,
/// wherever the call was when it was cancelled.</summary>
public sealed class RpcClientCancellationTests
{
    [Fact]
    public async Task CallAsync_CancelledWhileTheSendAwaitsItsConfirm_ThrowsWithTheCallersToken()
    {
        var driver = new RecordingDriver();
        await using var transport = await RecordingDriver.CreateTransportAsync(driver);
        driver.OnSend = async (_, token) => await Task.Delay(Timeout.Infinite, token); // a confirm that never comes
        var client = new RpcClient(transport, new Target("t"));
        using var cancel = new CancellationTokenSource();

        var call = client.CallAsync<int>(new RequestContext(), "hold", cancellationToken: cancel.Token);
        await driver.NextSentAsync();
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(cancel.Token, error.CancellationToken);
    }
}
