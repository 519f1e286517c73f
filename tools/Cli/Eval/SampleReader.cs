using System;
using System.Collections.Generic;
using System.IO;
using ContractDsl.Binding;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// Streams samples from a data file into <see cref="SignalBatch"/>es, one batch at a time, so a file of any size runs
    /// in the memory of one batch. Bad values are <see cref="CliException"/>s naming the file, the row (1-based, the
    /// header not counted; for text files also the line) and the column.
    /// </summary>
    public abstract class SampleReader : IDisposable
    {
        protected SampleReader(string file, IReadOnlyList<BoundSignal> signals, bool strict)
        {
            File = file;
            Signals = signals;
            Strict = strict;
        }

        protected string File { get; }
        protected IReadOnlyList<BoundSignal> Signals { get; }
        protected bool Strict { get; }

        /// <summary>Data rows read so far.</summary>
        public long RowsRead { get; protected set; }

        /// <summary>How much of the input has been read, 0 to 1 (for the progress bar).</summary>
        public abstract double Progress { get; }

        /// <summary>Fills <paramref name="batch"/> with the next samples (up to its capacity) and returns how many; 0 at the end.</summary>
        public abstract int Read(SignalBatch batch);

        /// <summary>Where sample <paramref name="sample"/> of the batch last read is: <c>line 7 (row 6)</c> or <c>row 6</c>.</summary>
        public abstract string Position(int sample);

        /// <summary>A located data error: <c>data.csv: line 7 (row 6), column `outcome`: unknown category value …</c>.</summary>
        protected CliException Error(int sample, string column, string message) =>
            new($"{File}: {Position(sample)}, column `{column}`: {message}");

        public virtual void Dispose() { }

        /// <summary>The reader for <paramref name="path"/>'s format, chosen by its extension: .csv/.tsv, .jsonl/.ndjson, .parquet.</summary>
        public static SampleReader Open(string path, string displayPath, IReadOnlyList<BoundSignal> signals, bool strict)
        {
            if (!System.IO.File.Exists(path)) throw new CliException($"{displayPath}: no such file");
            string extension = Path.GetExtension(path).ToLowerInvariant();
            return extension switch
            {
                ".csv" or ".tsv" or ".txt" => new CsvSampleReader(path, displayPath, signals, strict, extension == ".tsv" ? '\t' : ','),
                ".jsonl" or ".ndjson" or ".json" => new JsonLinesSampleReader(path, displayPath, signals, strict),
                ".parquet" => new ParquetSampleReader(path, displayPath, signals, strict),
                _ => throw new CliException($"{displayPath}: unknown data format `{extension}`; use .csv (or .tsv), .jsonl (or .ndjson) or .parquet"),
            };
        }
    }

    /// <summary>
    /// A reader whose format yields one cell per column (<typeparamref name="TCell"/>: a CSV field, a JSON value, a Parquet
    /// value). Reading a signal from its cells — ensemble members from their own columns or from one cell, flags,
    /// categories, numbers, and the error that names the column — is written once here; each format says how to find a
    /// cell and how to decode it.
    /// </summary>
    public abstract class SampleReader<TCell> : SampleReader
    {
        protected SampleReader(string file, IReadOnlyList<BoundSignal> signals, bool strict) : base(file, signals, strict) { }

        /// <summary>The cell of <paramref name="column"/>'s signal, or of its ensemble member <paramref name="member"/> (≥ 0) where members have their own columns.</summary>
        protected abstract TCell Cell(SignalColumn column, int member);

        protected abstract float Number(TCell cell);

        protected abstract bool Flag(TCell cell);

        protected abstract int Category(BoundSignal signal, TCell cell);

        /// <summary>All members of an ensemble from one cell.</summary>
        protected abstract void Ensemble(BoundSignal signal, TCell cell, Span<float> values);

        /// <summary>Reads <paramref name="column"/>'s signal of sample <paramref name="sample"/> into the batch; a bad value is an error naming the row and the column.</summary>
        protected void ReadSignal(SignalBatch batch, int sample, SignalColumn column)
        {
            var signal = column.Signal;
            int member = 0;
            try
            {
                if (column.MemberColumns != null)
                {
                    for (member = 0; member < signal.EnsembleSize; member++)
                        batch.SetNumber(signal.Index, sample, member, Number(Cell(column, member)));
                    return;
                }
                var cell = Cell(column, -1);
                switch (signal.Kind)
                {
                    case SignalKind.Flag: batch.SetFlag(signal.Index, sample, Flag(cell)); break;
                    case SignalKind.Category: batch.SetCategory(signal.Index, sample, Category(signal, cell)); break;
                    case SignalKind.Ensemble:
                        Span<float> values = stackalloc float[signal.EnsembleSize];
                        Ensemble(signal, cell, values);
                        for (int k = 0; k < values.Length; k++) batch.SetNumber(signal.Index, sample, k, values[k]);
                        break;
                    default: batch.SetNumber(signal.Index, sample, 0, Number(cell)); break;
                }
            }
            catch (DataException ex)
            {
                throw Error(sample, column.ColumnName(member), ex.Message);
            }
        }
    }
}
