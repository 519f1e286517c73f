using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using ContractDsl.Runtime;
using ContractDsl.Testing;
using InterpreterMath = ContractDsl.Evaluation.DeterministicMath;

namespace ContractDsl.Bench
{
    /// <summary>
    /// The deterministic float32 functions (<see cref="DeterministicMath"/>, src/Shared/DeterministicMath):
    /// <list type="bullet">
    /// <item><c>vecmath</c>: throughput per function — <see cref="MathF"/> per element, today's <see cref="LaneMath"/> (MathF per lane), the scalar deterministic function,
    /// and the <see cref="Vector{T}"/>, <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/>, <see cref="Vector512{T}"/>
    /// overloads — on an L1-resident array of inputs spread over the function's interesting range; elements/s, the fastest of
    /// <c>--runs</c> runs of at least <c>--min-seconds</c> each.</item>
    /// <item><c>vecmath-check</c>: every float input (or every <c>--stride</c>-th bit pattern): the scalar result of the
    /// runtime build must equal bit for bit the result of the interpreter build (ContractDsl) and of every vector width,
    /// and its error against the double-precision reference is measured in ulp. Prints the maximum per function and
    /// where it is reached; exit code 1 on any bit difference or an error above 2 ulp.</item>
    /// </list>
    /// </summary>
    public static class VectorMathBench
    {
        private sealed record Function(
            string Name,
            Func<double, double> Reference,
            Func<float, float> MathFPerElement,
            Func<float, float> Scalar,
            Func<float, float> Interpreter,
            Func<Vector<float>, Vector<float>> Vector,
            Func<Vector128<float>, Vector128<float>> Vector128,
            Func<Vector256<float>, Vector256<float>> Vector256,
            Func<Vector512<float>, Vector512<float>> Vector512,
            float BenchLow,
            float BenchHigh);

        private static readonly Function[] Functions =
        {
            new Function("exp", Math.Exp, MathF.Exp, DeterministicMath.Exp, InterpreterMath.Exp,
                DeterministicMath.Exp, DeterministicMath.Exp, DeterministicMath.Exp, DeterministicMath.Exp, -90f, 90f),
            new Function("log", Math.Log, MathF.Log, DeterministicMath.Log, InterpreterMath.Log,
                DeterministicMath.Log, DeterministicMath.Log, DeterministicMath.Log, DeterministicMath.Log, 1e-30f, 1e30f),
            new Function("sigmoid", FloatAccuracy.ReferenceSigmoid, x => 1f / (1f + MathF.Exp(-x)), DeterministicMath.Sigmoid, InterpreterMath.Sigmoid,
                DeterministicMath.Sigmoid, DeterministicMath.Sigmoid, DeterministicMath.Sigmoid, DeterministicMath.Sigmoid, -20f, 20f),
            new Function("tanh", Math.Tanh, MathF.Tanh, DeterministicMath.Tanh, InterpreterMath.Tanh,
                DeterministicMath.Tanh, DeterministicMath.Tanh, DeterministicMath.Tanh, DeterministicMath.Tanh, -10f, 10f),
        };

        // ---- throughput -------------------------------------------------------------------------------------------

