using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// Strict mode (<see cref="DomainPolicy.Strict"/>) of the generated torch path: collects each signal's
    /// out-of-domain mask (copied to the host — strict mode synchronises with the device) and throws for the first
    /// offending sample, then the first signal in declaration order, then the first ensemble member — the CPU
    /// kernel's order.
    /// </summary>
    public sealed class DomainViolations
    {
        private readonly string _contract;
        private readonly List<(string Signal, string Domain, bool[] Bad, double[] Values, int Members)> _signals = new();

        /// <summary>Starts collecting for <paramref name="contract"/>.</summary>
        public DomainViolations(string contract) => _contract = contract;

        /// <summary>
        /// Adds a signal: <paramref name="values"/> as read ([N] or [N, k]; any numeric dtype) and the mask of the
        /// values outside the domain (same shape).
        /// </summary>
        public void Add(string signal, string domain, Tensor values, Tensor outside)
        {
            ArgumentNullException.ThrowIfNull(values);
            ArgumentNullException.ThrowIfNull(outside);
            int members = values.dim() == 2 ? (int)values.size(1) : 1;
            using var scope = NewDisposeScope();
            Tensor hostMask = outside.detach().cpu().contiguous();
            Tensor hostValues = values.detach().cpu().to(ScalarType.Float64).contiguous();
            _signals.Add((signal, domain, hostMask.data<bool>().ToArray(), hostValues.data<double>().ToArray(), members));
        }

        /// <summary>Throws <see cref="ContractDomainException"/> for the first violation, if any.</summary>
        public void ThrowIfAny()
        {
            long first = long.MaxValue;
            foreach (var s in _signals)
            {
                int at = Array.IndexOf(s.Bad, true);
                if (at >= 0) first = Math.Min(first, at / s.Members);
            }
            if (first == long.MaxValue) return;
            foreach (var s in _signals)
            {
                for (int m = 0; m < s.Members; m++)
                {
                    long at = first * s.Members + m;
                    if (s.Bad[at]) throw new ContractDomainException(_contract, checked((int)first), s.Signal, s.Values[at], s.Domain);
                }
            }
        }
    }
}
