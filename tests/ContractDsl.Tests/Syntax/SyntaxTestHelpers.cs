using System.Collections;
using System.Globalization;
using System.Reflection;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;
using ContractDsl.Text;

namespace ContractDsl.Tests.Syntax
{
    /// <summary>Shortcuts for parser tests: parse a snippet, pull out one node, print trees compactly.</summary>
    internal static class P
    {
        public const string FileName = "test.contract";

        public static ContractFileSyntax Parse(string text) => ContractParser.Parse(FileName, text);

        /// <summary>Parses and asserts that there is no syntax error (the errors are shown if there is).</summary>
        public static ContractFileSyntax Ok(string text)
        {
            var file = Parse(text);
            Assert.True(file.Errors.IsEmpty, "unexpected syntax errors:\n" + string.Join("\n", file.Errors) + "\nin:\n" + text);
            return file;
        }

        /// <summary>Wraps declarations in <c>contract C { ... }</c>, parses without errors, returns the contract.</summary>
        public static ContractSyntax Body(string declarations) =>
            Assert.Single(Ok("contract C {\n" + declarations + "\n}\n").Contracts);

        /// <summary>The single declaration of a contract body, of the given kind.</summary>
        public static T Member<T>(string declaration) where T : MemberSyntax =>
            Assert.IsType<T>(Assert.Single(Body(declaration).Members));

        public static ExpressionSyntax Expr(string expression) => Member<LetSyntax>("let v = " + expression + ";").Value;

        public static GuardSyntax Guard(string guard) => Member<NormSyntax>("norm n when " + guard + " allow;").Guard!;

        /// <summary>The single syntax error of a text; asserts it is CDSL0001 and an error.</summary>
        public static ContractDiagnostic SingleError(string text)
        {
            var file = Parse(text);
            var error = Assert.Single(file.Errors);
            Assert.Equal("CDSL0001", error.Id);
            Assert.Equal(Severity.Error, error.Severity);
            Assert.Equal(FileName, error.Path);
            return error;
        }

        // ---- compact printing ---------------------------------------------------------------------

        /// <summary>An s-expression: <c>(+ a (* b c))</c>, <c>(neg a)</c>, <c>(min a b)</c>, <c>rm.mean</c>.</summary>
        public static string Show(ExpressionSyntax e) => e switch
        {
            NumberExpressionSyntax n => n.Value.ToString("R", CultureInfo.InvariantCulture),
            NameExpressionSyntax n => n.Text,
            NegateExpressionSyntax n => "(neg " + Show(n.Operand) + ")",
            BinaryExpressionSyntax b => "(" + Op(b.Operator) + " " + Show(b.Left) + " " + Show(b.Right) + ")",
            CallExpressionSyntax c => "(" + c.Function.Text + string.Concat(c.Arguments.Select(a => " " + Show(a))) + ")",
            _ => throw new InvalidOperationException("unknown expression " + e.GetType().Name),
        };

        private static string Op(BinaryOperator op) => op switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            BinaryOperator.Divide => "/",
            _ => "?",
        };

        /// <summary>An s-expression for guards: <c>(or (and a b) c)</c>, <c>(&gt;= x 0.5)</c>, <c>(in c {A B})</c>.</summary>
        public static string Show(GuardSyntax g) => g switch
        {
            AndGuardSyntax a => "(and " + Show(a.Left) + " " + Show(a.Right) + ")",
            OrGuardSyntax o => "(or " + Show(o.Left) + " " + Show(o.Right) + ")",
            NotGuardSyntax n => "(not " + Show(n.Operand) + ")",
            ComparisonGuardSyntax c => "(" + Op(c.Operator) + " " + Show(c.Left) + " " + Show(c.Right) + ")",
            InSetGuardSyntax s => "(in " + s.Subject.Text + " {" + string.Join(" ", s.Values.Select(v => v.Text)) + "})",
            NameGuardSyntax n => n.Name.Text,
            _ => throw new InvalidOperationException("unknown guard " + g.GetType().Name),
        };

        private static string Op(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            ComparisonOperator.GreaterOrEqual => ">=",
            ComparisonOperator.Equal => "==",
            ComparisonOperator.NotEqual => "!=",
            _ => "?",
        };

        // ---- positions, computed independently of the product's LineMap ----------------------------

        /// <summary>1-based line and column of an offset; only <c>\n</c> ends a line.</summary>
        public static (int Line, int Column) LineColumn(string text, int offset)
        {
            int line = 1, column = 1;
            for (int i = 0; i < offset; i++)
            {
                if (text[i] == '\n') { line++; column = 1; }
                else column++;
            }
            return (line, column);
        }

        /// <summary>The span of the <paramref name="occurrence"/>-th (0-based) occurrence of <paramref name="needle"/>.</summary>
        public static SourceSpan SpanOf(string text, string needle, int occurrence = 0)
        {
            int start = -1;
            for (int k = 0; k <= occurrence; k++)
            {
                start = text.IndexOf(needle, start + 1, StringComparison.Ordinal);
                Assert.True(start >= 0, $"`{needle}` (occurrence {occurrence}) not in the text");
            }
            var (line, column) = LineColumn(text, start);
            return new SourceSpan(start, needle.Length, line, column);
        }

