using Microsoft.Extensions.Diagnostics.HealthChecks;
using Oslo.Messaging.Transports;

namespace Oslo.Messaging.Hosting.Internal;

/// <summary>Healthy while every transport in use is connected (or not needed yet: drivers connect on first use) and
/// every hosted server and listener runs. Reads states only: it never connects, sends or waits.</summary>
internal sealed class OsloMessagingHealthCheck(OsloTransports transports, Func<IEnumerable<HostedEndpoint>> endpoints) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, transport) in transports.Created)
        {
            var state = transport.ConnectionState;
            data["transport " + name] = $"{state.Status}: {state.Description}";
            if (state.Status is ConnectionStatus.Reconnecting or ConnectionStatus.Closed)
            {
                problems.Add($"{name} transport {state.Status.ToString().ToLowerInvariant()}: {state.Description}");
            }
        }

        foreach (var endpoint in endpoints())
        {
            var (state, healthy) = endpoint.Health;
            data[endpoint.Name] = state;
            if (!healthy)
            {
                problems.Add($"{endpoint.Name} {state}");
            }
        }

        var result = problems.Count == 0
            ? HealthCheckResult.Healthy(data.Count == 0 ? "Oslo.Messaging: nothing in use yet" : "Oslo.Messaging: connected, every server running", data)
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", problems), data: data);
        return Task.FromResult(result);
    }
}
