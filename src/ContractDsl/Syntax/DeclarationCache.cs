using System;
using System.Collections.Generic;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// The declarations of the last parse of each recently parsed file, keyed by their text, so that the next
    /// parse of the file (the IDE re-parses after every keystroke) reuses every declaration that did not change
    /// instead of running the grammar over it again.
    /// <para>
    /// Sound because a declaration's syntax tree is a function of its text alone, once moved: it starts with
    /// its keyword, ends with the first <c>;</c> outside strings and comments (no declaration contains another
    /// <c>;</c>), and no parser looks past that <c>;</c> or before the keyword. What does depend on the
    /// surroundings is handled on reuse: the position (every span shifted by <see cref="SyntaxShift"/>, with the
    /// starting column part of the key because first-line columns depend on it) and the <c>///</c> doc comment
    /// above the keyword (looked up again). A reused declaration is therefore value-equal to a fresh parse, and
    /// the file model stays deterministic. Only declarations that parsed without error are kept.
    /// </para>
    /// <para>
    /// Bounded: one table per file for the <see cref="MaxFiles"/> files parsed most recently, each holding the
    /// declarations of that file's last parse only; files over <see cref="MaxFileLength"/> characters are not
    /// cached. Thread-safe: a table is never changed once published, and publishing swaps it under a lock.
    /// </para>
    /// </summary>
    internal sealed class DeclarationCache
    {
        public const int MaxFiles = 32;

        public const int MaxFileLength = 4 * 1024 * 1024;

        public static readonly DeclarationCache Shared = new DeclarationCache();

        private readonly object _gate = new object();
        private readonly Dictionary<string, Dictionary<Key, MemberSyntax>> _files = new Dictionary<string, Dictionary<Key, MemberSyntax>>(StringComparer.Ordinal);
        private readonly LinkedList<string> _recent = new LinkedList<string>();

        /// <summary>Where a declaration's text starts and which column it starts at.</summary>
        internal readonly struct Key : IEquatable<Key>
        {
            public Key(string text, int column)
            {
                Text = text;
                Column = column;
            }

            public string Text { get; }

            public int Column { get; }

            public bool Equals(Key other) => Column == other.Column && string.Equals(Text, other.Text, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => unchecked(StringComparer.Ordinal.GetHashCode(Text) * 31 + Column);
        }

        /// <summary>One parse of one file: reads the file's previous table, fills the next one.</summary>
        public sealed class Session
        {
            private readonly DeclarationCache _cache;
            private readonly string _path;
            private readonly Dictionary<Key, MemberSyntax>? _previous;
            private readonly Dictionary<Key, MemberSyntax> _next = new Dictionary<Key, MemberSyntax>();

            internal Session(DeclarationCache cache, string path, Dictionary<Key, MemberSyntax>? previous)
            {
                _cache = cache;
                _path = path;
                _previous = previous;
            }

            /// <summary>
            /// The declaration whose text runs from <paramref name="start"/> to <paramref name="end"/> (exclusive,
            /// its <c>;</c> included) if it was parsed before, moved to this place; null otherwise.
            /// </summary>
            public MemberSyntax? Find(string text, int start, int end, int line, int column)
            {
                if (_previous is null) return null;
                var key = new Key(text.Substring(start, end - start), column);
                if (!_previous.TryGetValue(key, out var member)) return null;
                _next[key] = member;
                if (member.Span.Start != start || member.Span.Line != line)
                    member = new SyntaxShift(start - member.Span.Start, line - member.Span.Line).Member(member);
                string? doc = DocComment.Before(text, start);
                return member.Doc == doc ? member : member with { Doc = doc };
            }

            /// <summary>Keeps a freshly parsed declaration for the next parse of the file.</summary>
            public void Add(string text, MemberSyntax member) =>
                _next[new Key(text.Substring(member.Span.Start, member.Span.Length), member.Span.Column)] = member;

            /// <summary>Makes this parse's table the file's table.</summary>
            public void Publish() => _cache.Publish(_path, _next);
        }

        /// <summary>Starts a parse of a file; null when the file is too large to cache.</summary>
        public Session? Begin(string path, int length)
        {
            if (length > MaxFileLength) return null;
            lock (_gate)
            {
                _files.TryGetValue(path, out var previous);
                return new Session(this, path, previous);
            }
        }

        private void Publish(string path, Dictionary<Key, MemberSyntax> table)
        {
            lock (_gate)
            {
                _files[path] = table;
                _recent.Remove(path);
                _recent.AddFirst(path);
                while (_recent.Count > MaxFiles)
                {
                    _files.Remove(_recent.Last!.Value);
                    _recent.RemoveLast();
                }
            }
        }

        /// <summary>Forgets every file (benchmarks measure a parse from scratch with it).</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _files.Clear();
                _recent.Clear();
            }
        }
    }
}
