using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Orchestration;
using Oslo.Messaging.Benchmarks.Subjects;

// Oslo.Messaging.Benchmarks
//   run [--quick|--full] --rabbit-url URL [--python PATH] [--masstransit DLL] [--only a,b] [--out DIR] [--command TEXT]
//       runs every implementation side by side and writes the tables, JSON lines and SVG chart (see bench/README.md);
//   worker NAME [--rabbit-url URL]
//       one implementation as a worker process speaking the line protocol of Harness/WorkerProtocol.
return args.FirstOrDefault() switch
{
    "run" => await Orchestrator.RunAsync(RunOptions.Parse(args[1..])),
    "worker" when args.Length >= 2 => await RunWorkerAsync(args[1], RunOptions.Value(args, "--rabbit-url")),
    _ => Usage(),
};

static async Task<int> RunWorkerAsync(string name, string? rabbitUrl)
{
    var subject = SubjectCatalog.Create(name, rabbitUrl);
    if (subject is null)
    {
        await Console.Error.WriteLineAsync($"unknown implementation '{name}'");
        return 2;
    }

    return await WorkerHost.RunAsync(subject);
}

static int Usage()
{
    Console.Error.WriteLine("usage: Oslo.Messaging.Benchmarks run [--quick|--full] --rabbit-url URL [--python PATH] [--masstransit DLL] [--only a,b] [--out DIR] [--command TEXT]");
    Console.Error.WriteLine("       Oslo.Messaging.Benchmarks worker NAME [--rabbit-url URL]");
    return 2;
}
