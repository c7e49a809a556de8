using System.Text.Json;
using Oslo.Messaging.Notify;

namespace Oslo.Messaging.Cli.Listen;

/// <summary>
/// One endpoint per priority, so <c>listen --priority</c> subscribes only to the chosen ones (a listener consumes the
/// priorities its endpoints have methods for). Seven one-method types in one file: apart they would say less.
/// </summary>
internal abstract class PriorityEndpoint(NotificationPrinter printer, NotificationFilter filter) : IFilteredNotificationEndpoint
{
    public NotificationFilter Filter { get; } = filter;

    public static PriorityEndpoint For(NotificationPriority priority, NotificationPrinter printer, NotificationFilter filter) => priority switch
    {
        NotificationPriority.Audit => new AuditEndpoint(printer, filter),
        NotificationPriority.Debug => new DebugEndpoint(printer, filter),
        NotificationPriority.Info => new InfoEndpoint(printer, filter),
        NotificationPriority.Warn => new WarnEndpoint(printer, filter),
        NotificationPriority.Error => new ErrorEndpoint(printer, filter),
        NotificationPriority.Critical => new CriticalEndpoint(printer, filter),
        _ => new SampleEndpoint(printer, filter),
    };

    protected void Print(string priority, RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) =>
        printer.Print(priority, c, p, e, payload, m);
}

internal sealed class AuditEndpoint(NotificationPrinter printer, NotificationFilter filter) : PriorityEndpoint(printer, filter)
{
    public void Audit(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Print("audit", c, p, e, payload, m);
}

internal sealed class DebugEndpoint(NotificationPrinter printer, NotificationFilter filter) : PriorityEndpoint(printer, filter)
{
    public void Debug(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Print("debug", c, p, e, payload, m);
}

internal sealed class InfoEndpoint(NotificationPrinter printer, NotificationFilter filter) : PriorityEndpoint(printer, filter)
{
    public void Info(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Print("info", c, p, e, payload, m);
}

internal sealed class WarnEndpoint(NotificationPrinter printer, NotificationFilter filter) : PriorityEndpoint(printer, filter)
{
    public void Warn(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Print("warn", c, p, e, payload, m);
}

internal sealed class ErrorEndpoint(NotificationPrinter printer, NotificationFilter filter) : PriorityEndpoint(printer, filter)
{
    public void Error(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Print("error", c, p, e, payload, m);
}

internal sealed class CriticalEndpoint(NotificationPrinter printer, NotificationFilter filter) : PriorityEndpoint(printer, filter)
{
    public void Critical(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Print("critical", c, p, e, payload, m);
}

internal sealed class SampleEndpoint(NotificationPrinter printer, NotificationFilter filter) : PriorityEndpoint(printer, filter)
{
    public void Sample(RequestContext c, string? p, string? e, JsonElement payload, NotificationMetadata m) => Print("sample", c, p, e, payload, m);
}
