namespace Oslo.Messaging.Cli.Demo;

/// <summary>Implements <see cref="IAdminApi"/> for one server.</summary>
internal sealed class AdminEndpoint(string serverName) : IAdminApi
{
    /// <inheritdoc/>
    public Task<string> StatusAsync(RequestContext context) => Task.FromResult($"{serverName} healthy (admin 2.1)");
}
