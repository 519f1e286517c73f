using System.Collections.Generic;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// The depth limit every later stage relies on. Binding, lowering, interval analysis, the printers and even record
    /// equality walk expression and guard trees recursively; the parser caps parentheses and operator chains separately,
    /// but a chain inside parentheses inside a chain can still nest 25,600 levels. This check measures each tree's
    /// depth without recursion and rejects trees deeper than <see cref="MaxDepth"/>, so no later recursion can exhaust
    /// the stack (a crash would take down the compiler server).
    /// </summary>
    public static class ExpressionDepth
    {
        /// <summary>The deepest expression or guard tree accepted: far beyond anything written by hand.</summary>
        public const int MaxDepth = 256;

        /// <summary>CDSL0001 for every expression or guard of <paramref name="contract"/> deeper than <see cref="MaxDepth"/>.</summary>
        public static List<ContractDiagnostic> Check(string path, ContractSyntax contract)
        {
            var errors = new List<ContractDiagnostic>();
            foreach (var member in contract.Members)
            {
                foreach (var root in Roots(member))
                {
                    int depth = Depth(root);
                    if (depth > MaxDepth)
                        errors.Add(new ContractDiagnostic(DiagnosticCatalog.SyntaxError, path, Span(root),
                            $"this expression is nested {depth} levels deep; the limit is {MaxDepth}: split it into `let`s"));
                }
            }
            return errors;
        }

        private static IEnumerable<object> Roots(MemberSyntax member)
        {
            switch (member)
            {
                case LetSyntax l: yield return l.Value; break;
                case RewardSyntax r: yield return r.Value; break;
                case NormSyntax n:
                    if (n.Context != null) yield return n.Context;
                    if (n.Guard != null) yield return n.Guard;
                    if (n.Amount != null) yield return n.Amount;
                    break;
                case UncertainSyntax u:
                    if (u.Guard != null) yield return u.Guard;
                    break;
            }
        }

        private static Text.SourceSpan Span(object node) => node is ExpressionSyntax e ? e.Span : ((GuardSyntax)node).Span;

        /// <summary>The tree's depth, by an explicit stack.</summary>
        public static int Depth(object root)
        {
            int max = 0;
            var stack = new Stack<(object Node, int Depth)>();
            stack.Push((root, 1));
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                if (depth > max) max = depth;
                if (depth > MaxDepth + 1) continue; // deep enough to reject; no need to measure further
                switch (node)
                {
                    case NegateExpressionSyntax n: stack.Push((n.Operand, depth + 1)); break;
                    case BinaryExpressionSyntax b: stack.Push((b.Left, depth + 1)); stack.Push((b.Right, depth + 1)); break;
                    case CallExpressionSyntax c: foreach (var a in c.Arguments) stack.Push((a, depth + 1)); break;
                    case AndGuardSyntax a: stack.Push((a.Left, depth + 1)); stack.Push((a.Right, depth + 1)); break;
                    case OrGuardSyntax o: stack.Push((o.Left, depth + 1)); stack.Push((o.Right, depth + 1)); break;
                    case NotGuardSyntax n: stack.Push((n.Operand, depth + 1)); break;
                    case ComparisonGuardSyntax c: stack.Push((c.Left, depth + 1)); stack.Push((c.Right, depth + 1)); break;
                    case InSetGuardSyntax s: stack.Push((s.Subject, depth + 1)); break;
                    case NameGuardSyntax g: stack.Push((g.Name, depth + 1)); break;
                }
            }
            return max;
        }
    }
}
