using System;
using ContractDsl.Cli;

// A progress bar and colours only when a person is watching: output to a terminal, not to a file or a pipe.
return CdslApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
