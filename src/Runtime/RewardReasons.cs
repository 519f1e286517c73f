using System;

namespace ContractDsl.Runtime
{
    /// <summary>Why a sample's reward is uncertain (design brief §4 step 6). Bit flags, one byte per sample.</summary>
    [Flags]
    public enum RewardReasons : byte
    {
        /// <summary>Nothing to report.</summary>
        None = 0,
        /// <summary>Two active norms pull in opposite directions (or an <c>allow</c> meets a non-<c>allow</c> of its concern) with no preference between them.</summary>
        Conflict = 1,
        /// <summary>A concern whose norms have contexts has no norm whose context holds for this sample.</summary>
        Gap = 2,
        /// <summary>An <c>uncertain ... when</c> guard holds.</summary>
        Explicit = 4,
        /// <summary>An input was outside its declared domain: clamped (or rounded), or the sample is invalid.</summary>
        OutOfDomain = 8,
        /// <summary>The sample is invalid (NaN/±Inf, unknown category code): every output is 0 and uncertainty is 1. An addition to the brief's four reasons.</summary>
        Invalid = 16,
    }

    /// <summary>What to do with inputs outside their declared domains.</summary>
    public enum DomainPolicy
    {
        /// <summary>Clamp finite values into the domain (round counts), mark NaN/±Inf and unknown categories invalid; set <see cref="RewardReasons.OutOfDomain"/>.</summary>
        Clamp = 0,
        /// <summary>Throw a <see cref="ContractDomainException"/> naming the sample and the signal.</summary>
        Strict = 1,
    }

    /// <summary>Thrown in <see cref="DomainPolicy.Strict"/> mode for the first input outside its domain.</summary>
    public sealed class ContractDomainException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ContractDomainException(string contract, int sampleIndex, string signal, double value, string domain)
            : base($"contract {contract}: sample {sampleIndex}: signal `{signal}` = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside its domain {domain}")
        {
            Contract = contract;
            SampleIndex = sampleIndex;
            Signal = signal;
            Value = value;
        }

        /// <summary>The contract's name.</summary>
        public string Contract { get; }
        /// <summary>Index of the offending sample in the batch.</summary>
        public int SampleIndex { get; }
        /// <summary>Name of the offending signal.</summary>
        public string Signal { get; }
        /// <summary>The value that was read (a category's raw code).</summary>
        public double Value { get; }
    }

    /// <summary>
    /// Thrown by a module whose contract has errors: the generator emits its shape so that the code using it
    /// compiles and the build reports the contract's own errors, and every evaluation throws this.
    /// </summary>
    public sealed class ContractHasErrorsException : InvalidOperationException
    {
        /// <summary>Creates the exception.</summary>
        public ContractHasErrorsException(string message) : base(message) { }
    }
}
