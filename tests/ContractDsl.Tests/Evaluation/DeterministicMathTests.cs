using ContractDsl.Evaluation;
using ContractDsl.Testing;

namespace ContractDsl.Tests.Evaluation
{
    /// <summary>
    /// The language core's build (netstandard2.0) of the deterministic float32 functions: accurate against the
    /// double-precision reference over a stride through all floats and every threshold's neighbourhood, and IEEE on
    /// the special values. Bit identity with the runtime's scalar and vector paths is tested in tests/Runtime.Tests
    /// (which references both builds); the exhaustive run is <c>bench -- vecmath-check</c>.
    /// </summary>
    public class DeterministicMathTests
    {
        /// <summary>Every 8209th bit pattern: about half a million inputs per function (the tests run in Debug, unoptimised).</summary>
        private const int Stride = 8209;

        public static TheoryData<string> Functions => new TheoryData<string>(FloatAccuracy.Functions);

        private static float Evaluate(string function, float x) => function switch
        {
            "exp" => DeterministicMath.Exp(x),
            "log" => DeterministicMath.Log(x),
            "sigmoid" => DeterministicMath.Sigmoid(x),
            _ => DeterministicMath.Tanh(x),
        };

        [Theory]
        [MemberData(nameof(Functions))]
        public void Stays_within_the_stated_ulp_of_the_exact_value_over_the_whole_float_range(string function)
        {
            double bound = FloatAccuracy.StatedMaxUlp(function);
            foreach (float x in FloatAccuracy.Strided(Stride, offset: 3).Concat(FloatAccuracy.Boundaries(function)))
            {
                float r = Evaluate(function, x);
                double exact = FloatAccuracy.Reference(function, x);
                double error = FloatAccuracy.UlpError(exact, r);
                if (error > bound || FloatAccuracy.WrongSignOfZero(exact, r))
                    Assert.Fail($"{function}({FloatAccuracy.Describe(x)}) = {FloatAccuracy.Describe(r)}, exact {exact:R}: {error:0.000} ulp (bound {bound})");
            }
        }

        [Fact]
        public void Special_values_give_the_results_of_the_IEEE_functions()
        {
            foreach (var (function, x, expected) in FloatAccuracy.ExactResults)
            {
                float actual = Evaluate(function, x);
                Assert.True(FloatAccuracy.SameResult(expected, actual),
                    $"{function}({FloatAccuracy.Describe(x)}) = {FloatAccuracy.Describe(actual)}, expected {FloatAccuracy.Describe(expected)}");
            }
        }
    }
}
