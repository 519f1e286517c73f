using System.Collections.Generic;
using ContractDsl.Collections;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// The declarations one parse reused from an earlier parse of the file at another place (<see cref="DeclarationCache"/>):
    /// each moved declaration, the cached declaration it was made from, and the shift. A later stage that derived something
    /// from the cached declaration can move that instead of deriving it again (the binder moves a bound norm).
    /// </summary>
    internal sealed class SyntaxMoves
    {
        private readonly Dictionary<MemberSyntax, (MemberSyntax Original, SyntaxShift Shift)> _moves =
            new Dictionary<MemberSyntax, (MemberSyntax Original, SyntaxShift Shift)>(ReferenceComparer<MemberSyntax>.Instance);

        public void Add(MemberSyntax moved, MemberSyntax original, SyntaxShift shift) => _moves[moved] = (original, shift);

        /// <summary>The declaration <paramref name="moved"/> was made from and the shift, if this parse moved it.</summary>
        public bool TryGetOrigin(MemberSyntax moved, out MemberSyntax original, out SyntaxShift shift)
        {
            if (_moves.TryGetValue(moved, out var origin))
            {
                (original, shift) = origin;
                return true;
            }
            original = moved;
            shift = SyntaxShift.None;
            return false;
        }
    }
}
