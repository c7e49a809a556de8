using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Oslo.Messaging.Cli.Failures;
using Oslo.Messaging.Configuration;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>
/// Runs one command's body with its logging and transport options, and turns the outcome into an exit code and
/// a readable line on stderr: remote error 1, timeout 2, other failure 3, bad usage 64, Ctrl-C 130.
/// </summary>
internal sealed class CommandRunner(CliEnvironment environment, Option<bool> verbose, Option<string[]> configFiles)
{
    public CliEnvironment Environment { get; } = environment;

    public bool IsVerbose(ParseResult parse) => parse.GetValue(verbose);

    /// <summary>The transport URL: <paramref name="url"/> from the command line, else <c>[DEFAULT] transport_url</c> of the
    /// config files (for notifications: <c>[oslo_messaging_notifications] transport_url</c> first, as oslo).</summary>
    /// <exception cref="TransportConfigurationException">Neither gives one.</exception>
    public static string ResolveUrl(string? url, OsloMessagingSettings settings, bool notifications = false) =>
        url ?? (notifications ? settings.EffectiveNotificationTransportUrl : settings.TransportUrl)
        ?? throw new TransportConfigurationException("No transport URL: give --url, or a --config-file with [DEFAULT] transport_url");

    /// <summary>Runs <paramref name="body"/> with transport options (drivers, logging, and what the config files say)
    /// and the settings of the config files (empty without <c>--config-file</c>).</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="body">The command.</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    /// <param name="waitsForBroker">The command waits for the broker as long as it takes (serve, listen): an unreachable
    /// broker is announced on stderr once per distinct reason instead of only in the final error.</param>
    public async Task<int> RunAsync(ParseResult parse, Func<TransportOptions, OsloMessagingSettings, Task<int>> body, CancellationToken cancellationToken, bool waitsForBroker = false)
    {
        var isVerbose = IsVerbose(parse);
        using var loggerFactory = Environment.CreateLoggerFactory(isVerbose);
        // Sees the driver's connection failures even when the console hides them, for the one-line error.
        using var trouble = new ConnectionTrouble(waitsForBroker && !isVerbose ? Environment.Error : null);
        loggerFactory.AddProvider(trouble);
        var options = Environment.CreateTransportOptions();
        options.LoggerFactory = loggerFactory;
        try
        {
            var settings = ReadSettings(parse.GetValue(configFiles) ?? [], loggerFactory.CreateLogger("oslomsg.config"));
            if (settings.ControlExchange is { } exchange)
            {
                options.ControlExchange = exchange;
            }

            if (settings.RabbitOptions.Count > 0)
            {
                options.UseRabbitMq(settings.ApplyTo(new RabbitMqOptions()));
            }

            return await body(options, settings).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Environment.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            var (code, text) = Describe(ex, options.RemoteExceptions, isVerbose, trouble.LastReason);
            await Environment.Error.WriteLineAsync(text).ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The oslo settings of <paramref name="files"/> (in order, later wins); a file that is missing or not
    /// oslo INI is a usage error.</summary>
    private static OsloMessagingSettings ReadSettings(string[] files, ILogger logger)
    {
        var builder = new ConfigurationBuilder();
        foreach (var file in files)
        {
            builder.AddOsloConfigFile(file);
        }

        try
        {
            return OsloMessagingSettings.FromConfiguration(builder.Build(), logger);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            throw new TransportConfigurationException("--config-file: " + ex.Message, ex);
        }
    }

    /// <summary>The exit code and the stderr text for a failure.</summary>
    /// <param name="ex">What the command threw.</param>
    /// <param name="registry">The remote exception allow-list (for the wire name of a re-created remote exception).</param>
    /// <param name="verbose">Add the remote traceback, or the whole local exception.</param>
    /// <param name="lastConnectionFailure">The transport's last connection failure, if any (<see cref="ConnectionTrouble"/>).</param>
    internal static (int Code, string Text) Describe(Exception ex, RemoteExceptionRegistry registry, bool verbose, string? lastConnectionFailure = null)
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
            _ => (ExitCodes.Failure,
                (FailureText.Connection(ex, lastConnectionFailure) ?? "error: " + FailureText.DistinctChain(ex))
                + (verbose ? System.Environment.NewLine + ex : "")),
        };
    }
}
