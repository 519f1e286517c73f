using System;

namespace ContractDsl.Cli.Eval
{
    /// <summary>A value that can't be a signal's value; the reader adds the file, row and column.</summary>
    public sealed class DataException : Exception
    {
        public DataException(string message) : base(message) { }
    }
}
