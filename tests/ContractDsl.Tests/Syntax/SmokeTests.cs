using ContractDsl.Syntax;

namespace ContractDsl.Tests.Syntax
{
    public class BriefExampleParseTests
    {
        [Fact]
        public void The_brief_example_parses_without_errors()
        {
            var file = ContractParser.Parse("assistant.contract", TestFiles.Read("assistant.contract"));
            Assert.Empty(file.Errors);
            Assert.Equal("Acme.Alignment", file.Namespace!.Text);
            var contract = Assert.Single(file.Contracts);
            Assert.Equal("Assistant", contract.Name.Text);
            Assert.Equal("Doc comment: becomes the card's summary.", contract.Doc);
            Assert.Equal(22, contract.Members.Length);
        }
    }
}
