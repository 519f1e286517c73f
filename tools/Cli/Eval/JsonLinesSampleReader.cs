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
    public sealed class JsonLinesSampleReader : SampleReader<JsonElement>
    {
        private readonly StreamReader _reader;
        private readonly long _length;
        private long _line;
        private long[] _lines = Array.Empty<long>();
        private long _firstRow;
        private IReadOnlyList<SignalColumn>? _columns;
        private string[] _names = Array.Empty<string>();
        private string? _pending;
        private JsonElement _row;   // the row being read (its cells are read by name)

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
                _row = document.RootElement;
                foreach (var column in _columns!) ReadSignal(batch, n, column);
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

        protected override JsonElement Cell(SignalColumn column, int member) =>
            Get(_row, member < 0 ? column.Signal.Name : column.ColumnName(member));

        protected override float Number(JsonElement cell) => Values.Number(cell, Strict);

        protected override bool Flag(JsonElement cell) => Values.Flag(cell);

        protected override int Category(BoundSignal signal, JsonElement cell) => Values.Category(signal, cell);

        protected override void Ensemble(BoundSignal signal, JsonElement cell, Span<float> values) => Values.Ensemble(signal, cell, values, Strict);

        private static JsonElement Get(JsonElement row, string name) =>
            row.TryGetProperty(name, out var value) ? value : throw new DataException("missing in this row");

        public override string Position(int sample) => $"line {_lines[sample]} (row {_firstRow + sample})";

        public override void Dispose() => _reader.Dispose();
    }
}
