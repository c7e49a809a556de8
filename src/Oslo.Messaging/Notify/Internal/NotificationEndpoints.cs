namespace Oslo.Messaging.Notify.Internal;

/// <summary>
/// The endpoint objects one notification (or one batch) runs on: the listener's own objects, or, for endpoint types,
/// objects from an activator scope begun on first need (so a notification no method handles begins none) and shared
/// by the methods of one type. Disposing ends the scope.
/// </summary>
internal sealed class NotificationEndpoints(NotificationEndpointActivator? activator, RequestContext? context) : IAsyncDisposable
{
    private NotificationEndpointScope? _scope;
    private Dictionary<Type, object>? _objects;

    /// <summary>The object <paramref name="method"/> runs on.</summary>
    /// <exception cref="Exception">Whatever beginning the scope or creating the endpoint throws.</exception>
    public object For(NotificationEndpointMethod method)
    {
        if (method.Endpoint is { } endpoint)
        {
            return endpoint;
        }

        _scope ??= activator!.BeginNotification(context);
        _objects ??= [];
        if (!_objects.TryGetValue(method.EndpointType, out var created))
        {
            created = _scope.GetEndpoint(method.EndpointType)
                ?? throw new InvalidOperationException($"The endpoint activator gave no {method.EndpointType.Name}");
            _objects[method.EndpointType] = created;
        }

        return created;
    }

    public ValueTask DisposeAsync() => _scope?.DisposeAsync() ?? ValueTask.CompletedTask;
}
