using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Oslo.Messaging.Serialization;

namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// One endpoint method named after a priority (<c>Info</c>, <c>InfoAsync</c>, any case). A listener's methods take
/// oslo's parameters <c>(RequestContext context, string? publisherId, string? eventType, TPayload payload,
/// NotificationMetadata metadata)</c>; a batch listener's take <c>(IReadOnlyList&lt;NotificationMessage&lt;TPayload&gt;&gt;
/// notifications)</c>. Either may take a last <see cref="CancellationToken"/> and return nothing or a
/// <see cref="NotificationResult"/>, synchronously or as a <see cref="Task"/> / <see cref="ValueTask"/>.
/// </summary>
internal sealed class NotificationEndpointMethod
{
    public const string Reason =
        "Notification endpoints are bound by reflection (their public methods named after a priority); in a trimmed or " +
        "Native AOT app keep those methods, e.g. with [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(MyEndpoint))].";

    private const string SingleShape = "(RequestContext context, string? publisherId, string? eventType, TPayload payload, NotificationMetadata metadata[, CancellationToken])";
    private const string BatchShape = "(IReadOnlyList<NotificationMessage<TPayload>> notifications[, CancellationToken])";
    private const string Returns = "void, NotificationResult, Task, ValueTask, Task<NotificationResult> or ValueTask<NotificationResult>";
    private readonly NotificationFilter? _filter; // a fixed endpoint's; a type's comes from each object
    private readonly MethodInfo _method;
    private readonly bool _takesToken;
    private readonly Type? _messageType; // NotificationMessage<TPayload> of a batch method

    private NotificationEndpointMethod(Type endpointType, object? endpoint, MethodInfo method, bool batch)
    {
        EndpointType = endpointType;
        Endpoint = endpoint;
        _filter = (endpoint as IFilteredNotificationEndpoint)?.Filter;
        _method = method;
        var parameters = method.GetParameters();
        if (batch)
        {
            _messageType = parameters[0].ParameterType.GetGenericArguments()[0];
            PayloadType = _messageType.GetGenericArguments()[0];
            _takesToken = parameters.Length == 2;
        }
        else
        {
            PayloadType = parameters[3].ParameterType;
            _takesToken = parameters.Length == 6;
        }
    }

    /// <summary>The endpoint's type (its objects come from the listener's activator when <see cref="Endpoint"/> is null).</summary>
    public Type EndpointType { get; }

    /// <summary>The endpoint object given to the listener; null for an endpoint given as a type.</summary>
    public object? Endpoint { get; }

    /// <summary>The type payloads are bound to.</summary>
    public Type PayloadType { get; }

    public string EndpointName => EndpointType.Name;

    /// <summary>The filter of <paramref name="endpoint"/> (the object this method runs on): read once for an endpoint
    /// object given to the listener, from each object for an endpoint type.</summary>
    public NotificationFilter? FilterOf(object endpoint) =>
        Endpoint is not null ? _filter : (endpoint as IFilteredNotificationEndpoint)?.Filter;

    public string MethodName => _method.Name;

    /// <summary>The priority methods of <paramref name="endpoint"/>, validated for a listener (<paramref name="batch"/>
    /// false) or a batch listener.</summary>
    /// <exception cref="ArgumentException">A method named after a priority has the wrong parameters or return type, two
    /// methods handle one priority, or the endpoint has no priority method.</exception>
    [RequiresUnreferencedCode(Reason)]
    public static IReadOnlyList<(NotificationPriority Priority, NotificationEndpointMethod Method)> Describe(object endpoint, bool batch = false) =>
        Describe(endpoint.GetType(), endpoint, batch);

    /// <summary>The priority methods of <paramref name="endpointType"/>, whose objects come from an activator.</summary>
    /// <exception cref="ArgumentException">As <see cref="Describe(object, bool)"/>, or the type is abstract.</exception>
    [RequiresUnreferencedCode(Reason)]
    public static IReadOnlyList<(NotificationPriority Priority, NotificationEndpointMethod Method)> Describe(Type endpointType, bool batch = false) =>
        endpointType.IsAbstract
            ? throw new ArgumentException($"Notification endpoint type {endpointType.Name} is abstract", nameof(endpointType))
            : Describe(endpointType, null, batch);

    [RequiresUnreferencedCode(Reason)]
    private static List<(NotificationPriority Priority, NotificationEndpointMethod Method)> Describe(Type type, object? endpoint, bool batch)
    {
        var found = new List<(NotificationPriority, NotificationEndpointMethod)>();
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.DeclaringType == typeof(object) || PriorityOf(method.Name) is not { } priority)
            {
                continue;
            }

