using Oslo.Messaging.RabbitMq.Tests.Footprint;

namespace Oslo.Messaging.RabbitMq.Tests;

/// <summary>The test assembly's entry point (in place of the one Microsoft.NET.Test.Sdk generates, which does
/// nothing): run with <c>plain-connection-probe</c> it is the child process of
/// <see cref="PlainConnectionFootprintTests"/>. The test host never calls it.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [PlainConnectionProbe.Command])
        {
            return await PlainConnectionProbe.RunAsync();
        }

        await Console.Error.WriteLineAsync($"usage: Oslo.Messaging.RabbitMq.Tests {PlainConnectionProbe.Command} (run by the tests; xunit runs the tests)");
        return 2;
    }
}
