namespace ContractDsl.Syntax
{
    /// <summary>How the language spells its operators (also valid C#, which the emitters rely on).</summary>
    public static class SyntaxFacts
    {
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