            Validate(type, method, batch);
            if (found.Any(f => f.Item1 == priority))
            {
                throw new ArgumentException($"Notification endpoint {type.Name} has two methods for priority {priority}", nameof(endpoint));
            }

            found.Add((priority, new NotificationEndpointMethod(type, endpoint, method, batch)));
        }

        return found.Count > 0 ? found : throw new ArgumentException(
            $"Notification endpoint {type.Name} has no public method named after a priority (Audit, Debug, Info, Warn, Error, Critical, Sample)",
            nameof(endpoint));
    }

    /// <summary>Calls a listener's method with one notification whose payload is already bound.</summary>
    /// <exception cref="Exception">Whatever the method throws, as it is (not wrapped).</exception>
    public ValueTask<NotificationResult> InvokeAsync(object endpoint, ReceivedNotification notification, object? payload, CancellationToken cancellationToken)
    {
        object?[] arguments = _takesToken
            ? [notification.Context, notification.PublisherId, notification.EventType, payload, notification.Metadata, cancellationToken]
            : [notification.Context, notification.PublisherId, notification.EventType, payload, notification.Metadata];
        return CallAsync(endpoint, arguments);
    }

    /// <summary>Calls a batch listener's method with the notifications and their bound payloads.</summary>
    /// <exception cref="Exception">Whatever the method throws, as it is (not wrapped).</exception>
    // Reached only for endpoints described through NotificationListener's constructor, which carries
    // RequiresUnreferencedCode: the app was warned there. Not verified under Native AOT (docs/typed-contracts.md).
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Batch endpoints are described by the RequiresUnreferencedCode listener constructor.")]
    [UnconditionalSuppressMessage("Trimming", "IL2077", Justification = "Batch endpoints are described by the RequiresUnreferencedCode listener constructor.")]
    public ValueTask<NotificationResult> InvokeBatchAsync(object endpoint, IReadOnlyList<(ReceivedNotification Notification, object? Payload)> batch, CancellationToken cancellationToken)
    {
        var messages = Array.CreateInstance(_messageType!, batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var (n, payload) = batch[i];
            messages.SetValue(Activator.CreateInstance(_messageType!, n.Context, n.PublisherId, n.EventType, payload, n.Metadata), i);
        }

        return CallAsync(endpoint, _takesToken ? [messages, cancellationToken] : [messages]);
    }

    /// <summary>Binds a payload to <see cref="PayloadType"/> through the serializer.</summary>
    /// <exception cref="Exception">Whatever the serializer throws (typically a <see cref="System.Text.Json.JsonException"/>).</exception>
    public object? BindPayload(ReceivedNotification notification, RpcSerializer serializer) =>
        serializer.DeserializeEntity(notification.Context, notification.Payload, PayloadType);

    private async ValueTask<NotificationResult> CallAsync(object endpoint, object?[] arguments)
    {
        object? returned;
        try
        {
            returned = _method.Invoke(endpoint, arguments);
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

    private static bool IsSingleShape(ParameterInfo[] p) =>
        p.Length is 5 or 6
        && p[0].ParameterType == typeof(RequestContext)
        && p[1].ParameterType == typeof(string)
        && p[2].ParameterType == typeof(string)
        && p[4].ParameterType == typeof(NotificationMetadata)
        && (p.Length == 5 || p[5].ParameterType == typeof(CancellationToken));

    private static bool IsBatchShape(ParameterInfo[] p) =>
        p.Length is 1 or 2
        && p[0].ParameterType is { IsGenericType: true } list
        && list.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
        && list.GetGenericArguments()[0] is { IsGenericType: true } item
        && item.GetGenericTypeDefinition() == typeof(NotificationMessage<>)
        && (p.Length == 1 || p[1].ParameterType == typeof(CancellationToken));

    private static void Validate(Type type, MethodInfo method, bool batch)
    {
        var p = method.GetParameters();
        var shapeOk = !method.IsGenericMethodDefinition && (batch ? IsBatchShape(p) : IsSingleShape(p));
        var r = method.ReturnType;
        var returnOk = r == typeof(void) || r == typeof(NotificationResult) || r == typeof(Task) || r == typeof(ValueTask)
            || r == typeof(Task<NotificationResult>) || r == typeof(ValueTask<NotificationResult>);
        if (shapeOk && returnOk)
        {
            return;
        }

        var hint = batch && IsSingleShape(p) ? " (a batch listener's methods take a list; this one takes a single notification)"
            : !batch && IsBatchShape(p) ? " (this method takes a batch: set NotificationListenerOptions.Batch to make a batch listener)"
            : "";
        throw new ArgumentException(
            $"Notification method {type.Name}.{method.Name} must take {(batch ? BatchShape : SingleShape)} and return {Returns}{hint}",
            nameof(type));
    }
}
