using System.Text;
using Oslo.Messaging.Cli;

Console.OutputEncoding = Encoding.UTF8;
return await CliApp.RunAsync(args, CliEnvironment.FromConsole(), handleProcessTermination: true);
