using System;
using System.Collections.Generic;

namespace ContractDsl.Collections
{
    /// <summary>
    /// Per file, the table the last pass over the file made (a parse's declarations, a binding's norms), for the next pass
    /// over the same file to reuse from: a pass reads the file's last table and builds its own, which replaces it when the
    /// pass publishes it. Bounded by a number of files and a total size (the oldest files are forgotten first), and
    /// thread-safe: a table is never changed once published, and publishing swaps it under a lock.
    /// </summary>
    internal sealed class RecentFileTables<TKey, TValue> where TKey : notnull
    {
        private readonly int _maxFiles;
        private readonly long _maxTotalSize;
        private readonly IEqualityComparer<TKey>? _comparer;
        private readonly object _gate = new object();
        private readonly Dictionary<string, (Dictionary<TKey, TValue> Table, long Size)> _files =
            new Dictionary<string, (Dictionary<TKey, TValue>, long)>(StringComparer.Ordinal);
        private readonly LinkedList<string> _recent = new LinkedList<string>();
        private long _totalSize;

        /// <param name="maxFiles">How many files' tables are kept.</param>
        /// <param name="maxTotalSize">The most the kept tables may measure together (in the unit their passes publish).</param>
        /// <param name="comparer">The tables' key comparer (null: the default).</param>
        public RecentFileTables(int maxFiles, long maxTotalSize, IEqualityComparer<TKey>? comparer = null)
        {
            _maxFiles = maxFiles;
            _maxTotalSize = maxTotalSize;
            _comparer = comparer;
        }

        /// <summary>Starts a pass over a file: it reads the file's last table and builds the next.</summary>
        public Pass Begin(string path)
        {
            lock (_gate)
            {
                return new Pass(this, path, _files.TryGetValue(path, out var last) ? last.Table : null);
            }
        }

        /// <summary>Forgets every file.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _files.Clear();
                _recent.Clear();
                _totalSize = 0;
            }
        }

        private void Publish(string path, Dictionary<TKey, TValue> table, long size)
        {
            lock (_gate)
            {
                Forget(path);
                _files[path] = (table, size);
                _totalSize += size;
                _recent.AddFirst(path);
                while (_recent.Count > _maxFiles || _totalSize > _maxTotalSize && _recent.Count > 1)
                    Forget(_recent.Last!.Value);
            }
        }

        private void Forget(string path)
        {
            if (!_files.TryGetValue(path, out var kept)) return;
            _files.Remove(path);
            _totalSize -= kept.Size;
            _recent.Remove(path);
        }

        /// <summary>One pass over a file.</summary>
        public sealed class Pass
        {
            private readonly RecentFileTables<TKey, TValue> _owner;
            private readonly string _path;
            private readonly Dictionary<TKey, TValue>? _last;
            private readonly Dictionary<TKey, TValue> _next;

            internal Pass(RecentFileTables<TKey, TValue> owner, string path, Dictionary<TKey, TValue>? last)
            {
                _owner = owner;
                _path = path;
                _last = last;
                _next = new Dictionary<TKey, TValue>(last?.Count ?? 0, owner._comparer);
            }

            /// <summary>What the file's last pass kept under <paramref name="key"/>.</summary>
            public bool TryGetLast(TKey key, out TValue value)
            {
                if (_last != null && _last.TryGetValue(key, out value!)) return true;
                value = default!;
                return false;
            }

            /// <summary>Whether the file had a table from an earlier pass.</summary>
            public bool HasLast => _last != null;

            /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/> for the file's next pass.</summary>
            public void Add(TKey key, TValue value) => _next[key] = value;

            /// <summary>Makes this pass's table the file's table; <paramref name="size"/> counts towards the total size.</summary>
            public void Publish(long size = 0) => _owner.Publish(_path, _next, size);
        }
    }
}
