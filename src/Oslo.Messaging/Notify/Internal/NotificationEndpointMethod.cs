using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// One endpoint method named after a priority (<c>Info</c>, <c>InfoAsync</c>, any case) with oslo's parameters
/// <c>(RequestContext context, string? publisherId, string? eventType, TPayload payload, NotificationMetadata metadata)</c>
/// and optionally a last <see cref="CancellationToken"/>; returning nothing or a <see cref="NotificationResult"/>,
/// synchronously or as a <see cref="Task"/> / <see cref="ValueTask"/>.
/// </summary>
internal sealed class NotificationEndpointMethod
{
    public const string Reason =
        "Notification endpoints are bound by reflection (their public methods named after a priority); in a trimmed or " +
        "Native AOT app keep those methods, e.g. with [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(MyEndpoint))].";

    private readonly object _endpoint;
    private readonly MethodInfo _method;
    private readonly Type _payloadType;
    private readonly bool _takesToken;

    private NotificationEndpointMethod(object endpoint, MethodInfo method, NotificationFilter? filter)
    {
        _endpoint = endpoint;
        _method = method;
        Filter = filter;
        var parameters = method.GetParameters();
        _payloadType = parameters[3].ParameterType;
        _takesToken = parameters.Length == 6;
    }

    public NotificationFilter? Filter { get; }

    public string EndpointName => _endpoint.GetType().Name;

    public string MethodName => _method.Name;

    /// <summary>The priority methods of <paramref name="endpoint"/>, validated.</summary>
    /// <exception cref="ArgumentException">A method named after a priority has the wrong parameters or return type, two
    /// methods handle one priority, or the endpoint has no priority method.</exception>
    [RequiresUnreferencedCode(Reason)]
    public static IReadOnlyList<(NotificationPriority Priority, NotificationEndpointMethod Method)> Describe(object endpoint)
    {
        var filter = (endpoint as IFilteredNotificationEndpoint)?.Filter;
        var found = new List<(NotificationPriority, NotificationEndpointMethod)>();
        foreach (var method in endpoint.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.DeclaringType == typeof(object) || PriorityOf(method.Name) is not { } priority)
            {
                continue;
            }

            Validate(endpoint, method);
            if (found.Any(f => f.Item1 == priority))
            {
                throw new ArgumentException($"Notification endpoint {endpoint.GetType().Name} has two methods for priority {priority}", nameof(endpoint));
            }

            found.Add((priority, new NotificationEndpointMethod(endpoint, method, filter)));
        }

        return found.Count > 0 ? found : throw new ArgumentException(
            $"Notification endpoint {endpoint.GetType().Name} has no public method named after a priority (Audit, Debug, Info, Warn, Error, Critical, Sample)",
            nameof(endpoint));
    }

    /// <summary>Calls the method; its exceptions are thrown as they are (not wrapped).</summary>
    public async ValueTask<NotificationResult> InvokeAsync(ReceivedNotification notification, RpcSerializer serializer, CancellationToken cancellationToken)
    {
        var payload = serializer.DeserializeEntity(notification.Context, notification.Payload, _payloadType);
        object?[] arguments = _takesToken
            ? [notification.Context, notification.PublisherId, notification.EventType, payload, notification.Metadata, cancellationToken]
            : [notification.Context, notification.PublisherId, notification.EventType, payload, notification.Metadata];
        object? returned;
        try
        {
            returned = _method.Invoke(_endpoint, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw; // not reached
        }

        switch (returned)
        {
            case NotificationResult result:
                return result;
            case Task<NotificationResult> task:
                return await task.ConfigureAwait(false);
            case ValueTask<NotificationResult> valueTask:
                return await valueTask.ConfigureAwait(false);
            case Task task:
                await task.ConfigureAwait(false);
                return NotificationResult.Handled;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return NotificationResult.Handled;
            default:
                return NotificationResult.Handled;
        }
    }

    private static NotificationPriority? PriorityOf(string methodName)
    {
        var name = methodName.EndsWith("Async", StringComparison.Ordinal) ? methodName[..^5] : methodName;
        foreach (var priority in NotificationPriorities.All)
        {
            if (string.Equals(priority.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return priority;
            }
        }

        return null;
    }

    private static void Validate(object endpoint, MethodInfo method)
    {
        var p = method.GetParameters();
        var shapeOk = p.Length is 5 or 6
            && p[0].ParameterType == typeof(RequestContext)
            && p[1].ParameterType == typeof(string)
            && p[2].ParameterType == typeof(string)
            && p[4].ParameterType == typeof(NotificationMetadata)
            && (p.Length == 5 || p[5].ParameterType == typeof(CancellationToken))
            && !method.IsGenericMethodDefinition;
        var r = method.ReturnType;
        var returnOk = r == typeof(void) || r == typeof(NotificationResult) || r == typeof(Task) || r == typeof(ValueTask)
            || r == typeof(Task<NotificationResult>) || r == typeof(ValueTask<NotificationResult>);
        if (!shapeOk || !returnOk)
        {
            throw new ArgumentException(
                $"Notification method {endpoint.GetType().Name}.{method.Name} must take (RequestContext context, string? publisherId, " +
                "string? eventType, TPayload payload, NotificationMetadata metadata[, CancellationToken]) and return void, " +
                "NotificationResult, Task, ValueTask, Task<NotificationResult> or ValueTask<NotificationResult>",
                nameof(endpoint));
        }
    }
}
