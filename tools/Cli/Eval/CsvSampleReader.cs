using System;
using System.Collections.Generic;
using System.IO;
using ContractDsl.Binding;
using CsvHelper;

namespace ContractDsl.Cli.Eval
{
    /// <summary>CSV (or TSV) with a header row, read with CsvHelper's streaming reader (RFC 4180 quoting, line tracking).</summary>
    public sealed class CsvSampleReader : SampleReader
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

        private void ReadSignal(SignalBatch batch, int sample, SignalColumn column)
        {
            var signal = column.Signal;
            int member = 0;
            try
            {
                if (column.MemberColumns is { } members)
                {
                    for (member = 0; member < members.Count; member++)
                        batch.SetNumber(signal.Index, sample, member, Values.Number(Field(members[member]), Strict));
                    return;
                }
                string text = Field(column.Column);
                switch (signal.Kind)
                {
                    case SignalKind.Flag: batch.SetFlag(signal.Index, sample, Values.Flag(text)); break;
                    case SignalKind.Category: batch.SetCategory(signal.Index, sample, Values.Category(signal, text)); break;
                    case SignalKind.Ensemble:
                        var values = new float[signal.EnsembleSize];
                        Values.Ensemble(signal, text, values, Strict);
                        for (int k = 0; k < values.Length; k++) batch.SetNumber(signal.Index, sample, k, values[k]);
                        break;
                    default: batch.SetNumber(signal.Index, sample, 0, Values.Number(text, Strict)); break;
                }
            }
            catch (DataException ex)
            {
                throw Error(sample, column.ColumnName(member), ex.Message);
            }
        }

        private string Field(int index) =>
            index < _csv.FieldCount ? _csv.GetString(index) : throw new DataException($"the record has {_csv.FieldCount} fields; this column is field {index + 1}");

        public override string Position(int sample) => $"line {_lines[sample]} (row {_firstRow + sample})";

        public override void Dispose() => _csv.Dispose();
    }
}
