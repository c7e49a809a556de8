using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Oslo.Messaging.Exceptions;

namespace Oslo.Messaging.RabbitMq.Internal;

/// <summary>
/// oslo's <c>use_queue_manager</c> names (docs/wire-protocol.md, "Newer oslo options"): <c>&lt;hostname&gt;:&lt;processname&gt;:&lt;n&gt;</c>,
/// with <c>n</c> counting from 1 per (hostname, processname) in this process, one number per reply queue and per fanout
/// queue, in the order they are asked for, so a restarted process that starts the same way gets the same names.
/// </summary>
/// <remarks>Python keeps the counter in <c>/dev/shm</c> for a process group; two processes of another group with the same
/// names both count from 1 and would share queues. This driver does not rely on a counter alone: it consumes these
/// queues as an exclusive consumer, and a name another connection consumes is skipped for the next number
/// (see <see cref="QueueConsumer"/>).</remarks>
internal static class QueueManager
{
    private static readonly ConcurrentDictionary<(string Host, string Process), int> _counters = new();

    /// <summary>The next name part for (hostname, processname) of <paramref name="settings"/>.</summary>
    public static string Next(RabbitSettings settings)
    {
        var n = _counters.AddOrUpdate((settings.Hostname, settings.ProcessName), 1, (_, current) => current + 1);
        return $"{settings.Hostname}:{settings.ProcessName}:{n.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Python's <c>socket.gethostname()</c>.</summary>
    public static string DefaultHostname() => System.Net.Dns.GetHostName();

    /// <summary>The entry assembly's name (Python uses <c>basename(sys.argv[0])</c>, e.g. <c>nova-compute</c>).</summary>
    public static string DefaultProcessName() =>
        Assembly.GetEntryAssembly()?.GetName().Name ?? Path.GetFileNameWithoutExtension(Environment.ProcessPath) ?? "dotnet";

    /// <summary>Queue names are AMQP short strings (at most 255 UTF-8 bytes); <c>reply_</c> or <c>T_fanout_</c> come in front.</summary>
    public static void ValidateNamePart(string option, string value)
    {
        if (value.Length == 0 || Encoding.UTF8.GetByteCount(value) > 100 || value.Any(char.IsControl))
        {
            throw new TransportConfigurationException(
                $"Invalid value '{value}' for RabbitMQ option {option}: expected 1 to 100 bytes without control characters (it becomes part of queue names)");
        }
    }
}
