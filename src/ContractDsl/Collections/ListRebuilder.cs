using System;
using System.Collections.Generic;

namespace ContractDsl.Collections
{
    /// <summary>
    /// Builds a list, item by item, that is often equal to a previous one — a later version of a contract repeats most of
    /// what the analysis concluded about the last, such as hundreds of thousands of pairs proven disjoint. While the items
    /// match, nothing is copied, and an equal result is the previous list itself (which must not be changed afterwards;
    /// the analysis never changes these lists once built).
    /// </summary>
    internal sealed class ListRebuilder<T> where T : IEquatable<T>
    {
        private readonly List<T>? _previous;
        private int _matched;
        private List<T>? _own;

        /// <param name="previous">The list this one probably repeats, or null (then this is an ordinary list).</param>
        public ListRebuilder(List<T>? previous)
        {
            _previous = previous;
            if (previous == null) _own = new List<T>();
        }

        public void Add(T item)
        {
            if (_own == null)
            {
                if (_matched < _previous!.Count && _previous[_matched].Equals(item)) { _matched++; return; }
                // The first difference: copy what matched so far and go on as an ordinary list.
                _own = new List<T>(Math.Max(_previous.Count, _matched + 1));
                _own.AddRange(_previous.GetRange(0, _matched));
            }
            _own.Add(item);
        }

        /// <summary>The list built: the previous list itself when every item matched it.</summary>
        public List<T> ToList() => _own ?? (_matched == _previous!.Count ? _previous : _previous.GetRange(0, _matched));
    }
}
