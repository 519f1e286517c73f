#pragma warning disable CS8981 // 'torch' is lower-case on purpose: the API mirrors PyTorch/TorchSharp.
using System;
using System.Globalization;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>Kind of device a tensor lives on (values are libtorch's c10::DeviceType).</summary>
    public enum DeviceType
    {
        /// <summary>Host memory.</summary>
        CPU = 0,

        /// <summary>An NVIDIA GPU.</summary>
        CUDA = 1,
    }

    public static partial class torch
    {
        /// <summary>Element type of a tensor (values are libtorch's c10::ScalarType, as in TorchSharp).</summary>
        public enum ScalarType : sbyte
        {
            /// <summary>uint8.</summary>
            Byte = 0,

            /// <summary>int8.</summary>
            Int8 = 1,

            /// <summary>int16.</summary>
            Int16 = 2,

            /// <summary>int32.</summary>
            Int32 = 3,

            /// <summary>int64.</summary>
            Int64 = 4,

            /// <summary>float16 (no host conversion in this runtime; use <see cref="Tensor.to(ScalarType)"/>).</summary>
            Float16 = 5,

            /// <summary>float32.</summary>
            Float32 = 6,

            /// <summary>float64.</summary>
            Float64 = 7,

            /// <summary>bool.</summary>
            Bool = 11,

            /// <summary>bfloat16 (no host conversion in this runtime; use <see cref="Tensor.to(ScalarType)"/>).</summary>
            BFloat16 = 15,
        }

        /// <summary>A device: <c>cpu</c>, <c>cuda</c> (the current GPU) or <c>cuda:N</c>.</summary>
        public sealed class Device : IEquatable<Device>
        {
            /// <summary>Creates a device; <paramref name="index"/> -1 means "the current one".</summary>
            public Device(DeviceType type, int index = -1)
            {
                if (type != DeviceType.CPU && type != DeviceType.CUDA)
                    throw new ArgumentOutOfRangeException(nameof(type), type, "Only CPU and CUDA devices are supported.");
                if (index < -1) throw new ArgumentOutOfRangeException(nameof(index), index, "Device index must be >= -1.");
                this.type = type;
                this.index = type == DeviceType.CPU ? -1 : index;
            }

            /// <summary>Parses "cpu", "cuda" or "cuda:N" (case-insensitive).</summary>
            public Device(string description) : this(ParseParts(description))
            {
            }

            private Device((DeviceType Type, int Index) parts) : this(parts.Type, parts.Index)
            {
            }

            /// <summary>The device type.</summary>
            public DeviceType type { get; }

            /// <summary>The device index, -1 for "current" (always -1 for the CPU).</summary>
            public int index { get; }

            /// <summary>The host.</summary>
            public static Device CPU { get; } = new(DeviceType.CPU);

            /// <summary>The GPU with the given index (0 = the first).</summary>
            public static Device CUDA(int index = 0) => new(DeviceType.CUDA, index);

            /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
            public static Device Parse(string description) => new(description);

            /// <summary>Converts "cpu" / "cuda:0" strings, as TorchSharp does.</summary>
            public static implicit operator Device(string description) => new(description);

            private static (DeviceType Type, int Index) ParseParts(string description)
            {
                ArgumentNullException.ThrowIfNull(description);
                string text = description.Trim().ToLowerInvariant();
                string name = text;
                int index = -1;
                int colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0)
                {
                    name = text[..colon];
                    if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out index))
                        throw new FormatException($"Invalid device '{description}': the index must be a non-negative integer.");
                }
                return name switch
                {
                    "cpu" => (DeviceType.CPU, -1),
                    "cuda" => (DeviceType.CUDA, index),
                    _ => throw new FormatException($"Invalid device '{description}': expected 'cpu', 'cuda' or 'cuda:N'."),
                };
            }

            /// <inheritdoc />
            public bool Equals(Device? other) => other is not null && other.type == type && other.index == index;

            /// <inheritdoc />
            public override bool Equals(object? obj) => Equals(obj as Device);

            /// <inheritdoc />
            public override int GetHashCode() => HashCode.Combine(type, index);

            /// <summary>"cpu", "cuda" or "cuda:N".</summary>
            public override string ToString() =>
                type == DeviceType.CPU ? "cpu" : index < 0 ? "cuda" : "cuda:" + index.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The host device.</summary>
        public static readonly Device CPU = Device.CPU;

        /// <summary>The current CUDA device.</summary>
        public static readonly Device CUDA = new(DeviceType.CUDA, -1);

        /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
        public static Device device(string description) => new(description);

        /// <summary>A device of the given type and index (-1 = current).</summary>
        public static Device device(DeviceType type, int index = -1) => new(type, index);

        /// <summary>Alias of <see cref="ScalarType.Float32"/>.</summary>
        public const ScalarType float32 = ScalarType.Float32;

        /// <summary>Alias of <see cref="ScalarType.Float64"/>.</summary>
        public const ScalarType float64 = ScalarType.Float64;

        /// <summary>Alias of <see cref="ScalarType.Int32"/>.</summary>
        public const ScalarType int32 = ScalarType.Int32;

        /// <summary>Alias of <see cref="ScalarType.Int64"/>.</summary>
        public const ScalarType int64 = ScalarType.Int64;

        /// <summary>Alias of <see cref="ScalarType.Byte"/>.</summary>
        public const ScalarType uint8 = ScalarType.Byte;

        /// <summary>Alias of <see cref="ScalarType.Bool"/>.</summary>
        public const ScalarType @bool = ScalarType.Bool;
    }
}
