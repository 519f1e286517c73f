namespace ContractDsl.Syntax
{
    /// <summary>How the language spells its operators (also valid C#, which the emitters rely on).</summary>
    public static class SyntaxFacts
    {
        /// <summary>A number for people (cards, domain messages): round-trip digits, infinities as ∞ and −∞.</summary>
        public static string Number(double value) =>
            double.IsPositiveInfinity(value) ? "∞"
            : double.IsNegativeInfinity(value) ? "−∞"
            : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>A closed range for people: <c>[0, 4096]</c>, <c>[0, ∞]</c>.</summary>
        public static string Range(double low, double high) => "[" + Number(low) + ", " + Number(high) + "]";

        public static string Text(BinaryOperator op) => op switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            _ => "/",
        };

        public static string Text(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            ComparisonOperator.GreaterOrEqual => ">=",
            ComparisonOperator.Equal => "==",
            _ => "!=",
        };
    }
}
