using ContractDsl.Lowering;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// The IR's <see cref="ReasonBits"/> is the single definition of the reason flags; the runtime's
    /// <see cref="RewardReasons"/> (what generated code and training jobs read) must carry the same names and values.
    /// </summary>
    public class ReasonBitsTests
    {
        [Fact]
        public void The_runtimes_reasons_have_the_irs_names_and_values()
        {
            static (string, long)[] Members<T>() where T : struct, Enum =>
                Enum.GetValues<T>().Select(v => (v.ToString(), Convert.ToInt64(v))).OrderBy(m => m.Item2).ToArray();
            Assert.Equal(Members<ReasonBits>(), Members<RewardReasons>());
        }
    }
}
