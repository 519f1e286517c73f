using System.Globalization;

namespace ContractDsl.Generators.Emit
{
    /// <summary>
    /// How <see cref="VectorKernelPrinter"/> spells a vector type and its operations: the one walk over the kernel is
    /// printed once per dialect, so that the two vector bodies of a module cannot drift apart. Most operations read the
    /// same in both (<c>{Ops}.LoadUnsafe</c>, <c>{Ops}.Min</c>, <c>{Helpers}.Tanh</c>, the operators); the members below
    /// are where they differ.
    /// </summary>
    /// <remarks>
    /// Lane masks are int vectors in both dialects (all bits set = true), so that reason bits and category codes are mask
    /// operations. <c>System.Numerics.Vector</c>'s float comparisons already return int vectors; <c>Vector512</c>'s return
    /// float vectors, which the 512-bit dialect reinterprets (<c>AsInt32</c>, <c>AsSingle</c>: no instruction).
    /// </remarks>
    internal abstract class VectorDialect
    {
        /// <summary><c>Vector&lt;float&gt;</c>: as wide as the runtime makes it (256 bits on AVX2 and AVX-512 hardware by default).</summary>
        public static VectorDialect Vector { get; } = new VectorOfT();

        /// <summary><c>Vector512&lt;float&gt;</c>: 16 lanes, chosen at run time where AVX-512 is accelerated.</summary>
        public static VectorDialect Vector512 { get; } = new Vector512OfT();

        /// <summary>The kernel method's name.</summary>
        public abstract string MethodName { get; }

        /// <summary>The kernel method's doc summary (XML).</summary>
        public abstract string Summary { get; }

        /// <summary>The alias of the float vector type (declared by the module's usings).</summary>
        public abstract string Floats { get; }

        /// <summary>The alias of the int (mask) vector type.</summary>
        public abstract string Masks { get; }

        /// <summary>The static class of the type's operations (<c>LoadUnsafe</c>, <c>Min</c>, <c>Equals</c>, …).</summary>
        public abstract string Ops { get; }

        /// <summary>The runtime's helpers for this type (<c>LaneMath</c> or <c>LaneMath512</c>: the same members).</summary>
        public abstract string Helpers { get; }

        /// <summary>A float (a C# expression) on every lane.</summary>
        public abstract string FloatConstant(string value);

        /// <summary>An int (a C# expression) on every lane.</summary>
        public abstract string MaskConstant(string value);

        /// <summary>A comparison of float vectors (<c>LessThan</c>, <c>Equals</c>, …) as a mask.</summary>
        public abstract string FloatCompare(string comparison, string left, string right);

        /// <summary>Per lane, <paramref name="ifTrue"/> where <paramref name="mask"/> is set, else <paramref name="ifFalse"/> (float vectors).</summary>
        public abstract string SelectFloats(string mask, string ifTrue, string ifFalse);

        /// <summary>The lanes of an int vector whose value, read as unsigned, is below <paramref name="count"/> (a category code in range).</summary>
        public abstract string CategoryBelow(string codes, int count);

        private static string Operand(string expression) =>
            System.Linq.Enumerable.All(expression, c => char.IsLetterOrDigit(c) || c == '_' || c == '@') ? expression : "(" + expression + ")";

        private sealed class VectorOfT : VectorDialect
        {
            public override string MethodName => "EvaluateVectors";
            public override string Summary => "The vectorised kernel: samples [start, end), a whole number of <c>Vector&lt;float&gt;</c>s, one vector at a time.";
            public override string Floats => "Floats";
            public override string Masks => "Masks";
            public override string Ops => "Vector";
            public override string Helpers => "LaneMath";
            public override string FloatConstant(string value) => $"new Floats({value})";
            public override string MaskConstant(string value) => $"new Masks({value})";
            public override string FloatCompare(string comparison, string left, string right) => $"Vector.{comparison}({left}, {right})";
            public override string SelectFloats(string mask, string ifTrue, string ifFalse) => $"Vector.ConditionalSelect({mask}, {ifTrue}, {ifFalse})";

            public override string CategoryBelow(string codes, int count) =>
                $"Vector.AsVectorInt32(Vector.LessThan(Vector.AsVectorUInt32({codes}), new Vector<uint>({count.ToString(CultureInfo.InvariantCulture)}u)))";
        }

        private sealed class Vector512OfT : VectorDialect
        {
            public override string MethodName => "EvaluateVectors512";

            public override string Summary =>
                "The vectorised kernel over <c>Vector512&lt;float&gt;</c> (chosen where AVX-512 is accelerated, see LaneMath512.UseVector512Body): " +
                "samples [start, end), a whole number of 16-sample blocks, one block at a time; the same steps as EvaluateVectors.";

            public override string Floats => "Floats512";
            public override string Masks => "Masks512";
            public override string Ops => "Vector512";
            public override string Helpers => "LaneMath512";
            public override string FloatConstant(string value) => $"Vector512.Create({value})";
            public override string MaskConstant(string value) => $"Vector512.Create({value})";
            public override string FloatCompare(string comparison, string left, string right) => $"Vector512.{comparison}({left}, {right}).AsInt32()";
            public override string SelectFloats(string mask, string ifTrue, string ifFalse) => $"Vector512.ConditionalSelect({Operand(mask)}.AsSingle(), {ifTrue}, {ifFalse})";

            public override string CategoryBelow(string codes, int count) =>
                $"Vector512.LessThan({Operand(codes)}.AsUInt32(), Vector512.Create({count.ToString(CultureInfo.InvariantCulture)}u)).AsInt32()";
        }
    }
}
