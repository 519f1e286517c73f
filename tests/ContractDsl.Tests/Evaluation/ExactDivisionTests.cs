using System;
using System.Linq;
using ContractDsl.Lowering;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Evaluation
{
    /// <summary>
    /// The lowering turns a division by a constant ±2^k into a multiplication by its reciprocal: the same real number,
    /// rounded once, so the same bits on every back end; any other divisor stays a division.
    /// </summary>
    public class ExactDivisionTests
    {
        private static readonly float[] PowersOfTwo =
            Enumerable.Range(-127, 255).Select(k => (float)Math.Pow(2, k)).SelectMany(p => new[] { p, -p }).ToArray();

        [Fact]
        public void Only_powers_of_two_have_an_exact_reciprocal()
        {
            foreach (float divisor in PowersOfTwo)
                Assert.Equal(1.0, (double)Lowerer.ExactReciprocal(divisor)!.Value * divisor);
            foreach (float divisor in new[] { 3f, 10f, 20f, 0.1f, 1.5f, -6f, 2049f, 0f, -0f, float.NaN, float.PositiveInfinity,
                                              float.NegativeInfinity, float.Epsilon, 1e-45f * 4, float.MaxValue })
                Assert.Null(Lowerer.ExactReciprocal(divisor));
        }

        [Fact]
        public void Multiplying_by_the_reciprocal_gives_the_bits_of_the_division()
        {
            var random = new Random(7);
            var specials = new[] { 0f, -0f, float.Epsilon, -float.Epsilon, 1.17549435e-38f, float.MaxValue, -float.MaxValue,
                                   float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f, -1f, 3f, 1e-40f };
            var inputs = specials.Concat(Enumerable.Range(0, 20_000).Select(_ => BitConverter.Int32BitsToSingle(random.Next() * (random.Next(2) == 0 ? 1 : -1))));
            int compared = 0;
            foreach (float x in inputs)
            {
                foreach (float divisor in PowersOfTwo)
                {
                    float quotient = x / divisor, product = x * Lowerer.ExactReciprocal(divisor)!.Value;
                    if (float.IsNaN(quotient)) Assert.True(float.IsNaN(product));
                    else Assert.Equal(BitConverter.SingleToInt32Bits(quotient), BitConverter.SingleToInt32Bits(product));
                    compared++;
                }
            }
            Assert.True(compared > 10_000_000); // subnormal, overflowing and underflowing quotients among them
        }

        [Fact]
        public void The_lowering_multiplies_by_exact_reciprocals_and_keeps_other_divisions()
        {
            var file = ContractCompiler.Compile("d.contract", Contract("signal x : real in [0, 100]; reward x / 8 + x / 10 + x / 0.5 + x / x;"));
            var program = Assert.Single(file.Modules).Kernel;
            var terms = Terms(program.Base).ToList();
            Assert.Equal(4, terms.Count);
            Assert.Equal(new BinaryValue(ArithmeticOperator.Multiply, new SignalValue(0), new ConstantValue(0.125f)), terms[0]);
            Assert.Equal(new BinaryValue(ArithmeticOperator.Divide, new SignalValue(0), new ConstantValue(10f)), terms[1]);
            Assert.Equal(new BinaryValue(ArithmeticOperator.Multiply, new SignalValue(0), new ConstantValue(2f)), terms[2]);
            Assert.Equal(new BinaryValue(ArithmeticOperator.Divide, new SignalValue(0), new SignalValue(0)), terms[3]);
        }

        /// <summary>The operands of a left-leaning chain of additions, in order.</summary>
        private static System.Collections.Generic.IEnumerable<KernelValue> Terms(KernelValue value)
        {
            if (value is BinaryValue { Operator: ArithmeticOperator.Add } sum)
            {
                foreach (var term in Terms(sum.Left)) yield return term;
                yield return sum.Right;
            }
            else yield return value;
        }
    }
}
