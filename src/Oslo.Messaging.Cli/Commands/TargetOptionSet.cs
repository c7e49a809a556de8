using System.CommandLine;
using Oslo.Messaging.Configuration;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Cli.Commands;

/// <summary>The options that say where a message goes and how long to wait: shared by call, cast and ping.</summary>
internal sealed class TargetOptionSet
{
    private readonly Option<string> _url = CommonOptions.Url();
    private readonly Option<string> _topic = CommonOptions.Topic();
    private readonly Option<string> _server = CommonOptions.Server(required: false, "Send to this one server (routing key topic.server) instead of any server of the topic.");
    private readonly Option<string> _exchange = CommonOptions.Exchange();
    private readonly Option<string>? _namespace;
    private readonly Option<string>? _version;
    private readonly Option<double> _timeout;
    private readonly Option<string[]> _context = CommonOptions.Context();

    /// <param name="withInterface">Offer --namespace and --version (ping has neither: oslo's ping endpoint is null namespace, 1.0).</param>
    /// <param name="timeoutDescription">What --timeout bounds for this command.</param>
    public TargetOptionSet(bool withInterface, string timeoutDescription)
    {
        if (withInterface)
        {
            _namespace = CommonOptions.Namespace();
            _version = CommonOptions.Version();
        }
        _timeout = CommonOptions.Timeout(timeoutDescription);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_url);
        command.Options.Add(_topic);
        command.Options.Add(_server);
        command.Options.Add(_exchange);
        if (_namespace is not null && _version is not null)
        {
            command.Options.Add(_namespace);
            command.Options.Add(_version);
        }
        command.Options.Add(_timeout);
        command.Options.Add(_context);
    }

    /// <summary>--url, else the config file's transport_url.</summary>
    public string GetUrl(ParseResult parse, OsloMessagingSettings settings) => CommandRunner.ResolveUrl(parse.GetValue(_url), settings);

    /// <summary>A client for the parsed target, with the parsed timeout (given, else the config file's
    /// rpc_response_timeout, else oslo's 60 s).</summary>
    public RpcClient CreateClient(Transport transport, ParseResult parse, OsloMessagingSettings settings, bool fanout = false)
    {
        var target = new Target(
            topic: parse.GetRequiredValue(_topic),
            server: parse.GetValue(_server),
            @namespace: _namespace is null ? null : parse.GetValue(_namespace),
            version: _version is null ? null : parse.GetValue(_version),
            exchange: parse.GetValue(_exchange),
            fanout: fanout);
        var options = settings.ApplyTo(new RpcClientOptions { Timeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)) });
        if (CommonOptions.IsGiven(parse, _timeout))
        {
            options = options with { Timeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)) };
        }

        return new RpcClient(transport, target, options);
    }

    public RequestContext GetContext(ParseResult parse) => new(KeyValueArguments.Parse(parse.GetValue(_context)));
}
