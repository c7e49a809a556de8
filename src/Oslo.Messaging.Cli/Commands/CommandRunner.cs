using System.CommandLine;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>
/// Runs one command's body with its logging and transport options, and turns the outcome into an exit code and
/// a readable line on stderr: remote error 1, timeout 2, other failure 3, bad usage 64, Ctrl-C 130.
/// </summary>
internal sealed class CommandRunner(CliEnvironment environment, Option<bool> verbose)
{
    public CliEnvironment Environment { get; } = environment;

    public bool IsVerbose(ParseResult parse) => parse.GetValue(verbose);

    public async Task<int> RunAsync(ParseResult parse, Func<TransportOptions, Task<int>> body, CancellationToken cancellationToken)
    {
        var isVerbose = IsVerbose(parse);
        using var loggerFactory = Environment.CreateLoggerFactory(isVerbose);
        var options = Environment.CreateTransportOptions();
        options.LoggerFactory = loggerFactory;
        try
        {
            return await body(options).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Environment.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            var (code, text) = Describe(ex, options.RemoteExceptions, isVerbose);
            await Environment.Error.WriteLineAsync(text).ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The exit code and the stderr text for a failure.</summary>
    internal static (int Code, string Text) Describe(Exception ex, RemoteExceptionRegistry registry, bool verbose)
    {
        if (ex.Data.Contains(RemoteFailure.TracebackDataKey))
        {
            // Came from the server: a RemoteError, or an allow-listed type re-created with its own class.
            var (type, value) = ex is RemoteErrorException remote
                ? (remote.ExcType ?? "?", remote.Value ?? "")
                : (registry.IdentityOf(ex.GetType()).ClassName, ex.Message);
            var text = $"error: remote {type}: {value}";
            if (verbose && ex.Data[RemoteFailure.TracebackDataKey] is string { Length: > 0 } traceback)
            {
                text += System.Environment.NewLine + "remote traceback:" + System.Environment.NewLine + traceback.TrimEnd();
            }
            return (ExitCodes.RemoteError, text);
        }
        return ex switch
        {
            MessagingTimeoutException => (ExitCodes.Timeout, "error: timeout: " + ex.Message),
            InvalidTransportUrlException or TransportConfigurationException or InvalidTargetException or RpcVersionCapException
                => (ExitCodes.Usage, "error: " + ex.Message),
            _ => (ExitCodes.Failure, "error: " + Chain(ex) + (verbose ? System.Environment.NewLine + ex : "")),
        };
    }

    private static string Chain(Exception ex)
    {
        var text = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += " ---> " + inner.Message;
        }
        return text;
    }
}
