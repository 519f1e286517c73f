using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;
using ContractDsl.Text;
using SharpFuzz;

namespace ContractDsl.AflFuzz
{
    /// <summary>
    /// One fuzzing execution: the input (UTF-8) is parsed and bound, and the promises the front end makes are
    /// checked — it never throws, never overflows the stack (either would be an AFL crash), and every diagnostic
    /// it reports lies inside the text with a line and column that match its offset. A broken promise throws,
    /// which SharpFuzz reports to afl-fuzz as a crash, and the input lands in findings/default/crashes.
    /// </summary>
    public static class Program
    {
        private static int _executions;

        public static void Main(string[] args)
        {
            if (args.Length > 0)
            {
                // Replay: dotnet ContractDsl.AflFuzz.dll FILE... runs each file once, outside afl-fuzz.
                foreach (var file in args)
                {
                    Check(System.IO.File.ReadAllText(file));
                    Console.WriteLine(file + ": ok");
                }
                return;
            }
            // On a 1 MB stack (a compiler thread's on Windows) rather than the main thread's 8 MB, so that a
            // recursion too deep for the field is a crash here too.
            var fuzzing = new System.Threading.Thread(() => Fuzzer.Run(text => Check(text)), 1024 * 1024);
            fuzzing.Start();
            fuzzing.Join();
        }

        private static void Check(string text)
        {
            // A new path each time: the parser's per-file cache of declarations then never carries one input's
            // declarations into the next, so every execution covers the same code for the same input.
            string path = "afl/" + (_executions++ % 1024) + ".contract";
            var syntax = ContractParser.Parse(path, text);
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);
            Binder.Bind(syntax, text, diagnostics);

            var lines = new LineMap(text);
            foreach (var d in diagnostics)
            {
                var s = d.Span;
                if (s.Start < 0 || s.Length < 0 || s.End > text.Length)
                    throw new InvalidOperationException($"{d.Id} span [{s.Start}, {s.End}) outside a text of {text.Length} characters: {d.Message}");
                var (line, column) = lines.Position(s.Start);
                if (line != s.Line || column != s.Column)
                    throw new InvalidOperationException($"{d.Id} at offset {s.Start} says ({s.Line},{s.Column}), the text says ({line},{column}): {d.Message}");
                if (string.IsNullOrWhiteSpace(d.Message) || d.Message.StartsWith("internal", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{d.Id} with message \"{d.Message}\"");
            }
            var starts = syntax.Errors.Select(e => e.Span.Start).ToList();
            if (!starts.SequenceEqual(starts.OrderBy(x => x)))
                throw new InvalidOperationException("syntax errors out of order");
        }
    }
}
