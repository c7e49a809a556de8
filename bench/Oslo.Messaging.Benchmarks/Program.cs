using Oslo.Messaging.Benchmarks.Harness;
using Oslo.Messaging.Benchmarks.Orchestration;
using Oslo.Messaging.Benchmarks.Profiling;
using Oslo.Messaging.Benchmarks.Subjects;

// Oslo.Messaging.Benchmarks
//   run [--quick|--full] --rabbit-url URL [--python PATH] [--masstransit DLL] [--only a,b] [--out DIR] [--command TEXT]
//       runs every implementation side by side and writes the tables, JSON lines and SVG chart (see bench/README.md);
//   worker NAME [--rabbit-url URL]
//       one implementation as a worker process speaking the line protocol of Harness/WorkerProtocol;
//   profile NAME [--rabbit-url URL] [--scenario ID] [--seconds S] [--allocations]
//       one implementation and scenario in this process, for a profiler (see Profiling/ProfileCommand.cs);
//   notify [--quick|--full] --rabbit-url URL [--python PATH] [--out DIR] [--command TEXT]
//       the notification scenario (see Notify/NotifyCommand.cs).
return args.FirstOrDefault() switch
{
    "run" => await Orchestrator.RunAsync(RunOptions.Parse(args[1..])),
    "worker" when args.Length >= 2 => await RunWorkerAsync(args[1], RunOptions.Value(args, "--rabbit-url")),
    "profile" => await ProfileCommand.RunAsync(args[1..]),
    "notify" => await Oslo.Messaging.Benchmarks.Notify.NotifyCommand.RunAsync(args[1..]),
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
    Console.Error.WriteLine("       Oslo.Messaging.Benchmarks profile NAME [--rabbit-url URL] [--scenario ID] [--seconds S] [--allocations]");
    return 2;
}
