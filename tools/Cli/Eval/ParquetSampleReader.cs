using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using Parquet;
using Parquet.Schema;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// Parquet, read with Parquet.Net one row group at a time (only the columns the contract needs). Numbers may be any
    /// numeric column type (or strings that read as numbers), flags booleans or 0/1, categories strings; an ensemble
    /// <c>rm</c> is the columns <c>rm[0]</c> … <c>rm[k-1]</c>.
    /// </summary>
    public sealed class ParquetSampleReader : SampleReader<object?>
    {
        private readonly ParquetReader _parquet;
        private readonly IReadOnlyList<SignalColumn> _columns;
        private readonly IReadOnlyList<DataField> _fields;
        private readonly long _totalRows;
        private int _rowGroup = -1;
        private long _rowGroupRows;
        private long _next;
        private readonly Dictionary<int, object?[]> _values = new();
        private long _firstRow;

        public ParquetSampleReader(string path, string displayPath, IReadOnlyList<BoundSignal> signals, bool strict)
            : base(displayPath, signals, strict)
        {
            try
            {
                _parquet = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new CliException($"{displayPath}: not a Parquet file Parquet.Net can read ({ex.Message})");
            }
            // Top-level columns only (a nested or list column's path is longer than its name).
            _fields = _parquet.Schema.GetDataFields().Where(f => f.Path.ToString() == f.Name).ToList();
            _columns = SignalColumn.Map(signals, _fields.Select(f => f.Name).ToList(), displayPath);
            _totalRows = Math.Max(1, Enumerable.Range(0, _parquet.RowGroupCount).Sum(i => _parquet.OpenRowGroupReader(i).RowCount));
        }

        public override double Progress => Math.Min(1.0, (double)RowsRead / _totalRows);

        public override int Read(SignalBatch batch)
        {
            while (_next >= _rowGroupRows)
            {
                if (_rowGroup + 1 >= _parquet.RowGroupCount)
                {
                    batch.Count = 0;
                    return 0;
                }
                LoadRowGroup(++_rowGroup);
            }
            _firstRow = RowsRead + 1;
            int n = (int)Math.Min(batch.Capacity, _rowGroupRows - _next);
            batch.Count = n;
            for (int i = 0; i < n; i++, _next++)
            {
                foreach (var column in _columns) ReadSignal(batch, i, column);
                RowsRead++;
            }
            return n;
        }

        private void LoadRowGroup(int index)
        {
            _values.Clear();
            var group = _parquet.OpenRowGroupReader(index);
            _rowGroupRows = group.RowCount;
            _next = 0;
            foreach (var column in _columns)
            {
                var indexes = column.MemberColumns ?? new[] { column.Column };
                foreach (int c in indexes)
                {
                    if (_values.ContainsKey(c)) continue;
                    var field = _fields[c];
                    if (field.IsArray || field.MaxRepetitionLevel > 0)
                        throw new CliException($"{File}: column `{field.Name}` is a list; write an ensemble as columns {column.Signal.Name}[0] … {column.Signal.Name}[{Math.Max(1, column.Signal.EnsembleSize) - 1}]");
                    try
                    {
                        _values[c] = ParquetColumns.Read(group, field, (int)group.RowCount);
                    }
                    catch (DataException ex)
                    {
                        throw new CliException($"{File}: column `{field.Name}`: {ex.Message}");
                    }
                }
            }
        }

        protected override object? Cell(SignalColumn column, int member) => Value(member < 0 ? column.Column : column.MemberColumns![member]);

        protected override bool Flag(object? cell) => cell switch
        {
            bool b => b,
            string s => Values.Flag(s),
            double d when d == 0 || d == 1 => d == 1,
            _ => throw new DataException($"`{cell}` is not a flag (true, false, 1 or 0)"),
        };

        protected override int Category(BoundSignal signal, object? cell) => cell is string text
            ? Values.Category(signal, text)
            : throw new DataException($"`{cell}` is not a category value: categories are read by value name, from a string column");

        protected override void Ensemble(BoundSignal signal, object? cell, Span<float> values) =>
            throw new DataException($"an ensemble is read from the columns {signal.Name}[0] … {signal.Name}[{signal.EnsembleSize - 1}] in Parquet");

        private object? Value(int column) => _values[column][_next] ?? throw new DataException("null; a value is needed");

        protected override float Number(object? value) => value switch
        {
            double d => Values.Number(d, Strict),
            string s => Values.Number(s, Strict),
            bool => throw new DataException("a boolean where a number is needed"),
            _ => throw new DataException($"`{value}` is not a number"),
        };

        public override string Position(int sample) => $"row {_firstRow + sample}";

        public override void Dispose() => _parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Reads one flat Parquet column as boxed values: every numeric type as double, booleans, strings; null where the column is null.</summary>
    internal static class ParquetColumns
    {
        public static object?[] Read(ParquetRowGroupReader group, DataField field, int rows)
        {
            var type = field.ClrType;
            if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
            {
                var strings = new string?[rows];
                group.ReadAsync(field, strings.AsMemory()).GetAwaiter().GetResult();
                return strings.Cast<object?>().ToArray();
            }
            if (type == typeof(bool)) return ReadStruct<bool>(group, field, rows, v => v);
            if (type == typeof(double)) return ReadStruct<double>(group, field, rows, v => v);
            if (type == typeof(float)) return ReadStruct<float>(group, field, rows, v => (double)v);
            if (type == typeof(int)) return ReadStruct<int>(group, field, rows, v => (double)v);
            if (type == typeof(long)) return ReadStruct<long>(group, field, rows, v => (double)v);
            if (type == typeof(short)) return ReadStruct<short>(group, field, rows, v => (double)v);
            if (type == typeof(byte)) return ReadStruct<byte>(group, field, rows, v => (double)v);
            if (type == typeof(sbyte)) return ReadStruct<sbyte>(group, field, rows, v => (double)v);
            if (type == typeof(uint)) return ReadStruct<uint>(group, field, rows, v => (double)v);
            if (type == typeof(ulong)) return ReadStruct<ulong>(group, field, rows, v => (double)v);
            if (type == typeof(ushort)) return ReadStruct<ushort>(group, field, rows, v => (double)v);
            if (type == typeof(decimal)) return ReadStruct<decimal>(group, field, rows, v => (double)v);
            throw new DataException($"type {type.Name} is not a number, a boolean or a string");
        }

        private static object?[] ReadStruct<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, object> box) where T : struct
        {
            var result = new object?[rows];
            if (field.IsNullable)
            {
                var values = new T?[rows];
                group.ReadAsync<T>(field, values.AsMemory()).GetAwaiter().GetResult();
                for (int i = 0; i < rows; i++) result[i] = values[i] is T v ? box(v) : null;
            }
            else
            {
                var values = new T[rows];
                group.ReadAsync<T>(field, values.AsMemory()).GetAwaiter().GetResult();
                for (int i = 0; i < rows; i++) result[i] = box(values[i]);
            }
            return result;
        }
    }
}
