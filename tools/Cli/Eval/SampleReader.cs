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
}
