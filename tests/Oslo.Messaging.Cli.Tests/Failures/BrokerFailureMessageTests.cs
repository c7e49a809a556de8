using System.Net;
using System.Net.Sockets;
using Oslo.Messaging.Cli.Tests.Support;

namespace Oslo.Messaging.Cli.Tests.Failures;

/// <summary>
/// A broker that is down or refuses the login is one line on stderr saying what failed and why, as a person reads it;
/// no reconnect chatter without --verbose, no password.
/// </summary>
/// <remarks>Regression tests: before, the down broker printed four "fail:" log lines with stack-like chains and ended
/// with "error: Could not send to topic x (exchange &lt;control&gt;) within 3 s ---> A task was canceled.", and a wrong
/// password repeated the ACCESS_REFUSED text three times in one error.</remarks>
public sealed class BrokerFailureMessageTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task Call_BrokerDown_OneLineSayingConnectionRefused()
    {
        var port = ClosedPort();

        var (code, stdout, errors) = await OslomsgProcess.RunAsync("call", "--url", $"rabbit://guest:guest@127.0.0.1:{port}/", "--topic", "x", "--timeout", "3", "m");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("", stdout);
        Assert.Equal([$"error: cannot reach RabbitMQ at rabbit://guest:****@127.0.0.1:{port}/: connection refused (gave up after 3 s)"], errors);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Call_BrokerDown_Verbose_ShowsTheReconnectAttempts()
    {
        var port = ClosedPort();

        var (code, _, errors) = await OslomsgProcess.RunAsync("call", "--verbose", "--url", $"rabbit://guest:guest@127.0.0.1:{port}/", "--topic", "x", "--timeout", "2", "m");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains(errors, line => line.Contains("AMQP server unreachable", StringComparison.Ordinal));
        Assert.Contains($"error: cannot reach RabbitMQ at rabbit://guest:****@127.0.0.1:{port}/: connection refused (gave up after 2 s)", errors);
    }

    [BrokerFact]
    [Trait("Category", "Integration")]
    public async Task Call_WrongPassword_OneLineSayingLoginRefused()
    {
        var url = new UriBuilder(OslomsgProcess.BrokerUrl!) { UserName = "guest", Password = "wrong-password" };
        var masked = $"rabbit://guest:****@{url.Host}:{url.Port}/";

        var (code, stdout, errors) = await OslomsgProcess.RunAsync("call", "--url", url.Uri.ToString(), "--topic", "x", "--timeout", "5", "m");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("", stdout);
        Assert.Equal([$"error: RabbitMQ at {masked} refused the login: ACCESS_REFUSED - Login was refused using authentication mechanism AMQPLAIN (check the user name and password)"], errors);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Serve_BrokerDown_AnnouncedOnceNotEveryAttempt()
    {
        var port = ClosedPort();

        // serve waits for the broker until stopped: the real process (its console logging is what is checked) is
        // stopped after a few reconnect rounds.
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "oslomsg"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "serve", "--url", $"rabbit://guest:guest@127.0.0.1:{port}/", "--topic", "x", "--server", "s" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var first = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(4)); // rabbit_retry_interval 1 s + backoff 2 s: at least two more attempts fail
        process.Kill();
        await process.WaitForExitAsync();
        var rest = await process.StandardError.ReadToEndAsync();

        Assert.Equal($"warning: cannot reach RabbitMQ at rabbit://guest:****@127.0.0.1:{port}/: connection refused; retrying (--verbose shows every attempt)", first);
        Assert.DoesNotContain("cannot reach", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", rest, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
