using System;
using System.Collections.Generic;

namespace ContractDsl.Collections
{
    /// <summary>
    /// The few most recently used items, most recent first: a lookup that finds an item moves it to the front (or takes it
    /// out), an item added goes to the front, and the oldest beyond the capacity are dropped. For the compiler's small
    /// caches of recent versions, where a walk over a handful of items (hashes compared first) costs less than an index.
    /// Thread-safe: the predicate runs under the list's lock.
    /// </summary>
    internal sealed class RecentList<T>
    {
        private readonly int _capacity;
        private readonly LinkedList<T> _items = new LinkedList<T>();
        private readonly object _gate = new object();

        public RecentList(int capacity) => _capacity = capacity;

        /// <summary>
        /// The most recent item that <paramref name="match"/> accepts, moved to the front; with <paramref name="take"/>, taken
        /// out instead (to be replaced by a newer one).
        /// </summary>
        public bool TryFind(Func<T, bool> match, out T item, bool take = false)
        {
            lock (_gate)
            {
                for (var node = _items.First; node != null; node = node.Next)
                {
                    if (!match(node.Value)) continue;
                    item = node.Value;
                    _items.Remove(node);
                    if (!take) _items.AddFirst(node);
                    return true;
                }
            }
            item = default!;
            return false;
        }

        /// <summary>Adds <paramref name="item"/> as the most recent, dropping the oldest beyond the capacity.</summary>
        public void Add(T item)
        {
            lock (_gate)
            {
                _items.AddFirst(item);
                while (_items.Count > _capacity) _items.RemoveLast();
            }
        }
    }
}
