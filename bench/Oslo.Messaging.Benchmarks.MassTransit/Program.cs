using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.MassTransit;

// The MassTransit benchmark worker: `dotnet Oslo.Messaging.Benchmarks.MassTransit.dll --rabbit-url URL`,
// driven over stdin/stdout by the orchestrator (see Harness/WorkerProtocol).
var i = Array.IndexOf(args, "--rabbit-url");
if (i < 0 || i + 1 >= args.Length)
{
    await Console.Error.WriteLineAsync("usage: Oslo.Messaging.Benchmarks.MassTransit --rabbit-url rabbit://user:pass@host:port/");
    return 2;
}

return await WorkerHost.RunAsync(new MassTransitSubject(args[i + 1]));
