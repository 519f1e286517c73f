using System;
using Sprache;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// The query operators (<c>from … in … select …</c>) of the grammar. Declared in this namespace, so C# finds
    /// them before Sprache's own (imported with <c>using Sprache;</c>), with the same meaning: run the parsers in
    /// sequence, stop at the first failure and return it as it is.
    /// <para>
    /// Sprache builds its sequence out of <c>Then</c>, <c>Select</c> and <c>Return</c>, which allocate new parser
    /// closures at every step of every parse; with the grammar's long declarations that made the parser allocate
    /// hundreds of bytes per character of input and spend most of its time in the garbage collector. These
    /// allocate only the results.
    /// </para>
    /// </summary>
    internal static class ParserQueries
    {
        public static Parser<U> Select<T, U>(this Parser<T> parser, Func<T, U> convert) => input =>
        {
            var result = parser(input);
            return result.WasSuccessful
                ? Result.Success(convert(result.Value), result.Remainder)
                : Result.Failure<U>(result.Remainder, result.Message, result.Expectations);
        };

        public static Parser<V> SelectMany<T, U, V>(this Parser<T> parser, Func<T, Parser<U>> next, Func<T, U, V> project) => input =>
        {
            var first = parser(input);
            if (!first.WasSuccessful) return Result.Failure<V>(first.Remainder, first.Message, first.Expectations);
            var second = next(first.Value)(first.Remainder);
            if (!second.WasSuccessful) return Result.Failure<V>(second.Remainder, second.Message, second.Expectations);
            return Result.Success(project(first.Value, second.Value), second.Remainder);
        };
    }
}
