using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Oslo.Messaging.RabbitMq.Tests.Support;

/// <summary>
/// What the broker was asked to create, read from its event exchange (<c>amq.rabbitmq.event</c>, plugin
/// rabbitmq_event_exchange, enabled by scripts/rabbitmq.sh): every <c>queue.created</c>, <c>exchange.created</c> and
/// <c>consumer.created</c> with the declared flags and arguments exactly as they arrived over AMQP. Strings in argument
/// tables are turned into .NET strings; numbers stay as the broker sent them (long).
/// </summary>
public sealed class DeclarationCapture : IAsyncDisposable
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);
    private readonly IConnection _connection;
    private readonly ConcurrentQueue<Event> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private DeclarationCapture(IConnection connection) => _connection = connection;

    /// <summary>Starts capturing; only what is created afterwards is seen.</summary>
    public static async Task<DeclarationCapture> StartAsync()
    {
        var capture = new DeclarationCapture(await TestBroker.ConnectRawAsync());
        var channel = await capture._connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var key in new[] { "queue.created", "exchange.created", "consumer.created" })
        {
            await channel.QueueBindAsync(queue, "amq.rabbitmq.event", key);
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) =>
        {
            var headers = e.BasicProperties.Headers ?? new Dictionary<string, object?>();
            capture._events.Enqueue(new Event(e.RoutingKey, headers.ToDictionary(h => h.Key, h => Normalize(h.Value), StringComparer.Ordinal)));
            capture._arrived.Release();
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return capture;
    }

    /// <summary>The <c>queue.created</c> event of <paramref name="name"/>: keys <c>durable</c>, <c>auto_delete</c>,
    /// <c>exclusive</c>, <c>arguments</c> ...</summary>
    public Task<Declared> QueueAsync(string name) => WaitAsync("queue.created", e => Equals(e.Headers.GetValueOrDefault("name"), name), name);

    /// <summary>The <c>exchange.created</c> event of <paramref name="name"/>.</summary>
    public Task<Declared> ExchangeAsync(string name) => WaitAsync("exchange.created", e => Equals(e.Headers.GetValueOrDefault("name"), name), name);

    /// <summary>The <paramref name="index"/>-th <c>consumer.created</c> event on <paramref name="queue"/> (0 = the first).</summary>
    public Task<Declared> ConsumerAsync(string queue, int index = 0) =>
        WaitAsync("consumer.created", e => Equals(e.Headers.GetValueOrDefault("queue"), queue), $"consumer of {queue}", index);

    /// <summary>Whether a <c>queue.created</c> event for <paramref name="name"/> arrived (no waiting).</summary>
    public bool SawQueue(string name) => _events.Any(e => e.Key == "queue.created" && Equals(e.Headers.GetValueOrDefault("name"), name));

    /// <summary>Every captured event, for failure messages.</summary>
    public override string ToString() => string.Join("\n", _events.Select(e => e.Key + " " + Describe(e.Headers)));

    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync();
        await _connection.DisposeAsync();
    }

    private async Task<Declared> WaitAsync(string key, Func<Event, bool> match, string what, int index = 0)
    {
        var deadline = DateTime.UtcNow + _patience;
        while (true)
        {
            var found = _events.Where(e => e.Key == key && match(e)).Skip(index).FirstOrDefault();
            if (found is not null)
            {
                return new Declared(found.Headers);
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {key} event for {what} within {_patience}; captured:\n{this}");
            }

            await _arrived.WaitAsync(left);
        }
    }

    private static object? Normalize(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IDictionary<string, object?> table => table.ToDictionary(t => t.Key, t => Normalize(t.Value), StringComparer.Ordinal),
        int i => (long)i,
        System.Collections.IList list => list.Cast<object?>().Select(Normalize).ToList(),
        _ => value,
    };

    private static string Describe(IReadOnlyDictionary<string, object?> headers) =>
        "{" + string.Join(", ", headers.Where(h => h.Key != "user_who_performed_action").Select(h => h.Key + "=" + Show(h.Value))) + "}";

    private static string? Show(object? value) => value switch
    {
        IDictionary<string, object?> t => Describe(t.AsReadOnly()),
        System.Collections.IList l => "[" + string.Join(", ", l.Cast<object?>().Select(x => Show(x) + ":" + x?.GetType().Name)) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private sealed record Event(string Key, Dictionary<string, object?> Headers);

    /// <summary>One created object's properties as the broker reported them.</summary>
    public sealed class Declared(IReadOnlyDictionary<string, object?> headers)
    {
        public IReadOnlyDictionary<string, object?> Headers => headers;

        public bool Durable => (bool)headers["durable"]!;

        public bool AutoDelete => (bool)headers["auto_delete"]!;

        /// <summary>Exclusive (a queue, or a consumer); false when the event does not say.</summary>
        public bool Exclusive => headers.GetValueOrDefault("exclusive") is true;

        /// <summary>The declare (or consume) arguments, decoded from the broker's rendering of each AMQP table field
        /// (<c>{&lt;&lt;"x-expires"&gt;&gt;,signedint,1800000}</c>): strings, integers as long, booleans; empty when none.</summary>
        public IReadOnlyDictionary<string, object?> Arguments => Fields().ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

        /// <summary>The AMQP field type of each argument as the broker received it (<c>longstr</c>, <c>signedint</c>, <c>long</c> ...).</summary>
        public IReadOnlyDictionary<string, string> ArgumentTypes => Fields().ToDictionary(f => f.Key, f => f.Type, StringComparer.Ordinal);

        private IEnumerable<(string Key, string Type, object? Value)> Fields()
        {
            if (headers.GetValueOrDefault("arguments") is not List<object?> fields)
            {
                yield break;
            }

            foreach (var field in fields.Select(f => Convert.ToString(f, System.Globalization.CultureInfo.InvariantCulture) ?? ""))
            {
                var match = System.Text.RegularExpressions.Regex.Match(field, "^\\{<<\"(?<key>[^\"]*)\">>,(?<type>\\w+),(?<value>.*)\\}$");
                if (!match.Success)
                {
                    throw new FormatException($"Unexpected argument rendering {field}");
                }

                var text = match.Groups["value"].Value;
                object? value = match.Groups["type"].Value switch
                {
                    "longstr" or "shortstr" => text.StartsWith("<<\"", StringComparison.Ordinal) ? text[3..^3] : text,
                    "bool" => text == "true",
                    _ => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                };
                yield return (match.Groups["key"].Value, match.Groups["type"].Value, value);
            }
        }

        public override string ToString() => Describe(headers);
    }
}
