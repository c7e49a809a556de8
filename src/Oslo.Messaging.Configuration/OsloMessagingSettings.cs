using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oslo.Messaging.Configuration.Internal;
using Oslo.Messaging.Exceptions;
using Oslo.Messaging.Notify;
using Oslo.Messaging.RabbitMq;
using Oslo.Messaging.Rpc;
using Oslo.Messaging.Transports;
using static Oslo.Messaging.Configuration.Internal.OptionType;

namespace Oslo.Messaging.Configuration;

/// <summary>
/// The oslo.messaging options of a service's configuration, as the Python services of the cloud read them from the
/// same files: <c>[DEFAULT] transport_url, control_exchange, rpc_response_timeout, executor_thread_pool_size,
/// rpc_ping_enabled</c>; the <c>[oslo_messaging_rabbit]</c> options <see cref="RabbitMqOptions"/> has (oslo names, oslo
/// types, oslo's deprecated names); <c>[oslo_messaging_notifications] driver, topics, transport_url, retry</c>.
/// A property is null when the configuration does not set the option: applying the settings then keeps the target's
/// default (except the notification drivers, which follow oslo: none configured = notifications off). Apply them with
/// the <c>ApplyTo</c> methods.
/// </summary>
/// <remarks>Immutable. <see cref="ToString"/> and every message masks passwords.</remarks>
public sealed class OsloMessagingSettings
{
    private readonly IReadOnlyList<Action<RabbitMqOptions>> _rabbit;

    private OsloMessagingSettings(IReadOnlyList<Action<RabbitMqOptions>> rabbit, IReadOnlyDictionary<string, string> rabbitOptions)
    {
        _rabbit = rabbit;
        RabbitOptions = rabbitOptions;
    }

    /// <summary><c>[DEFAULT] transport_url</c>, e.g. <c>rabbit://nova:secret@ctl1:5672/</c>; holds a password: never log it
    /// as is (<see cref="TransportUrl"/>'s <c>ToString</c> masks it).</summary>
    public string? TransportUrl { get; private init; }

    /// <summary><c>[DEFAULT] control_exchange</c> (oslo's default: <c>openstack</c>).</summary>
    public string? ControlExchange { get; private init; }

    /// <summary><c>[DEFAULT] rpc_response_timeout</c>: how long a call waits for its reply (oslo's default: 60 s).</summary>
    public TimeSpan? RpcResponseTimeout { get; private init; }

    /// <summary><c>[DEFAULT] executor_thread_pool_size</c> (deprecated name <c>rpc_thread_pool_size</c>): requests a
    /// server runs at once (oslo's default: 64).</summary>
    public int? ExecutorThreadPoolSize { get; private init; }

    /// <summary><c>[DEFAULT] rpc_ping_enabled</c>: servers answer <c>oslo_rpc_server_ping</c> (oslo's default: false).</summary>
    public bool? RpcPingEnabled { get; private init; }

    /// <summary><c>[oslo_messaging_notifications] driver</c>, every value of the repeated option (deprecated name
    /// <c>[DEFAULT] notification_driver</c>; empty values left out). Empty or unset: notifications are off (oslo's default).</summary>
    public IReadOnlyList<string>? NotificationDrivers { get; private init; }

    /// <summary><c>[oslo_messaging_notifications] topics</c>, comma-separated (oslo's default: <c>notifications</c>).</summary>
    public IReadOnlyList<string>? NotificationTopics { get; private init; }

    /// <summary><c>[oslo_messaging_notifications] transport_url</c>: a separate broker for notifications; holds a password.
    /// Unset: notifications use <see cref="TransportUrl"/> (see <see cref="EffectiveNotificationTransportUrl"/>).</summary>
    public string? NotificationTransportUrl { get; private init; }

    /// <summary><c>[oslo_messaging_notifications] retry</c>: connection retries of a notification (-1, oslo's default: no limit).</summary>
    public int? NotificationRetry { get; private init; }

    /// <summary>The notification transport URL as oslo picks it: <see cref="NotificationTransportUrl"/>, else <see cref="TransportUrl"/>.</summary>
    public string? EffectiveNotificationTransportUrl => NotificationTransportUrl ?? TransportUrl;

