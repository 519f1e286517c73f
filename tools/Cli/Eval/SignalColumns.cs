using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// Where a signal's values are in the data: its own column (named exactly after the signal; for an ensemble, a JSON
    /// array of its k members), or, for an ensemble <c>rm</c>, the k columns <c>rm[0]</c> … <c>rm[k-1]</c>.
    /// </summary>
    public sealed record SignalColumn(BoundSignal Signal, int Column, IReadOnlyList<int>? MemberColumns)
    {
        /// <summary>The column name(s), for messages: <c>rm</c> or <c>rm[2]</c>.</summary>
        public string ColumnName(int member = 0) => MemberColumns == null ? Signal.Name : $"{Signal.Name}[{member}]";

        /// <summary>Finds every signal's columns among <paramref name="columns"/>; a missing one is a <see cref="CliException"/> naming what is there.</summary>
        public static IReadOnlyList<SignalColumn> Map(IReadOnlyList<BoundSignal> signals, IReadOnlyList<string> columns, string file)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int c = 0; c < columns.Count; c++) index.TryAdd(columns[c], c);
            var result = new List<SignalColumn>();
            var missing = new List<string>();
            foreach (var signal in signals)
            {
                if (index.TryGetValue(signal.Name, out int column))
                {
                    result.Add(new SignalColumn(signal, column, null));
                    continue;
                }
                if (signal.Kind == SignalKind.Ensemble)
                {
                    var members = Enumerable.Range(0, signal.EnsembleSize).Select(k => index.TryGetValue($"{signal.Name}[{k}]", out int c) ? c : -1).ToArray();
                    if (members.All(c => c >= 0))
                    {
                        result.Add(new SignalColumn(signal, -1, members));
                        continue;
                    }
                    missing.Add($"`{signal.Name}` (an array of {signal.EnsembleSize} numbers, or columns {signal.Name}[0] … {signal.Name}[{signal.EnsembleSize - 1}])");
                    continue;
                }
                var near = columns.FirstOrDefault(c => string.Equals(c.Trim(), signal.Name, StringComparison.OrdinalIgnoreCase));
                missing.Add($"`{signal.Name}`" + (near != null ? $" (there is `{near}`: names are matched exactly)" : ""));
            }
            if (missing.Count > 0)
            {
                string have = columns.Count == 0 ? "none" : string.Join(", ", columns.Take(30)) + (columns.Count > 30 ? ", …" : "");
                throw new CliException($"{file}: missing column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}; the data's columns are: {have}");
            }
            return result;
        }
    }
}