        /// <summary>The span from the start of <paramref name="from"/> to the end of the first <paramref name="to"/> after it.</summary>
        public static SourceSpan SpanFromTo(string text, string from, string to, int occurrence = 0)
        {
            var first = SpanOf(text, from, occurrence);
            int end = text.IndexOf(to, first.Start + from.Length, StringComparison.Ordinal);
            Assert.True(end >= 0, $"`{to}` not after `{from}`");
            return new SourceSpan(first.Start, end + to.Length - first.Start, first.Line, first.Column);
        }

        /// <summary>The text a span covers.</summary>
        public static string TextOf(string text, SourceSpan span) => text.Substring(span.Start, span.Length);

        // ---- whole-tree checks ---------------------------------------------------------------------

        /// <summary>
        /// Visits every syntax node reachable from <paramref name="root"/> (records of ContractDsl.Syntax, including
        /// those inside EquatableArrays), with its parent.
        /// </summary>
        public static IEnumerable<(object Node, object? Parent)> Nodes(object root)
        {
            var stack = new Stack<(object, object?)>();
            stack.Push((root, null));
            while (stack.Count > 0)
            {
                var (node, parent) = stack.Pop();
                yield return (node, parent);
                foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
                    object? value = property.GetValue(node);
                    if (value is null || value is string) continue;
                    if (IsSyntaxNode(value)) stack.Push((value, node));
                    else if (value is IEnumerable items && value.GetType().Namespace == "ContractDsl.Collections")
                        foreach (var item in items)
                            if (item != null && IsSyntaxNode(item)) stack.Push((item, node));
                }
            }
        }

        private static bool IsSyntaxNode(object value) =>
            value.GetType().Namespace == "ContractDsl.Syntax" && !value.GetType().IsEnum && !value.GetType().IsValueType;

        /// <summary>Every <see cref="SourceSpan"/> property of a node, by name.</summary>
        public static IEnumerable<(string Name, SourceSpan Span)> SpansOf(object node) =>
            node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(SourceSpan))
                .Select(p => (p.Name, (SourceSpan)p.GetValue(node)!));

        /// <summary>The main span of a node: <c>Span</c> where it has one.</summary>
        public static SourceSpan? MainSpan(object node) =>
            node.GetType().GetProperty("Span") is { } p && p.PropertyType == typeof(SourceSpan) ? (SourceSpan)p.GetValue(node)! : null;

        /// <summary>
        /// Checks the span invariants on a whole tree: inside the text, line/column agree with the offset, non-empty,
        /// a child's span lies within its parent's, an identifier covers its text, a number covers a literal of its value.
        /// </summary>
        public static void AssertSpansConsistent(string text, ContractFileSyntax file)
        {
            foreach (var contract in file.Contracts)
            {
                foreach (var (node, parent) in Nodes(contract))
                {
                    foreach (var (name, span) in SpansOf(node))
                    {
                        string where = $"{node.GetType().Name}.{name} {span} [{span.Start},{span.Length}]";
                        Assert.True(span.Start >= 0 && span.End <= text.Length, where + " is outside the text");
                        Assert.True(span.Length > 0, where + " is empty");
                        Assert.Equal(LineColumn(text, span.Start), (span.Line, span.Column));
                    }
                    if (parent != null && MainSpan(node) is { } child && MainSpan(parent) is { } outer)
                        Assert.True(child.Start >= outer.Start && child.End <= outer.End,
                            $"{node.GetType().Name} {child} [{child.Start},{child.Length}] is not inside its parent {parent.GetType().Name} [{outer.Start},{outer.Length}]");
                    if (node is IdentifierSyntax id)
                        Assert.Equal(id.Text, TextOf(text, id.Span));
                    if (node is NumberSyntax number)
                        Assert.Equal(number.Value, double.Parse(TextOf(text, number.Span), NumberStyles.Float, CultureInfo.InvariantCulture));
                    if (node is NumberExpressionSyntax numberExpression)   // parentheses belong to the span (there is no parenthesis node)
                        Assert.Equal(numberExpression.Value, double.Parse(TextOf(text, numberExpression.Span).Trim('(', ')', ' '), NumberStyles.Float, CultureInfo.InvariantCulture));
                    if (node is ExpressionSyntax or GuardSyntax && MainSpan(node) is { } balanced)
                        Assert.Equal(TextOf(text, balanced).Count(c => c == '('), TextOf(text, balanced).Count(c => c == ')'));
                    if (node is MemberSyntax member)
                        Assert.EndsWith(";", TextOf(text, member.Span));
                }
                Assert.StartsWith("contract", TextOf(text, contract.Span));
            }
        }
    }
}
