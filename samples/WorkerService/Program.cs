using Microsoft.Extensions.Hosting;
using WorkerService;

// dotnet run -- --config-file worker.conf
await WorkerHost.CreateBuilder(args).Build().RunAsync();
