using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;

namespace ContractDsl.Lowering
{
    /// <summary>
    /// What the emitters consume for one contract: the <see cref="Kernel"/> program (the run-time meaning, which
    /// the kernel printers and the reference interpreter read), the bound contract for names, types and metadata
    /// (the batch type, <c>Info</c>, the card), and what the analysis concluded (the reward range and the findings
    /// the card lists). Value-equal, so the incremental generator can cache it.
    /// </summary>
    public sealed record ContractIR(
        BoundContract Contract,
        KernelProgram Kernel,
        RewardRange Range,
        EquatableArray<ContractDiagnostic> Findings)
    {
        public string Name => Contract.Name;

        /// <summary>The analysed range of the total reward (the default disagreement point for welfare).</summary>
        public double TotalLow => Range.Low;

        public double TotalHigh => Range.High;

        /// <summary>The trade-offs the analysis found (CDSL3005), for the card's trade-off table.</summary>
        public EquatableArray<TradeOffInfo> TradeOffs { get; init; } = EquatableArray<TradeOffInfo>.Empty;
    }

    /// <summary>
    /// The range of the total reward over every sample and every param value within bounds. <see cref="Exact"/> when
    /// it is the true reachable range of the real-valued semantics (regions enumerated, every term linear in one
    /// signal or constant); otherwise a sound over-approximation, with <see cref="Note"/> saying why.
    /// </summary>
    public sealed record RewardRange(double Low, double High, bool Exact, string? Note)
    {
        public static readonly RewardRange Unknown = new RewardRange(double.NegativeInfinity, double.PositiveInfinity, false, "not analysed");

        /// <summary>The range with every param at its default (null when not computed).</summary>
        public (double Low, double High)? AtDefaults { get; init; }
    }

    /// <summary>A reward norm and the unrelated penalize norms it can apply with (CDSL3005), with a witness.</summary>
    public sealed record TradeOffInfo(int RewardNorm, EquatableArray<int> Partners, string Witness);
}
