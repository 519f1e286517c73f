using System;
using System.Globalization;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// A number passed to a tensor operation (like TorchSharp's <c>Scalar</c>). It remembers whether it is
    /// a floating-point, integer or boolean value, so <c>longTensor + 1</c> stays int64 while
    /// <c>longTensor + 1.5</c> promotes, exactly as in PyTorch. Primitive values convert implicitly.
    /// </summary>
    public readonly struct Scalar : IEquatable<Scalar>
    {
        internal readonly NativeScalar Value;

        private Scalar(NativeScalar value) => Value = value;

        /// <summary>A floating-point scalar.</summary>
        public static Scalar FromDouble(double value) =>
            new(new NativeScalar { D = value, Kind = NativeScalar.KindFloat });

        /// <summary>An integer scalar.</summary>
        public static Scalar FromInt64(long value) =>
            new(new NativeScalar { I = value, D = value, Kind = NativeScalar.KindInt });

        /// <summary>A boolean scalar.</summary>
        public static Scalar FromBoolean(bool value) =>
            new(new NativeScalar { I = value ? 1 : 0, D = value ? 1 : 0, Kind = NativeScalar.KindBool });

        /// <summary>True for a floating-point scalar.</summary>
        public bool IsFloatingPoint => Value.Kind == NativeScalar.KindFloat;

        /// <summary>True for an integer scalar.</summary>
        public bool IsIntegral => Value.Kind == NativeScalar.KindInt;

        /// <summary>True for a boolean scalar.</summary>
        public bool IsBoolean => Value.Kind == NativeScalar.KindBool;

        /// <summary>The value as a double.</summary>
        public double ToDouble() => IsFloatingPoint ? Value.D : Value.I;

        /// <summary>The value as a long (floating-point values are truncated).</summary>
        public long ToInt64() => IsFloatingPoint ? (long)Value.D : Value.I;

        /// <summary>Converts a float.</summary>
        public static implicit operator Scalar(float value) => FromDouble(value);

        /// <summary>Converts a double.</summary>
        public static implicit operator Scalar(double value) => FromDouble(value);

        /// <summary>Converts an int.</summary>
        public static implicit operator Scalar(int value) => FromInt64(value);

        /// <summary>Converts a long.</summary>
        public static implicit operator Scalar(long value) => FromInt64(value);

        /// <summary>Converts a byte.</summary>
        public static implicit operator Scalar(byte value) => FromInt64(value);

        /// <summary>Converts a bool.</summary>
        public static implicit operator Scalar(bool value) => FromBoolean(value);

        /// <inheritdoc />
        public bool Equals(Scalar other) =>
            Value.Kind == other.Value.Kind && Value.I == other.Value.I && Value.D.Equals(other.Value.D);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is Scalar other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Value.Kind, Value.I, Value.D);

        /// <summary>Equality of kind and value.</summary>
        public static bool operator ==(Scalar left, Scalar right) => left.Equals(right);

        /// <summary>Inequality of kind or value.</summary>
        public static bool operator !=(Scalar left, Scalar right) => !left.Equals(right);

        /// <inheritdoc />
        public override string ToString() => Value.Kind switch
        {
            NativeScalar.KindFloat => Value.D.ToString("R", CultureInfo.InvariantCulture),
            NativeScalar.KindBool => Value.I != 0 ? "True" : "False",
            _ => Value.I.ToString(CultureInfo.InvariantCulture),
        };
    }
}
