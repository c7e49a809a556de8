using System.CommandLine;
using Oslo.Messaging.Rpc;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>Factories for the options several commands share; each command gets its own instances.</summary>
internal static class CommonOptions
{
    /// <summary>The default of <c>--timeout</c>: oslo's <c>rpc_response_timeout</c>.</summary>
    public const double DefaultTimeoutSeconds = 60;

    /// <summary><c>--url</c>; not required on the command line, as a <c>--config-file</c> may give <c>transport_url</c> (see <see cref="CommandRunner.ResolveUrl"/>).</summary>
    public static Option<string> Url() => new("--url")
    {
        Description = "Transport URL, e.g. rabbit://user:pass@host:5672/vhost (default: [DEFAULT] transport_url of --config-file). memory:// only reaches servers inside this process.",
    };

    /// <summary><c>--config-file</c>: oslo config files (nova.conf-style), repeatable, later wins; on every command.</summary>
    public static Option<string[]> ConfigFile() => new("--config-file")
    {
        Description = "An oslo config file (e.g. /etc/nova/nova.conf; repeatable, a later one wins) for transport_url, control_exchange, rpc_response_timeout, [oslo_messaging_rabbit] and [oslo_messaging_notifications]. Command-line options win over it.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Whether <paramref name="option"/> was given on the command line (not just its default).</summary>
    public static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary><c>--quiet</c>: no live count (the status line on a terminal, periodic lines otherwise) and no final count.</summary>
    public static Option<bool> Quiet(string what) => new("--quiet", "-q")
    {
        Description = $"No live count of what is {what} on stderr (a status line on a terminal, a line every {LiveCountPeriod} s otherwise) and no final count.",
    };

    private static int LiveCountPeriod => (int)Status.LiveCount.LinePeriod.TotalSeconds;

    public static Option<string> Topic() => new("--topic") { Description = "The target's topic.", Required = true };

    public static Option<string> Server(bool required, string description) => new("--server") { Description = description, Required = required };

    public static Option<string> Exchange() => new("--exchange") { Description = "The exchange (default: the control exchange, openstack)." };

    public static Option<string> Namespace() => new("--namespace") { Description = "The endpoint namespace (default: the null namespace)." };

    public static Option<string> Version()
    {
        var option = new Option<string>("--version") { Description = "The minimum endpoint version required, \"X.Y[.Z]\" (default: none, the server assumes 1.0)." };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } version && !RpcVersion.IsWellFormed(version))
            {
                result.AddError($"--version '{version}' must be \"major.minor[.revision]\" with integers");
            }
        });
        return option;
    }

    public static Option<double> Timeout(string description)
    {
        var option = new Option<double>("--timeout") { Description = description, DefaultValueFactory = _ => DefaultTimeoutSeconds };
        option.Validators.Add(result =>
        {
            var seconds = result.GetValueOrDefault<double>();
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                result.AddError($"--timeout must be a positive number of seconds, got {seconds}");
            }
        });
        return option;
    }

    public static Option<string[]> Context()
    {
        var option = new Option<string[]>("--context")
        {
            Description = "A request context entry key=json (repeatable), e.g. --context user_id=alice --context roles='[\"admin\"]'.",
        };
        option.Validators.Add(result =>
        {
            if (KeyValueArguments.Validate(result.GetValueOrDefault<string[]>()) is { } error)
            {
                result.AddError("--context: " + error);
            }
        });
        return option;
    }

    public static Argument<string> Method(string description)
    {
        var argument = new Argument<string>("method") { Description = description };
        argument.Validators.Add(result =>
        {
            // System.CommandLine hands an unknown option to the first free argument: say what it most likely is.
            if (result.GetValueOrDefault<string>() is { } method && method.StartsWith('-'))
            {
                result.AddError($"'{method}' is not an option of this command (nor a method name)");
            }
        });
        return argument;
    }

    public static Argument<string[]> MethodArguments()
    {
        var argument = new Argument<string[]>("args")
        {
            Description = "Method arguments key=json: the value is parsed as JSON and taken as a plain string when it is not valid JSON.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        argument.Validators.Add(result =>
        {
            if (KeyValueArguments.Validate(result.GetValueOrDefault<string[]>()) is { } error)
            {
                result.AddError(error);
            }
        });
        return argument;
    }
}
