using ContractDsl.Runtime;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// A contract's generated CPU module, compiled in memory, behind the small driver compiled alongside it
    /// (<see cref="KernelCompiler"/>): it moves a <see cref="SignalBatch"/>'s columns into the module's typed batch and
    /// calls the fused <c>Evaluate</c>, with no reflection per batch.
    /// </summary>
    public interface IContractKernel
    {
        /// <summary>The module's metadata (<c>Module.Info</c>).</summary>
        ContractInfo Info { get; }

        /// <summary>Sets params from a JSON object of name → number (<c>Module.Params.LoadJson</c>).</summary>
        void LoadParams(string json);

        /// <summary>The params as JSON (<c>Module.Params.ToJson</c>).</summary>
        string ParamsJson { get; }

        /// <summary>Evaluates the batch's <see cref="SignalBatch.Count"/> samples into <paramref name="outputs"/> (resized to fit).</summary>
        void Evaluate(SignalBatch batch, RewardOutputs outputs, DomainPolicy policy);
    }
}
