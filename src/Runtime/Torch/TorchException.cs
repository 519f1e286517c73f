using System;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// An error reported by libtorch (shape mismatch, wrong dtype, CUDA failure, ...). The message is
    /// torch's own, without the C++ backtrace. The native state stays usable after it.
    /// </summary>
    public sealed class TorchException : Exception
    {
        /// <summary>Creates the exception with a generic message.</summary>
        public TorchException() : base("libtorch reported an error")
        {
        }

        /// <summary>Creates the exception with torch's message.</summary>
        public TorchException(string message) : base(message)
        {
        }

        /// <summary>Creates the exception with a message and a cause.</summary>
        public TorchException(string message, Exception innerException) : base(message, innerException)
        {
        }
    }
}