        public static int RunThroughput(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            int runs = IntOption(args, "--runs", 5);
            double minSeconds = DoubleOption(args, "--min-seconds", 0.2);
            const int Length = 4096; // 16 KiB in, 16 KiB out: in L1, so the figures are compute, not memory

            Console.WriteLine($"# Deterministic float32 maths: throughput, {Length} inputs per pass (in L1), fastest of {runs} runs ≥ {minSeconds} s");
            Console.WriteLine();
            Console.WriteLine($"Machine: {CpuTorchBench.Machine(withTorch: false)}; Vector256 accelerated: {Vector256.IsHardwareAccelerated}, " +
                              $"Vector512 accelerated: {Vector512.IsHardwareAccelerated}");
            string startLoad = CpuTorchBench.LoadAverage();
            Console.WriteLine();
            Console.WriteLine("| function | inputs | MathF per element | LaneMath (Vector<float>, MathF per lane) | scalar | Vector<float> | Vector128 | Vector256 | Vector512 | best / LaneMath |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var input = new float[Length];
            var output = new float[Length];
            foreach (var f in Functions)
            {
                var random = new Random(12345);
                for (int i = 0; i < Length; i++)
                    input[i] = f.Name == "log"
                        ? MathF.Exp((float)(random.NextDouble() * (Math.Log(f.BenchHigh) - Math.Log(f.BenchLow)) + Math.Log(f.BenchLow)))
                        : (float)(f.BenchLow + random.NextDouble() * (f.BenchHigh - f.BenchLow));

                double mathF = Measure(runs, minSeconds, Length, () => { for (int i = 0; i < Length; i++) output[i] = f.MathFPerElement(input[i]); });
                double laneMath = Measure(runs, minSeconds, Length, () => RunLaneMath(f.Name, input, output));
                double scalar = Measure(runs, minSeconds, Length, () => RunScalar(f.Name, input, output));
                double vector = Measure(runs, minSeconds, Length, () => RunVector(f.Name, input, output));
                double v128 = Measure(runs, minSeconds, Length, () => RunVector128(f.Name, input, output));
                double v256 = Measure(runs, minSeconds, Length, () => RunVector256(f.Name, input, output));
                double v512 = Measure(runs, minSeconds, Length, () => RunVector512(f.Name, input, output));
                double best = Vector512.IsHardwareAccelerated ? Math.Max(v512, v256) : Math.Max(v256, vector);
                string range = f.Name == "log" ? $"[{f.BenchLow:0e0}, {f.BenchHigh:0e0}] log-uniform" : $"[{f.BenchLow}, {f.BenchHigh}]";
                Console.WriteLine($"| {f.Name} | {range} | {Rate(mathF)} | {Rate(laneMath)} | {Rate(scalar)} | {Rate(vector)} | {Rate(v128)} | {Rate(v256)} | " +
                                  $"{Rate(v512)}{(Vector512.IsHardwareAccelerated ? "" : " (software)")} | {best / laneMath:0.0}× |");
            }
            Console.WriteLine();
            Console.WriteLine("Elements per second on one thread. LaneMath is today's vector path (MathF per lane, to stay bit-identical); " +
                              "the scalar column is what the scalar tail and the interpreter run.");
            Console.WriteLine($"Load average {CpuTorchBench.LoadAverage()} at the end ({startLoad} at the start).");
            return 0;
        }

        private static string Rate(double perSecond) => perSecond >= 1e9 ? $"{perSecond / 1e9:0.00} G/s" : $"{perSecond / 1e6:0} M/s";

        private static double Measure(int runs, double minSeconds, int elementsPerPass, Action pass)
        {
            for (int i = 0; i < 200; i++) pass(); // warm-up: tier-1 code before timing
            var rates = new List<double>();
            for (int run = 0; run < runs; run++)
            {
                long passes = 0;
                var watch = Stopwatch.StartNew();
                do
                {
                    for (int i = 0; i < 50; i++) pass();
                    passes += 50;
                } while (watch.Elapsed.TotalSeconds < minSeconds);
                rates.Add(passes * (double)elementsPerPass / watch.Elapsed.TotalSeconds);
            }
            // The fastest run: on a shared machine the other runs measure the other processes as much as this code.
            return rates.Max();
        }

        // Loops written out per function so that each call is a direct, inlinable call (no delegate in the timed loop), and
        // compiled fully optimised at once, so that no run measures tier-0 code.

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunLaneMath(string name, float[] input, float[] output)
        {
            int w = Vector<float>.Count;
            switch (name)
            {
                case "exp": for (int i = 0; i < input.Length; i += w) LaneMath.Exp(new Vector<float>(input, i)).CopyTo(output, i); break;
                case "log": for (int i = 0; i < input.Length; i += w) LaneMath.Log(new Vector<float>(input, i)).CopyTo(output, i); break;
                case "sigmoid": for (int i = 0; i < input.Length; i += w) LaneMath.Sigmoid(new Vector<float>(input, i)).CopyTo(output, i); break;
                default: for (int i = 0; i < input.Length; i += w) LaneMath.Tanh(new Vector<float>(input, i)).CopyTo(output, i); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunScalar(string name, float[] input, float[] output)
        {
            switch (name)
            {
                case "exp": for (int i = 0; i < input.Length; i++) output[i] = DeterministicMath.Exp(input[i]); break;
                case "log": for (int i = 0; i < input.Length; i++) output[i] = DeterministicMath.Log(input[i]); break;
                case "sigmoid": for (int i = 0; i < input.Length; i++) output[i] = DeterministicMath.Sigmoid(input[i]); break;
                default: for (int i = 0; i < input.Length; i++) output[i] = DeterministicMath.Tanh(input[i]); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunVector(string name, float[] input, float[] output)
        {
            int w = Vector<float>.Count;
            switch (name)
            {
                case "exp": for (int i = 0; i < input.Length; i += w) DeterministicMath.Exp(new Vector<float>(input, i)).CopyTo(output, i); break;
                case "log": for (int i = 0; i < input.Length; i += w) DeterministicMath.Log(new Vector<float>(input, i)).CopyTo(output, i); break;
                case "sigmoid": for (int i = 0; i < input.Length; i += w) DeterministicMath.Sigmoid(new Vector<float>(input, i)).CopyTo(output, i); break;
                default: for (int i = 0; i < input.Length; i += w) DeterministicMath.Tanh(new Vector<float>(input, i)).CopyTo(output, i); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunVector128(string name, float[] input, float[] output)
        {
            int w = Vector128<float>.Count;
            switch (name)
            {
                case "exp": for (int i = 0; i < input.Length; i += w) DeterministicMath.Exp(Vector128.Create(input, i)).CopyTo(output, i); break;
                case "log": for (int i = 0; i < input.Length; i += w) DeterministicMath.Log(Vector128.Create(input, i)).CopyTo(output, i); break;
                case "sigmoid": for (int i = 0; i < input.Length; i += w) DeterministicMath.Sigmoid(Vector128.Create(input, i)).CopyTo(output, i); break;
                default: for (int i = 0; i < input.Length; i += w) DeterministicMath.Tanh(Vector128.Create(input, i)).CopyTo(output, i); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunVector256(string name, float[] input, float[] output)
        {
            int w = Vector256<float>.Count;
            switch (name)
            {
                case "exp": for (int i = 0; i < input.Length; i += w) DeterministicMath.Exp(Vector256.Create(input, i)).CopyTo(output, i); break;
                case "log": for (int i = 0; i < input.Length; i += w) DeterministicMath.Log(Vector256.Create(input, i)).CopyTo(output, i); break;
                case "sigmoid": for (int i = 0; i < input.Length; i += w) DeterministicMath.Sigmoid(Vector256.Create(input, i)).CopyTo(output, i); break;
                default: for (int i = 0; i < input.Length; i += w) DeterministicMath.Tanh(Vector256.Create(input, i)).CopyTo(output, i); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunVector512(string name, float[] input, float[] output)
        {
            int w = Vector512<float>.Count;
            switch (name)
            {
                case "exp": for (int i = 0; i < input.Length; i += w) DeterministicMath.Exp(Vector512.Create(input, i)).CopyTo(output, i); break;
                case "log": for (int i = 0; i < input.Length; i += w) DeterministicMath.Log(Vector512.Create(input, i)).CopyTo(output, i); break;
                case "sigmoid": for (int i = 0; i < input.Length; i += w) DeterministicMath.Sigmoid(Vector512.Create(input, i)).CopyTo(output, i); break;
                default: for (int i = 0; i < input.Length; i += w) DeterministicMath.Tanh(Vector512.Create(input, i)).CopyTo(output, i); break;
            }
        }

        // ---- exhaustive check -------------------------------------------------------------------------------------

        /// <summary>The largest error of one function, and where.</summary>
        private sealed class Summary
        {
            public double MaxUlp;
            public double MaxUlpNormal;
            public float MaxUlpAt;
            public float MaxUlpResult;
            public double MaxUlpExact;
            public long AboveHalfUlp;
            public long AboveOneUlp;
            public long Checked;
            public long BitMismatches;
            public string? FirstMismatch;
            public long SignOfZeroErrors;

            public void Merge(Summary other)
            {
                if (other.MaxUlp > MaxUlp || (other.MaxUlp == MaxUlp && Math.Abs(other.MaxUlpAt) < Math.Abs(MaxUlpAt)))
                {
                    MaxUlp = other.MaxUlp;
                    MaxUlpAt = other.MaxUlpAt;
                    MaxUlpResult = other.MaxUlpResult;
                    MaxUlpExact = other.MaxUlpExact;
                }
                MaxUlpNormal = Math.Max(MaxUlpNormal, other.MaxUlpNormal);
                AboveHalfUlp += other.AboveHalfUlp;
                AboveOneUlp += other.AboveOneUlp;
                Checked += other.Checked;
                BitMismatches += other.BitMismatches;
                FirstMismatch ??= other.FirstMismatch;
                SignOfZeroErrors += other.SignOfZeroErrors;
            }
        }

        public static int RunCheck(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            long stride = (long)DoubleOption(args, "--stride", 1);
            string only = StringOption(args, "--functions", "exp,log,sigmoid,tanh");
            var selected = Functions.Where(f => only.Split(',').Contains(f.Name)).ToArray();
            Console.WriteLine($"# Deterministic float32 maths: {(stride == 1 ? "all 2^32 inputs" : $"every {stride}th bit pattern")}, " +
                              $"{Environment.ProcessorCount} threads, {RuntimeDescription()}");
            Console.WriteLine($"Vector<float>.Count = {Vector<float>.Count}, Vector256 accelerated: {Vector256.IsHardwareAccelerated}, " +
                              $"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, fused multiply-add instruction: " +
                              $"{System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, " +
                              $"vscalefps: {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}");
            Console.WriteLine();
            Console.WriteLine("| function | inputs | max error (ulp) | at x | result | correctly rounded | max on normal results | > 0.5 ulp | > 1 ulp | bit differences (interpreter, Vector, 128, 256, 512) | time |");
            Console.WriteLine("| --- | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
            bool failed = false;
            foreach (var f in selected)
            {
                var watch = Stopwatch.StartNew();
                var total = CheckAll(f, stride);
                failed |= total.BitMismatches != 0 || total.MaxUlp > 2 || total.SignOfZeroErrors != 0;
                Console.WriteLine($"| {f.Name} | {total.Checked:N0} | {total.MaxUlp:0.000} | {FloatAccuracy.Describe(total.MaxUlpAt)} | {FloatAccuracy.Describe(total.MaxUlpResult)} | " +
                                  $"{FloatAccuracy.Describe((float)total.MaxUlpExact)} | {total.MaxUlpNormal:0.000} | {total.AboveHalfUlp:N0} | {total.AboveOneUlp:N0} | {total.BitMismatches:N0} | {watch.Elapsed.TotalSeconds:0} s |");
                if (total.FirstMismatch != null) Console.WriteLine("  first bit difference: " + total.FirstMismatch);
                if (total.SignOfZeroErrors != 0) Console.WriteLine($"  {total.SignOfZeroErrors} results have the wrong sign of zero");
            }
            Console.WriteLine();
            Console.WriteLine("An ulp is that of the float32 binade of the exact value (2^-149 below 2^-126); the exact value is the double-precision " +
                              "System.Math function. \"> 0.5 ulp\" counts results that are not correctly rounded.");
            return failed ? 1 : 0;
        }

        private static Summary CheckAll(Function f, long stride)
        {
            const int Block = 1 << 16;
            long patterns = 1L << 32;
            long blocks = (patterns + Block * stride - 1) / (Block * stride);
            var total = new Summary();
            var gate = new object();
            Parallel.For(0L, blocks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => new Scratch(Block),
                (block, _, scratch) =>
                {
                    int count = 0;
                    for (long p = block * Block * stride; count < Block && p < patterns; p += stride)
                        scratch.Input[count++] = BitConverter.UInt32BitsToSingle((uint)p);
                    CheckBlock(f, scratch, count);
                    return scratch;
                },
                scratch => { lock (gate) total.Merge(scratch.Summary); });
            return total;
        }

        private sealed class Scratch
        {
            public readonly float[] Input;
            public readonly float[] Scalar;
            public readonly float[] Other;
            public readonly Summary Summary = new Summary();

            public Scratch(int length)
            {
                Input = new float[length];
                Scalar = new float[length];
                Other = new float[length];
            }
        }

        private static void CheckBlock(Function f, Scratch s, int count)
        {
            for (int i = 0; i < count; i++) s.Scalar[i] = f.Scalar(s.Input[i]);

            // Bit identity: the interpreter build and every vector width against the runtime's scalar path.
            for (int i = 0; i < count; i++) s.Other[i] = f.Interpreter(s.Input[i]);
            Compare(s, count, "interpreter");
            for (int i = 0; i + Vector<float>.Count <= count; i += Vector<float>.Count) f.Vector(new Vector<float>(s.Input, i)).CopyTo(s.Other, i);
            Compare(s, count - count % Vector<float>.Count, "Vector<float>");
            for (int i = 0; i + 4 <= count; i += 4) f.Vector128(Vector128.Create(s.Input, i)).CopyTo(s.Other, i);
            Compare(s, count - count % 4, "Vector128");
            for (int i = 0; i + 8 <= count; i += 8) f.Vector256(Vector256.Create(s.Input, i)).CopyTo(s.Other, i);
            Compare(s, count - count % 8, "Vector256");
            for (int i = 0; i + 16 <= count; i += 16) f.Vector512(Vector512.Create(s.Input, i)).CopyTo(s.Other, i);
            Compare(s, count - count % 16, "Vector512");

            var summary = s.Summary;
            for (int i = 0; i < count; i++)
            {
                float x = s.Input[i];
                float r = s.Scalar[i];
                double exact = f.Reference(x);
                double ulps = FloatAccuracy.UlpError(exact, r);
                summary.Checked++;
                if (ulps > 0.5) summary.AboveHalfUlp++;
                if (Math.Abs(exact) >= 1.1754943508222875e-38) summary.MaxUlpNormal = Math.Max(summary.MaxUlpNormal, ulps);
                if (ulps > 1) summary.AboveOneUlp++;
                if (FloatAccuracy.WrongSignOfZero(exact, r)) summary.SignOfZeroErrors++;
                if (ulps > summary.MaxUlp || (ulps == summary.MaxUlp && ulps > 0 && Math.Abs(x) < Math.Abs(summary.MaxUlpAt)))
                {
                    summary.MaxUlp = ulps;
                    summary.MaxUlpAt = x;
                    summary.MaxUlpResult = r;
                    summary.MaxUlpExact = exact;
                }
            }
        }

        private static void Compare(Scratch s, int count, string what)
        {
            for (int i = 0; i < count; i++)
            {
                if (BitConverter.SingleToInt32Bits(s.Scalar[i]) == BitConverter.SingleToInt32Bits(s.Other[i])) continue;
                s.Summary.BitMismatches++;
                s.Summary.FirstMismatch ??= $"{what}: x = {FloatAccuracy.Describe(s.Input[i])}: scalar {FloatAccuracy.Describe(s.Scalar[i])}, {what} {FloatAccuracy.Describe(s.Other[i])}";
            }
        }

        // ---- options ----------------------------------------------------------------------------------------------

        private static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

        private static string StringOption(string[] args, string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        private static int IntOption(string[] args, string name, int fallback) =>
            int.Parse(StringOption(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        private static double DoubleOption(string[] args, string name, double fallback) =>
            double.Parse(StringOption(args, name, fallback.ToString("R", CultureInfo.InvariantCulture)), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
