#pragma warning disable CS8981 // 'torch' is lower-case on purpose: the API mirrors PyTorch/TorchSharp.
using System;
using System.Collections.Generic;
using System.Globalization;
using static ContractDsl.Runtime.Torch.torch;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// Building blocks of the generated torch path (<c>{Contract}.Evaluate(TensorBatch)</c>): the few operations
    /// that plain TorchSharp-shaped calls cannot express in one readable line — column checks, scalar/scalar
    /// <c>where</c>, gradient gates, ensemble statistics in the CPU kernel's summation order, reason bits.
    /// Every tensor returned belongs to the caller's current dispose scope, like any torch operation.
    /// </summary>
    public static class TorchKernel
    {
        // ---- where with scalar branches ------------------------------------------------------------------

        /// <summary><paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/>.</summary>
        public static Tensor Where(Tensor condition, Tensor x, Tensor y) => torch.where(condition, x, y);

        /// <summary><paramref name="x"/> where <paramref name="condition"/> holds, else the constant <paramref name="y"/> (same dtype as <paramref name="x"/>).</summary>
        public static Tensor Where(Tensor condition, Tensor x, Scalar y) => torch.where(condition, x, y);

        /// <summary>The constant <paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/> (same dtype as <paramref name="y"/>).</summary>
        public static Tensor Where(Tensor condition, Scalar x, Tensor y) => torch.where(condition, x, y);

        /// <summary>float32 <paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/>: the contribution of a norm with a constant amount.</summary>
        public static Tensor Where(Tensor condition, float x, float y)
        {
            ArgumentNullException.ThrowIfNull(condition);
            using Tensor yes = torch.tensor(x, ScalarType.Float32, condition.device);
            using Tensor no = torch.tensor(y, ScalarType.Float32, condition.device);
            return torch.where(condition, yes, no);
        }

        // ---- memory ---------------------------------------------------------------------------------------------

        /// <summary>
        /// Computes a tensor in a dispose scope of its own: the intermediates of <paramref name="compute"/> are released
        /// as soon as it returns and only its result joins the caller's scope — so a long expression (a sum of twelve
        /// contributions, an or of twenty conflict pairs) never holds more than its result, which keeps the peak memory
        /// of a 10^7-sample batch in bounds. A result that <paramref name="compute"/> did not create stays where it was.
        /// </summary>
        public static Tensor Scoped(Func<Tensor> compute)
        {
            ArgumentNullException.ThrowIfNull(compute);
            using DisposeScope scope = NewDisposeScope();
            return scope.MoveToOuter(compute());
        }

        // ---- constants --------------------------------------------------------------------------------------

        /// <summary>A float32 [<paramref name="count"/>] tensor filled with <paramref name="value"/>.</summary>
        public static Tensor Full(long count, float value, Device device) =>
            torch.full(new[] { count }, value, ScalarType.Float32, device);

        /// <summary>A bool [<paramref name="count"/>] tensor filled with <paramref name="value"/>: a guard that does not depend on the sample.</summary>
        public static Tensor Mask(long count, bool value, Device device) =>
            torch.full(new[] { count }, value, ScalarType.Bool, device);

        /// <summary>A float32 [0, <paramref name="count"/>] (or bool) tensor: the contribution/activity matrix of a contract without norms.</summary>
        public static Tensor NoNorms(long count, ScalarType dtype, Device device) =>
            torch.zeros(new[] { 0L, count }, dtype, device);

        // ---- gradients ----------------------------------------------------------------------------------------

        /// <summary>
        /// <paramref name="value"/> where <paramref name="active"/> holds; elsewhere the same value cut from the
        /// autograd graph. The forward value is unchanged; in the backward pass an inactive sample's gradient
        /// (possibly inf/NaN, e.g. log at 0 in an amount that is never used there) goes to the detached copy and
        /// is dropped instead of reaching <paramref name="value"/> as <c>0 · inf = NaN</c>. Without gradient
        /// recording, or for a value that needs no gradient, it returns <paramref name="value"/> itself.
        /// </summary>
        public static Tensor Gate(Tensor active, Tensor value)
        {
            ArgumentNullException.ThrowIfNull(active);
            ArgumentNullException.ThrowIfNull(value);
            if (!is_grad_enabled() || !value.requires_grad) return value;
            using Tensor cut = value.detach();
            return torch.where(active, value, cut);
        }

        /// <summary>
        /// √<paramref name="variance"/> with a zero gradient where the variance is 0 (all members equal), where
        /// the true derivative is infinite: the double-<c>where</c> keeps the square root's input positive.
        /// </summary>
        public static Tensor Sqrt(Tensor variance)
        {
            ArgumentNullException.ThrowIfNull(variance);
            using Tensor positive = variance.gt(0);
            using Tensor safe = torch.where(positive, variance, 1f);
            using Tensor root = safe.pow(0.5); // libtorch computes pow(x, 0.5) as sqrt(x): correctly rounded like MathF.Sqrt
            return torch.where(positive, root, 0f);
        }

        // ---- ensembles ----------------------------------------------------------------------------------------

        /// <summary>
        /// The sum of each row of a [N, k] tensor, added member by member from the left — the order of the CPU
        /// kernel, so both paths give the same float32 result (a tree reduction would differ in the last bit).
        /// </summary>
        public static Tensor MemberSum(Tensor members)
        {
            ArgumentNullException.ThrowIfNull(members);
            long k = members.size(1);
            if (k == 0) return torch.zeros(new[] { members.size(0) }, members.dtype, members.device);
            using DisposeScope scope = NewDisposeScope();
            Tensor sum = members.select(1, 0);
            for (long m = 1; m < k; m++) sum = sum + members.select(1, m);
            if (k == 1) sum = sum.clone();
            return sum.MoveToOuterDisposeScope();
        }

        /// <summary>The population variance of each row of a [N, k] tensor given its mean, in the CPU kernel's order: Σ (x − mean)² / k.</summary>
        public static Tensor MemberVariance(Tensor members, Tensor mean)
        {
            ArgumentNullException.ThrowIfNull(members);
            ArgumentNullException.ThrowIfNull(mean);
            using DisposeScope scope = NewDisposeScope();
            Tensor deviation = members - mean.reshape(-1, 1);
            Tensor variance = MemberSum(deviation * deviation) / (float)members.size(1);
            return variance.MoveToOuterDisposeScope();
        }

        /// <summary>True for the rows of a bool [N, k] tensor with at least one true member.</summary>
        public static Tensor AnyMember(Tensor mask)
        {
            ArgumentNullException.ThrowIfNull(mask);
            using Tensor count = mask.sum(1);
            return count.gt(0);
        }

        // ---- reasons ----------------------------------------------------------------------------------------

        /// <summary>
        /// The uint8 reason flags (bit values of <see cref="RewardReasons"/>) from the masks of each reason; a
        /// null mask never holds. Invalid samples get exactly <c>OutOfDomain | Invalid</c>, as in the CPU kernel.
        /// </summary>
        public static Tensor Reasons(Tensor invalid, Tensor? outOfDomain, Tensor? conflict, Tensor? gap, Tensor? @explicit)
        {
            ArgumentNullException.ThrowIfNull(invalid);
            using DisposeScope scope = NewDisposeScope();
            Tensor reasons = torch.zeros(invalid.shape, ScalarType.Byte, invalid.device);
            void Set(Tensor? mask, RewardReasons bit)
            {
                if (mask is not null) reasons = reasons + mask.to(ScalarType.Byte) * (int)bit;
            }
            // Each bit is added at most once, so the sum is the bitwise or.
            Set(conflict, RewardReasons.Conflict);
            Set(gap, RewardReasons.Gap);
            Set(@explicit, RewardReasons.Explicit);
            Set(outOfDomain, RewardReasons.OutOfDomain);
            reasons = torch.where(invalid, (byte)(RewardReasons.OutOfDomain | RewardReasons.Invalid), reasons);
            return reasons.MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// Checks the columns of a generated <c>TensorBatch</c> (set, dtype, shape, one device, one batch size) and
    /// remembers the batch size and device for the kernel.
    /// </summary>
    public sealed class TensorBatchShape
    {
        private readonly string _contract;

        /// <summary>Starts checking a batch of <paramref name="contract"/>.</summary>
        public TensorBatchShape(string contract) => _contract = contract;

        /// <summary>The number of samples (−1 until a column was checked).</summary>
        public long Count { get; private set; } = -1;

        /// <summary>The device every column lives on (CPU until a column was checked).</summary>
        public Device Device { get; private set; } = torch.CPU;

        /// <summary>For a contract without signals: the batch size and device come from the batch itself.</summary>
        public void Set(long count, Device? device)
        {
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "the batch size must be ≥ 0");
            Count = count;
            Device = device ?? torch.CPU;
        }

        /// <summary>
        /// Checks one column and returns it: <paramref name="dtype"/> with shape [N] (<paramref name="members"/> 0)
        /// or [N, members], on the device of the first column, with the N of the first column.
        /// </summary>
        public Tensor Column(Tensor? column, string property, string signal, ScalarType dtype, int members = 0)
        {
            string what = $"{_contract}.TensorBatch.{property} (signal {signal})";
            if (column is null) throw new ArgumentException($"{what} is not set", property);
            if (column.IsInvalid) throw new ArgumentException($"{what} has been disposed", property);
            if (column.dtype != dtype) throw new ArgumentException($"{what} must be {dtype} but is {column.dtype}", property);
            long[] shape = column.shape;
            string expected = members == 0 ? "[N]" : $"[N, {members.ToString(CultureInfo.InvariantCulture)}]";
            bool shapeOk = members == 0 ? shape.Length == 1 : shape.Length == 2 && shape[1] == members;
            if (!shapeOk) throw new ArgumentException($"{what} must have shape {expected} but has [{string.Join(", ", shape)}]", property);
            Device device = column.device;
            if (Count < 0)
            {
                Count = shape[0];
                Device = device;
            }
            else
            {
                if (shape[0] != Count) throw new ArgumentException($"{what} has {shape[0]} samples but the batch's other columns have {Count}", property);
                if (!device.Equals(Device)) throw new ArgumentException($"{what} is on {device} but the batch's other columns are on {Device}", property);
            }
            return column;
        }
    }

    /// <summary>
    /// Strict mode (<see cref="DomainPolicy.Strict"/>) of the generated torch path: collects each signal's
    /// out-of-domain mask (copied to the host — strict mode syncs) and throws for the first offending sample,
    /// then the first signal in declaration order, then the first ensemble member — the CPU kernel's order.
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
            using Tensor hostMask = outside.cpu();
            using Tensor hostValues = values.cpu();
            _signals.Add((signal, domain, hostMask.data<bool>(), hostValues.ToArray<double>(), members));
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