    /// <summary>The <c>[oslo_messaging_rabbit]</c> options the configuration sets, by oslo name, as written (validated).</summary>
    public IReadOnlyDictionary<string, string> RabbitOptions { get; }

    /// <summary>
    /// Reads the settings from <paramref name="configuration"/> (usually built with
    /// <see cref="OsloConfigurationExtensions.AddOsloConfigFile"/>; keys <c>section:option</c>). Options that other
    /// sources set (environment variables, command line) take part as usual: the newest source wins.
    /// </summary>
    /// <param name="configuration">The configuration root (or any configuration with <c>section:option</c> keys).</param>
    /// <param name="logger">Warned about options in <c>[oslo_messaging_rabbit]</c> and <c>[oslo_messaging_notifications]</c>
    /// that this library does not know (ignored, as oslo ignores them). <c>[DEFAULT]</c> holds every service option of
    /// the file, so its unknown options are not reported. Default: no logging.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="TransportConfigurationException">A value oslo would refuse too, or one this library cannot honour;
    /// the message names the option, its section and the file and line (passwords masked, a secret value not shown).</exception>
    public static OsloMessagingSettings FromConfiguration(IConfiguration configuration, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        logger ??= NullLogger.Instance;
        var reader = new OptionReader(configuration);
        var (rabbit, rabbitOptions) = ReadRabbit(reader, logger);
        var settings = new OsloMessagingSettings(rabbit, rabbitOptions)
        {
            TransportUrl = Read(reader, OsloOptions.TransportUrl, t => t),
            ControlExchange = Read(reader, OsloOptions.ControlExchange, t => t),
            RpcResponseTimeout = Read(reader, OsloOptions.RpcResponseTimeout, t => Int(t) is int s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null),
            ExecutorThreadPoolSize = Read(reader, OsloOptions.ExecutorThreadPoolSize, t => Int(t)),
            RpcPingEnabled = Read(reader, OsloOptions.RpcPingEnabled, t => (bool?)Bool(t)),
            NotificationDrivers = reader.FindAll(OsloOptions.NotificationDriver) is { } drivers
                ? [.. drivers.Where(d => d.Text.Length > 0).Select(d => OptionReader.Convert(d, NotificationDriverName))] // oslo loads no driver for ''
                : null,
            NotificationTopics = Read(reader, OsloOptions.NotificationTopics, List),
            NotificationTransportUrl = Read(reader, OsloOptions.NotificationTransportUrl, t => t),
            NotificationRetry = Read(reader, OsloOptions.NotificationRetry, t => Int(t)),
        };
        WarnUnknown(configuration, reader, logger);
        ConfigurationLog.Read(logger, settings);
        return settings;
    }

    /// <summary>Sets <see cref="TransportOptions.ControlExchange"/> and registers the RabbitMQ driver with
    /// <paramref name="rabbit"/> (or oslo's defaults) changed by the <c>[oslo_messaging_rabbit]</c> options.</summary>
    /// <param name="options">The transport options to change.</param>
    /// <param name="rabbit">RabbitMQ options to start from (for what oslo files cannot say, e.g. <see cref="RabbitMqOptions.MaxMessageSize"/>); changed in place. Null: new ones.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public TransportOptions ApplyTo(TransportOptions options, RabbitMqOptions? rabbit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ControlExchange is { } exchange)
        {
            options.ControlExchange = exchange;
        }

