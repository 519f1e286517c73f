using System;
using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// Building blocks of the generated torch path (<c>{Contract}.Evaluate(TensorBatch)</c>): the few operations that
    /// a plain TorchSharp call cannot express in one readable line, or not with the CPU kernel's exact float32
    /// result — <c>where</c> with constant branches, a constant divided by a tensor, gradient gates, ensemble
    /// statistics in the CPU kernel's summation order, reason bits. Every tensor returned belongs to the caller's
    /// current dispose scope, like any TorchSharp operation; intermediates are disposed before returning.
    /// </summary>
    public static class TorchKernel
    {
        // ---- where with constant branches -------------------------------------------------------------

        /// <summary><paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/> (<c>torch.where</c>, for symmetry with the constant forms).</summary>
        public static Tensor Where(Tensor condition, Tensor x, Tensor y) => torch.where(condition, x, y);

        /// <summary><paramref name="x"/> where <paramref name="condition"/> holds, else the constant <paramref name="y"/> (in <paramref name="x"/>'s dtype, on its device).</summary>
        public static Tensor Where(Tensor condition, Tensor x, float y)
        {
            ArgumentNullException.ThrowIfNull(condition);
            ArgumentNullException.ThrowIfNull(x);
            using Tensor no = Constant(y, x.dtype, x.device);
            return torch.where(condition, x, no);
        }

        /// <summary>The constant <paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/> (in <paramref name="y"/>'s dtype, on its device).</summary>
        public static Tensor Where(Tensor condition, float x, Tensor y)
        {
            ArgumentNullException.ThrowIfNull(condition);
            ArgumentNullException.ThrowIfNull(y);
            using Tensor yes = Constant(x, y.dtype, y.device);
            return torch.where(condition, yes, y);
        }

        /// <summary>float32 <paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/>: the contribution of a norm with a constant amount.</summary>
        public static Tensor Where(Tensor condition, float x, float y)
        {
            ArgumentNullException.ThrowIfNull(condition);
            using Tensor yes = Constant(x, ScalarType.Float32, condition.device);
            using Tensor no = Constant(y, ScalarType.Float32, condition.device);
            return torch.where(condition, yes, no);
        }

        // ---- arithmetic -------------------------------------------------------------------------------------

        /// <summary>
        /// <paramref name="dividend"/> / <paramref name="divisor"/>, element-wise, correctly rounded like the CPU kernel's
        /// float division. (TorchSharp's <c>float / Tensor</c> operator computes <c>divisor.reciprocal() * dividend</c>,
        /// which can differ in the last bit.)
        /// </summary>
        public static Tensor Divide(float dividend, Tensor divisor)
        {
            ArgumentNullException.ThrowIfNull(divisor);
            using Tensor numerator = Constant(dividend, divisor.dtype, divisor.device);
            return numerator.div(divisor);
        }

        // ---- constants --------------------------------------------------------------------------------------

        /// <summary>A float32 [<paramref name="count"/>] tensor filled with <paramref name="value"/>.</summary>
        public static Tensor Full(long count, float value, Device device)
        {
            using Scalar fill = value;
            return torch.full(new[] { count }, fill, ScalarType.Float32, device);
        }

        /// <summary>A bool [<paramref name="count"/>] tensor filled with <paramref name="value"/>: a guard that does not depend on the sample.</summary>
        public static Tensor Mask(long count, bool value, Device device)
        {
            using Scalar fill = value;
            return torch.full(new[] { count }, fill, ScalarType.Bool, device);
        }

        /// <summary>A [0, <paramref name="count"/>] tensor of <paramref name="dtype"/>: the contribution/activity matrix of a contract without norms.</summary>
        public static Tensor NoNorms(long count, ScalarType dtype, Device device) =>
            torch.zeros(new[] { 0L, count }, dtype, device);

        /// <summary>A 0-dim tensor holding <paramref name="value"/>: a branch or operand that broadcasts to every sample.</summary>
        private static Tensor Constant(float value, ScalarType dtype, Device device)
        {
            using Scalar scalar = value;
            return torch.full(ReadOnlySpan<long>.Empty, scalar, dtype, device);
        }

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
        /// the true derivative is infinite: the double <c>where</c> keeps the square root's input positive.
        /// </summary>
        public static Tensor Sqrt(Tensor variance)
        {
            ArgumentNullException.ThrowIfNull(variance);
            using Tensor positive = variance.gt(0f);
            using Tensor safe = Where(positive, variance, 1f);
            using Tensor root = safe.sqrt(); // correctly rounded, like MathF.Sqrt
            return Where(positive, root, 0f);
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
            if (k == 1) sum = sum.clone(); // a view of the input would share its storage
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
            return mask.any(1);
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
            Tensor invalidCode = Constant((float)(RewardReasons.OutOfDomain | RewardReasons.Invalid), ScalarType.Byte, invalid.device);
            reasons = torch.where(invalid, invalidCode, reasons);
            return reasons.MoveToOuterDisposeScope();
        }
    }
}
