using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ContractDsl.Card;
using ContractDsl.Diagnostics;

namespace ContractDsl.Cli
{
    /// <summary>
    /// <c>cdsl check FILE...</c> prints every diagnostic in MSBuild's format and exits 1 when any is an error
    /// (or, with <c>--warnaserror</c>, a warning); <c>cdsl card FILE... [--out DIR]</c> writes each contract's card.
    /// </summary>
    public static class CommandLine
    {
        public const string Usage =
            "usage: cdsl check FILE.contract... [--warnaserror]\n" +
            "       cdsl card FILE.contract... [--out DIR]\n";

        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            if (args.Length < 2 || (args[0] != "check" && args[0] != "card"))
            {
                error.Write(Usage);
                return 2;
            }
            var files = new List<string>();
            string? outDirectory = null;
            bool warningsAreErrors = false;
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--warnaserror") warningsAreErrors = true;
                else if (args[i] == "--out" && i + 1 < args.Length) outDirectory = args[++i];
                else if (args[i].StartsWith("--", StringComparison.Ordinal)) { error.Write($"cdsl: unknown option {args[i]}\n" + Usage); return 2; }
                else files.Add(args[i]);
            }

            int exit = 0;
            foreach (var file in files)
            {
                if (!File.Exists(file))
                {
                    error.WriteLine($"cdsl: error: {file}: no such file");
                    exit = 1;
                    continue;
                }
                var compiled = ContractCompiler.Compile(file, File.ReadAllText(file));
                if (args[0] == "check")
                {
                    foreach (var d in compiled.Diagnostics) output.WriteLine(d.ToString());
                    if (compiled.Diagnostics.Any(d => d.IsError || (warningsAreErrors && d.Severity == Severity.Warning))) exit = 1;
                    continue;
                }
                if (compiled.HasErrors)
                {
                    foreach (var d in compiled.Diagnostics.Where(d => d.IsError)) error.WriteLine(d.ToString());
                    exit = 1;
                    continue;
                }
                foreach (var module in compiled.Modules)
                {
                    string card = ContractCard.Render(module, module.Findings);
                    if (outDirectory is null) output.Write(card);
                    else
                    {
                        Directory.CreateDirectory(outDirectory);
                        string path = Path.Combine(outDirectory, module.Name + ".card.md");
                        File.WriteAllText(path, card);
                        output.WriteLine(path);
                    }
                }
            }
            return exit;
        }
    }
}