        return options.UseRabbitMq(ApplyTo(rabbit ?? new RabbitMqOptions()));
    }

    /// <summary>Sets every <c>[oslo_messaging_rabbit]</c> option the configuration gives on <paramref name="options"/>.</summary>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public RabbitMqOptions ApplyTo(RabbitMqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var apply in _rabbit)
        {
            apply(options);
        }

        return options;
    }

    /// <summary><paramref name="options"/> with <see cref="RpcClientOptions.Timeout"/> from <c>rpc_response_timeout</c>.</summary>
    public RpcClientOptions ApplyTo(RpcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RpcResponseTimeout is { } timeout ? options with { Timeout = timeout } : options;
    }

    /// <summary><paramref name="options"/> with a pooled executor of <c>executor_thread_pool_size</c> and
    /// <see cref="RpcServerOptions.PingEnabled"/> from <c>rpc_ping_enabled</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><c>executor_thread_pool_size</c> is below 1.</exception>
    public RpcServerOptions ApplyTo(RpcServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Executor = ExecutorThreadPoolSize is int size ? RpcExecutor.Pooled(size) : options.Executor,
            PingEnabled = RpcPingEnabled ?? options.PingEnabled,
        };
    }

    /// <summary><paramref name="options"/> with the drivers, topics and retry of <c>[oslo_messaging_notifications]</c>.</summary>
    /// <remarks>The drivers follow oslo, not <see cref="NotifierOptions"/>' default: no driver configured (or only empty
    /// ones) means notifications are off, so <see cref="NotificationDriver.Noop"/>. A .NET service reading the same
    /// nova.conf as the Python ones then stays as quiet as they do, rather than filling <c>notifications.*</c> queues
    /// that nobody reads. Topics and retry keep <paramref name="options"/>' values when not configured.</remarks>
    public NotifierOptions ApplyTo(NotifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Drivers = NotificationDrivers is { Count: > 0 } names ? [.. names.Select(NotificationDriver.FromName)] : [NotificationDriver.Noop],
            Topics = NotificationTopics ?? options.Topics,
            Retry = NotificationRetry ?? options.Retry,
        };
    }

    /// <summary>The settings that are set, passwords masked.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={value}");
            }
        }

        Add("transport_url", TransportUrl is null ? null : Secrets.Mask(TransportUrl));
        Add("control_exchange", ControlExchange);
        Add("rpc_response_timeout", RpcResponseTimeout?.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        Add("executor_thread_pool_size", ExecutorThreadPoolSize);
        Add("rpc_ping_enabled", RpcPingEnabled);
        Add("notifications.driver", NotificationDrivers is null ? null : string.Join(",", NotificationDrivers));
        Add("notifications.topics", NotificationTopics is null ? null : string.Join(",", NotificationTopics));
        Add("notifications.transport_url", NotificationTransportUrl is null ? null : Secrets.Mask(NotificationTransportUrl));
        Add("notifications.retry", NotificationRetry);
        foreach (var (name, value) in RabbitOptions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Add("rabbit." + name, value);
        }

        return string.Join(", ", parts);
    }

    private static T? Read<T>(OptionReader reader, OptionName option, Func<string, T> convert) =>
        reader.Find(option) is { } value ? OptionReader.Convert(value, convert, option.Secret) : default;

    private static string NotificationDriverName(string name) => name is "messagingv2" or "messaging" or "log" or "noop" or "test"
        ? name == "test" ? throw new FormatException("the test driver is for tests; use TestNotificationDriver in code") : name
        : throw new FormatException("this library has the drivers messagingv2, messaging, log and noop");

    private static (List<Action<RabbitMqOptions>>, Dictionary<string, string>) ReadRabbit(OptionReader reader, ILogger logger)
    {
        var actions = new List<Action<RabbitMqOptions>>();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in RabbitOption.All)
        {
            if (reader.Find(option.Name) is not { } value)
            {
                continue;
            }

            if (OptionReader.Convert(value, option.Parse) is { } apply)
            {
                actions.Add(apply);
                given[option.Name.Name] = value.Text;
            }
            else
            {
                ConfigurationLog.NoEffect(logger, option.Name.Name, value.Where);
            }
        }

        return (actions, given);
    }

    private static void WarnUnknown(IConfiguration configuration, OptionReader reader, ILogger logger)
    {
        foreach (var (section, known) in new[] { (OsloOptions.Rabbit, RabbitOption.Names), (OsloOptions.Notifications, OsloOptions.NotificationNames) })
        {
            foreach (var child in configuration.GetSection(section).GetChildren())
            {
                var name = child.Key;
                if (!known.Contains(name))
                {
                    ConfigurationLog.UnknownOption(logger, section, name, reader.Find(new OptionName(section, name))?.Where ?? "configuration");
                }
            }
        }

        foreach (var section in reader.OsloProviders.SelectMany(p => p.IgnoredSections))
        {
            ConfigurationLog.IgnoredSection(logger, section);
        }
    }
}
