using System;
using System.Globalization;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch
{
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

        /// <summary>The device every column lives on (the CPU until a column was checked).</summary>
        public Device Device { get; private set; } = CPU;

        /// <summary>For a contract without signals: the batch size and device come from the batch itself.</summary>
        public void Set(long count, Device? device)
        {
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "the batch size must be ≥ 0");
            Count = count;
            Device = device ?? CPU;
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
                // TorchSharp's Device has no value equality: compare what names a device.
                if (device.type != Device.type || device.index != Device.index)
                    throw new ArgumentException($"{what} is on {device} but the batch's other columns are on {Device}", property);
            }
            return column;
        }
    }
}
