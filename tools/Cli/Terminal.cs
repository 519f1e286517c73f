using System.IO;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ContractDsl.Cli
{
    /// <summary>Spectre.Console consoles over a command's writers: styled for a terminal, plain and fixed-width otherwise.</summary>
    public static class Terminal
    {
        /// <summary>The width of tables written to files, pipes and tests: wide enough for the rationales, the same on every machine.</summary>
        public const int PlainWidth = 160;

        public static IAnsiConsole Create(TextWriter writer, bool interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            });
            if (!interactive) console.Profile.Width = PlainWidth;
            return console;
        }

        /// <summary>
        /// Writes a renderable: straight through in a terminal; elsewhere rendered plain, without the blank padding lines
        /// and trailing spaces Spectre pads a fixed-width console with, so files and pipes get clean Markdown.
        /// </summary>
        public static void Write(TextWriter writer, IRenderable renderable, bool interactive)
        {
            if (interactive)
            {
                Create(writer, interactive: true).Write(renderable);
                return;
            }
            var buffer = new StringWriter();
            Create(buffer, interactive: false).Write(renderable);
            var lines = buffer.ToString().Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList();
            while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
            while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
            foreach (var line in lines) writer.WriteLine(line);
        }

        /// <summary>Rounded boxes in a terminal; a Markdown table elsewhere (it pastes into a PR or a card as it is).</summary>
        public static TableBorder Border(bool interactive) => interactive ? TableBorder.Rounded : TableBorder.Markdown;
    }
}
