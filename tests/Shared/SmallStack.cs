using System;
using System.Threading;

namespace ContractDsl.Testing
{
    /// <summary>
    /// Runs work on a thread with a 1 MB stack, what compiler threads get on Windows: a recursion that only the 8 MB main
    /// thread of a Linux test host survives is still a crash in the field. A stack overflow cannot be caught: it ends the
    /// test host, which fails the run. Linked into tests/ContractDsl.Tests and tests/Generators.Tests.
    /// </summary>
    internal static class SmallStack
    {
        public static T Run<T>(Func<T> work)
        {
            T result = default!;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try { result = work(); }
                catch (Exception e) { failure = e; }
            }, 1024 * 1024);
            thread.Start();
            thread.Join();
            if (failure != null) throw new Exception("failed on the small-stack thread", failure);
            return result;
        }
    }
}
