using System;
using System.Collections.Generic;
using System.IO;
using ContractDsl.Binding;
using CsvHelper;

namespace ContractDsl.Cli.Eval
{
    /// <summary>CSV (or TSV) with a header row, read with CsvHelper's streaming reader (RFC 4180 quoting, line tracking).</summary>
    public sealed class CsvSampleReader : SampleReader<string>
    {
        private readonly CsvReader _csv;
        private readonly IReadOnlyList<SignalColumn> _columns;
        private readonly long _length;
        private long[] _lines = Array.Empty<long>();
        private long _firstRow;

        public CsvSampleReader(string path, string displayPath, IReadOnlyList<BoundSignal> signals, bool strict, char separator)
            : base(displayPath, signals, strict)
        {
            _length = Math.Max(1, new FileInfo(path).Length);
            _csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = separator, HasHeader = true, TrackLineNumbers = true });
            try
            {
                _columns = SignalColumn.Map(signals, _csv.Headers, displayPath);
            }
            catch
            {
                _csv.Dispose();
                throw;
            }
        }

        public override double Progress => Math.Min(1.0, (double)_csv.ByteOffset / _length);

        public override int Read(SignalBatch batch)
        {
            if (_lines.Length < batch.Capacity) _lines = new long[batch.Capacity];
            _firstRow = RowsRead + 1;
            int n = 0;
            while (n < batch.Capacity && _csv.Read())
            {
                _lines[n] = _csv.LineNumber;
                foreach (var column in _columns) ReadSignal(batch, n, column);
                n++;
                RowsRead++;
            }
            batch.Count = n;
            return n;
        }

        protected override string Cell(SignalColumn column, int member) => Field(member < 0 ? column.Column : column.MemberColumns![member]);

        protected override float Number(string cell) => Values.Number(cell, Strict);

        protected override bool Flag(string cell) => Values.Flag(cell);

        protected override int Category(BoundSignal signal, string cell) => Values.Category(signal, cell);

        protected override void Ensemble(BoundSignal signal, string cell, Span<float> values) => Values.Ensemble(signal, cell, values, Strict);

        private string Field(int index) =>
            index < _csv.FieldCount ? _csv.GetString(index) : throw new DataException($"the record has {_csv.FieldCount} fields; this column is field {index + 1}");

        public override string Position(int sample) => $"line {_lines[sample]} (row {_firstRow + sample})";

        public override void Dispose() => _csv.Dispose();
    }
}
