using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// The brief's example contract (tests/TestData/assistant.contract), compiled warning-free by the real generator and
    /// loaded: its metadata and card. Its generated text is pinned by <see cref="GoldenTests"/>.
    /// </summary>
    public class BriefExampleTests
    {
        private static readonly Lazy<CompiledModule> Module = new(() => CompiledModule.Compile(TestData.Read("assistant.contract"), "assistant.contract"));

        [Fact]
        public void Metadata_describes_the_contract()
        {
            var info = Module.Value.Info;
            Assert.Equal("Assistant", info.Name);
            Assert.Equal("Doc comment: becomes the card's summary.", info.Summary);
            Assert.Equal("Developer", info.Principal);
            Assert.Equal(7, info.Signals.Count);
            Assert.Equal(new[] { "EU", "US", "MENA", "Other" }, info.Signals.Single(s => s.Name == "region").Categories);
            var norm = info.FindNorm("alcohol_mena")!;
            Assert.Equal("alcohol", norm.Concern);
            Assert.Equal("Respect local norms on alcohol.", norm.Rationale);
            Assert.Equal("region == MENA", norm.Context);
            Assert.Equal("penalize", norm.Effect);
            Assert.Equal(new PreferenceInfo("no_toxicity", "needless_refusal"), Assert.Single(info.Preferences));
            Assert.Equal("nash", info.Welfare!.Kind);
        }

        [Fact]
        public void The_contract_card_documents_the_contract()
        {
            var card = ContractDsl.Card.ContractCard.Render(
                ContractCompiler.Compile("assistant.contract", TestData.Read("assistant.contract")).Modules.Single(), Array.Empty<ContractDsl.Diagnostics.ContractDiagnostic>());
            Assert.StartsWith("# Contract card: Assistant", card);
            Assert.Contains("| principal | Developer |", card);
            Assert.Contains("| `tokens` | `count in [0, 4096]` | yes | reply length |", card);
            Assert.Contains("| 2 | `alcohol_mena` | alcohol | `region == MENA` | `alcohol` | penalize `3` | Respect local norms on alcohol. |", card);
            Assert.Contains("- `no_toxicity` over `needless_refusal`", card);
            Assert.Contains("nash over `region`", card);
            Assert.Contains("| 1 | `rm.std > 2` | reward models disagree |", card);
        }
    }
}
