using System;

return ContractDsl.Cli.CommandLine.Run(args, Console.Out, Console.Error);
