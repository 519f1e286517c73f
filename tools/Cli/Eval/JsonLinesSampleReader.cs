using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ContractDsl.Binding;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// JSON Lines: one JSON object per line, keys named after the signals (an ensemble as an array, or keys
    /// <c>rm[0]</c> …). Blank lines are skipped. The columns are the keys of the first object.
    /// </summary>
    public sealed class JsonLinesSampleReader : SampleReader
    {
        private readonly StreamReader _reader;
        private readonly long _length;
        private long _line;
        private long[] _lines = Array.Empty<long>();
        private long _firstRow;
        private IReadOnlyList<SignalColumn>? _columns;
        private string[] _names = Array.Empty<string>();
        private string? _pending;

        public JsonLinesSampleReader(string path, string displayPath, IReadOnlyList<BoundSignal> signals, bool strict)
            : base(displayPath, signals, strict)
        {
            _length = Math.Max(1, new FileInfo(path).Length);
            _reader = new StreamReader(path);
            // The first object decides the columns, so a missing key is reported before anything is evaluated.
            _pending = NextLine();
            if (_pending != null)
            {
                using var first = Parse(_pending, sample: -1);
                _names = first.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            }
            _columns = SignalColumn.Map(signals, _names, displayPath);
        }

        public override double Progress => Math.Min(1.0, (double)_reader.BaseStream.Position / _length);

        public override int Read(SignalBatch batch)
        {
            if (_lines.Length < batch.Capacity) _lines = new long[batch.Capacity];
            _firstRow = RowsRead + 1;
            int n = 0;
            while (n < batch.Capacity)
            {
                string? line = _pending ?? NextLine();
                _pending = null;
                if (line == null) break;
                _lines[n] = _line;
                using var document = Parse(line, n);
                foreach (var column in _columns!) ReadSignal(batch, n, document.RootElement, column);
                n++;
                RowsRead++;
            }
            batch.Count = n;
            return n;
        }

        private string? NextLine()
        {
            string? line;
            do
            {
                line = _reader.ReadLine();
                _line++;
            }
            while (line != null && line.Trim().Length == 0);
            return line;
        }

        private JsonDocument Parse(string line, int sample)
        {
            try
            {
                var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
                document.Dispose();
                throw new CliException($"{File}: line {_line}: not a JSON object (each line must be one object of signal values)");
            }
            catch (JsonException ex)
            {
                throw new CliException($"{File}: line {_line}: not valid JSON: {ex.Message}");
            }
        }

        private void ReadSignal(SignalBatch batch, int sample, JsonElement row, SignalColumn column)
        {
            var signal = column.Signal;
            int member = 0;
            try
            {
                if (column.MemberColumns != null)
                {
                    for (member = 0; member < signal.EnsembleSize; member++)
                        batch.SetNumber(signal.Index, sample, member, Values.Number(Get(row, column.ColumnName(member)), Strict));
                    return;
                }
                var value = Get(row, signal.Name);
                switch (signal.Kind)
                {
                    case SignalKind.Flag: batch.SetFlag(signal.Index, sample, Values.Flag(value)); break;
                    case SignalKind.Category: batch.SetCategory(signal.Index, sample, Values.Category(signal, value)); break;
                    case SignalKind.Ensemble:
                        Span<float> values = stackalloc float[signal.EnsembleSize];
                        Values.Ensemble(signal, value, values, Strict);
                        for (int k = 0; k < values.Length; k++) batch.SetNumber(signal.Index, sample, k, values[k]);
                        break;
                    default: batch.SetNumber(signal.Index, sample, 0, Values.Number(value, Strict)); break;
                }
            }
            catch (DataException ex)
            {
                throw Error(sample, column.ColumnName(member), ex.Message);
            }
        }

        private static JsonElement Get(JsonElement row, string name) =>
            row.TryGetProperty(name, out var value) ? value : throw new DataException("missing in this row");

        public override string Position(int sample) => $"line {_lines[sample]} (row {_firstRow + sample})";

        public override void Dispose() => _reader.Dispose();
    }
}
