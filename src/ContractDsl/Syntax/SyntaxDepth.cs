using System;
using System.Collections.Generic;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// How deep an expression or a guard tree is: the number of nodes on its longest path from the root to a
    /// leaf, counted without recursion (the tree being measured may be too deep to recurse over).
    /// <para>
    /// The parser's two limits — <see cref="Lexer.MaxNesting"/> levels of parentheses, <c>-</c> and <c>not</c>,
    /// and <see cref="Lexer.MaxChainLength"/> operators in a row — each hold, but together they allowed trees
    /// 100 × 256 levels deep (<c>((a + a + … ) + a + …)</c>), and every later stage walks trees recursively:
    /// the binder overflowed the stack on them, which kills the compiler process. <see cref="MaxDepth"/> bounds
    /// the tree itself, so every recursive walk after the parser has a known bound.
    /// </para>
    /// </summary>
    public static class SyntaxDepth
    {
        /// <summary>
        /// The deepest expression or guard tree the parser accepts. A chain of <see cref="Lexer.MaxChainLength"/>
        /// operators is 257 deep by itself; real contracts stay under 20.
        /// </summary>
        public const int MaxDepth = 512;

        public static int Of(ExpressionSyntax root)
        {
            int deepest = 0;
            var stack = new Stack<(ExpressionSyntax Node, int Depth)>();
            stack.Push((root, 1));
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                deepest = Math.Max(deepest, depth);
                switch (node)
                {
                    case NegateExpressionSyntax negate:
                        stack.Push((negate.Operand, depth + 1));
                        break;
                    case BinaryExpressionSyntax binary:
                        stack.Push((binary.Right, depth + 1));
                        stack.Push((binary.Left, depth + 1));
                        break;
                    case CallExpressionSyntax call:
                        foreach (var argument in call.Arguments) stack.Push((argument, depth + 1));
                        break;
                }
            }
            return deepest;
        }

        public static int Of(GuardSyntax root)
        {
            int deepest = 0;
            var stack = new Stack<(GuardSyntax Node, int Depth)>();
            stack.Push((root, 1));
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                deepest = Math.Max(deepest, depth);
                switch (node)
                {
                    case AndGuardSyntax and:
                        stack.Push((and.Right, depth + 1));
                        stack.Push((and.Left, depth + 1));
                        break;
                    case OrGuardSyntax or:
                        stack.Push((or.Right, depth + 1));
                        stack.Push((or.Left, depth + 1));
                        break;
                    case NotGuardSyntax not:
                        stack.Push((not.Operand, depth + 1));
                        break;
                    case ComparisonGuardSyntax comparison:
                        // Each side is a name or a number: one level below the comparison.
                        deepest = Math.Max(deepest, depth + 1);
                        break;
                }
            }
            return deepest;
        }

        /// <summary>The expressions and guards of a declaration, in source order.</summary>
        internal static IEnumerable<object> TreesOf(MemberSyntax member)
        {
            switch (member)
            {
                case LetSyntax let:
                    yield return let.Value;
                    break;
                case RewardSyntax reward:
                    yield return reward.Value;
                    break;
                case NormSyntax norm:
                    if (norm.Context != null) yield return norm.Context;
                    if (norm.Guard != null) yield return norm.Guard;
                    if (norm.Amount != null) yield return norm.Amount;
                    break;
                case UncertainSyntax uncertain:
                    if (uncertain.Guard != null) yield return uncertain.Guard;
                    break;
            }
        }
    }
}
