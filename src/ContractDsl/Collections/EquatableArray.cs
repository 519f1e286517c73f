using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace ContractDsl.Collections
{
    /// <summary>
    /// An immutable array with value equality. Models that flow through the incremental generator must be
    /// value-equal so that an unchanged input yields an <c>Unchanged</c> step; a plain array compares by reference.
    /// </summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    {
        public static readonly EquatableArray<T> Empty = new EquatableArray<T>(Array.Empty<T>());

        private readonly T[]? _items;

        public EquatableArray(T[] items) => _items = items;

        public EquatableArray(IEnumerable<T> items) => _items = items.ToArray();

        private T[] Items => _items ?? Array.Empty<T>();

        public int Length => Items.Length;

        int IReadOnlyCollection<T>.Count => Items.Length;

        public T this[int index] => Items[index];

        public bool IsEmpty => Items.Length == 0;

        public bool Equals(EquatableArray<T> other)
        {
            T[] a = Items, b = other.Items;
            if (ReferenceEquals(a, b)) return true;
            if (a.Length != b.Length) return false;
            var comparer = EqualityComparer<T>.Default;
            for (int i = 0; i < a.Length; i++)
                if (!comparer.Equals(a[i], b[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int hash = 17;
                var comparer = EqualityComparer<T>.Default;
                foreach (var item in Items) hash = hash * 31 + (item is null ? 0 : comparer.GetHashCode(item));
                return hash;
            }
        }

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

        public T[] ToArray() => (T[])Items.Clone();

        public override string ToString() => "[" + string.Join(", ", Items) + "]";
    }

    public static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new EquatableArray<T>(items);
    }
}
