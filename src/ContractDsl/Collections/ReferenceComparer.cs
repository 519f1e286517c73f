using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ContractDsl.Collections
{
    /// <summary>
    /// Identity equality for keys whose own equality is by value (records): a table of the very objects an earlier stage
    /// handed out, which value equality would make both slow (deep hashes) and wrong (two equal declarations at different
    /// places of a file are different objects).
    /// </summary>
    internal sealed class ReferenceComparer<T> : IEqualityComparer<T> where T : class
    {
        public static readonly ReferenceComparer<T> Instance = new ReferenceComparer<T>();

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

        public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
