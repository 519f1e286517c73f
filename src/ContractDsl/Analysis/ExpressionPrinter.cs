using System.Globalization;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis
{
    /// <summary>Writes bound expressions and guards back as contract text, for messages.</summary>
    internal static class ExpressionPrinter
    {
        public static string Print(BoundContract c, BoundExpression e, int parentPrecedence = 0)
        {
            switch (e)
            {
                case BoundConstant k: return Number(k.Value);
                case BoundSignalValue s: return c.Signals[s.Signal].Name;
                case BoundEnsembleMember m: return c.Signals[m.Signal].Name + "." + m.Statistic.ToString().ToLowerInvariant();
                case BoundParamValue p: return c.Params[p.Param].Name;
                case BoundLetValue l: return c.Lets[l.Let].Name;
                case BoundNegate n: return Wrap("-" + Print(c, n.Operand, 3), 3, parentPrecedence);
                case BoundBinary b:
                {
                    int p = b.Operator is BinaryOperator.Add or BinaryOperator.Subtract ? 1 : 2;
                    string op = " " + SyntaxFacts.Text(b.Operator) + " ";
                    return Wrap(Print(c, b.Left, p) + op + Print(c, b.Right, p + 1), p, parentPrecedence);
                }
                case BoundCall call:
                    return call.Function.ToString().ToLowerInvariant() + "(" + string.Join(", ", call.Arguments.Select(a => Print(c, a))) + ")";
                default:
                    return "?";
            }
        }

        private static string Wrap(string text, int precedence, int parent) => precedence < parent ? "(" + text + ")" : text;

        public static string Number(double value)
        {
            if (double.IsPositiveInfinity(value)) return "inf";
            if (double.IsNegativeInfinity(value)) return "-inf";
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOf('E') >= 0 ? text.Replace("E+", "e").Replace("E", "e") : text;
        }

        public static string Operator(ComparisonOperator op) => SyntaxFacts.Text(op);

        public static string Print(BoundContract c, BoundGuard g, int parentPrecedence = 0)
        {
            switch (g)
            {
                case BoundOr o: return Wrap(Print(c, o.Left, 1) + " or " + Print(c, o.Right, 1), 1, parentPrecedence);
                case BoundAnd a: return Wrap(Print(c, a.Left, 2) + " and " + Print(c, a.Right, 2), 2, parentPrecedence);
                case BoundNot n: return "not " + Print(c, n.Operand, 3);
                case BoundFlag f: return c.Signals[f.Signal].Name;
                case BoundCategoryTest t:
                {
                    var s = c.Signals[t.Signal];
                    return t.Values.Length == 1 ? s.Name + " == " + s.Categories[t.Values[0]] : s.Name + " in { " + string.Join(", ", t.Values.Select(v => s.Categories[v])) + " }";
                }
                case BoundComparison cmp: return Print(c, cmp.Subject) + " " + Operator(cmp.Operator) + " " + Number(cmp.Constant);
                default: return "?";
            }
        }
    }
}
