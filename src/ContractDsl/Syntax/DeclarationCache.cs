using System;
using System.Collections.Generic;
using ContractDsl.Collections;

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
    /// cached, and the oldest files are dropped while all together exceed <see cref="MaxTotalLength"/>. Thread-safe: a table is never changed once published, and publishing swaps it under a lock.
    /// </para>
    /// </summary>
    internal sealed class DeclarationCache
    {
        public const int MaxFiles = 16;

        /// <summary>
        /// The most characters of text the cached files may have together. A declaration's tree takes some 20
        /// times its text in memory, and everything cached is live data every full garbage collection walks.
        /// </summary>
        public const long MaxTotalLength = 2 * 1024 * 1024;

        public const int MaxFileLength = 1024 * 1024;

        public static readonly DeclarationCache Shared = new DeclarationCache();

        // Per file, the declarations of its last parse; a file's size is its text's length.
        private readonly RecentFileTables<Key, MemberSyntax> _files = new RecentFileTables<Key, MemberSyntax>(MaxFiles, MaxTotalLength);

        /// <summary>
        /// A declaration's text (a range of its file's text, compared in place rather than copied out) and the
        /// column it starts at.
        /// </summary>
        internal readonly struct Key : IEquatable<Key>
        {
            private readonly string _file;
            private readonly int _start;
            private readonly int _hash;

            public Key(string file, int start, int length, int column)
            {
                _file = file;
                _start = start;
                Length = length;
                Column = column;
                // FNV-1a over at most 64 characters spread over the text: equal keys are compared in full anyway,
                // so the hash only has to tell most different declarations apart, and hashing every character
                // was a third of what reusing a file's declarations cost.
                int hash = unchecked((int)2166136261 ^ length);
                int step = length <= 64 ? 1 : length / 64;
                for (int i = start; i < start + length; i += step) hash = unchecked((hash ^ file[i]) * 16777619);
                if (length > 0) hash = unchecked((hash ^ file[start + length - 1]) * 16777619);
                _hash = unchecked(hash * 31 + column);
            }

            public int Length { get; }

            public int Column { get; }

            public bool Equals(Key other) =>
                _hash == other._hash && Length == other.Length && Column == other.Column &&
                string.CompareOrdinal(_file, _start, other._file, other._start, Length) == 0;

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => _hash;
        }

        /// <summary>One parse of one file: reads the file's previous table, fills the next one.</summary>
        public sealed class Session
        {
            private readonly RecentFileTables<Key, MemberSyntax>.Pass _pass;

            internal Session(RecentFileTables<Key, MemberSyntax>.Pass pass) => _pass = pass;

            /// <summary>
            /// The declaration whose text runs from <paramref name="start"/> to <paramref name="end"/> (exclusive,
            /// its <c>;</c> included) if it was parsed before, moved to this place; null otherwise.
            /// </summary>
            public MemberSyntax? Find(string text, int start, int end, int line, int column)
            {
                if (!_pass.HasLast) return null;
                var key = new Key(text, start, end - start, column);
                if (!_pass.TryGetLast(key, out var member)) return null;
                _pass.Add(key, member);
                string? doc = DocComment.Before(text, start);
                bool moved = member.Span.Start != start || member.Span.Line != line;
                if (member.Doc != doc)
                    return (moved ? new SyntaxShift(start - member.Span.Start, line - member.Span.Line).Member(member) : member) with { Doc = doc };
                if (!moved) return member;
                // Moved only: later stages may move what they derived from the declaration too (see Moves).
                var shift = new SyntaxShift(start - member.Span.Start, line - member.Span.Line);
                var copy = shift.Member(member);
                (Moves ??= new SyntaxMoves()).Add(copy, member, shift);
                return copy;
            }

            /// <summary>The declarations this parse reused at another place than before, or null when there are none.</summary>
            public SyntaxMoves? Moves { get; private set; }

            /// <summary>Keeps a freshly parsed declaration for the next parse of the file.</summary>
            public void Add(string text, MemberSyntax member) =>
                _pass.Add(new Key(text, member.Span.Start, member.Span.Length, member.Span.Column), member);

            /// <summary>Makes this parse's table the file's table (a file of <paramref name="length"/> characters).</summary>
            public void Publish(int length) => _pass.Publish(length);
        }

        /// <summary>Starts a parse of a file; null when the file is too large to cache.</summary>
        public Session? Begin(string path, int length) => length > MaxFileLength ? null : new Session(_files.Begin(path));

        /// <summary>Forgets every file (benchmarks measure a parse from scratch with it).</summary>
        public void Clear() => _files.Clear();
    }
}
