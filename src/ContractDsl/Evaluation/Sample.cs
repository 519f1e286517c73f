using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ContractDsl.Binding;

namespace ContractDsl.Evaluation
{
    /// <summary>
    /// One sample's raw inputs for a contract, indexed by signal index: a float per scalar signal (real, prob,
    /// count), a float[] per ensemble, an int code per category, a bool per flag. Slots of other kinds are
    /// ignored. Value-equal (floats compared bit for bit, so NaN equals NaN).
    /// </summary>
    public sealed class Sample : IEquatable<Sample>
    {
        public Sample(int signalCount)
        {
            Scalars = new float[signalCount];
            Members = new float[signalCount][];
            Codes = new int[signalCount];
            Flags = new bool[signalCount];
            for (int i = 0; i < signalCount; i++) Members[i] = Array.Empty<float>();
        }

        /// <summary>Scalar signals' values (real, prob, count).</summary>
        public float[] Scalars { get; }

        /// <summary>Ensemble signals' members (length k).</summary>
        public float[][] Members { get; }

        /// <summary>Category signals' codes (index into the category's values).</summary>
        public int[] Codes { get; }

        public bool[] Flags { get; }

        public int SignalCount => Scalars.Length;

        /// <summary>
        /// Every signal at a neutral value inside its domain: 0 when the domain holds it, else the simplest
        /// number inside; ensembles with every member at that value; the first category value; flags false.
        /// </summary>
        public static Sample Neutral(BoundContract contract)
        {
            var sample = new Sample(contract.Signals.Length);
            foreach (var signal in contract.Signals)
            {
                switch (signal.Kind)
                {
                    case SignalKind.Ensemble:
                        float m = NeutralValue(signal);
                        sample.Members[signal.Index] = Enumerable.Repeat(m, Math.Max(1, signal.EnsembleSize)).ToArray();
                        break;
                    case SignalKind.Category:
                    case SignalKind.Flag:
                        break;
                    default:
                        sample.Scalars[signal.Index] = NeutralValue(signal);
                        break;
                }
            }
            return sample;
        }

        /// <summary>0 if the (float) domain holds it, else the domain's end nearest to 0, made whole for counts.</summary>
        public static float NeutralValue(BoundSignal signal)
        {
            float lo = (float)signal.Low, hi = (float)signal.High;
            float v = 0;
            if (v < lo) v = lo;
            if (v > hi) v = hi;
            if (signal.IsInteger) v = (float)Math.Ceiling(v);
            return v;
        }

        public Sample Clone()
        {
            var copy = new Sample(SignalCount);
            Array.Copy(Scalars, copy.Scalars, Scalars.Length);
            Array.Copy(Codes, copy.Codes, Codes.Length);
            Array.Copy(Flags, copy.Flags, Flags.Length);
            for (int i = 0; i < Members.Length; i++) copy.Members[i] = (float[])Members[i].Clone();
            return copy;
        }

        /// <summary>Sets a signal by name: a number for scalars, a float[] for ensembles, a value name or code for categories, a bool for flags.</summary>
        public Sample With(BoundContract contract, string signal, object value)
        {
            var s = contract.Signals.FirstOrDefault(x => x.Name == signal) ?? throw new ArgumentException("no signal " + signal, nameof(signal));
            switch (s.Kind)
            {
                case SignalKind.Ensemble:
                    Members[s.Index] = ((IEnumerable<float>)value).ToArray();
                    break;
                case SignalKind.Category:
                    Codes[s.Index] = value is string name ? s.Categories.ToList().IndexOf(name) : Convert.ToInt32(value, CultureInfo.InvariantCulture);
                    break;
                case SignalKind.Flag:
                    Flags[s.Index] = (bool)value;
                    break;
                default:
                    Scalars[s.Index] = Convert.ToSingle(value, CultureInfo.InvariantCulture);
                    break;
            }
            return this;
        }

        /// <summary>The value of one signal as the witness text writes it: <c>0.3</c>, <c>US</c>, <c>true</c>, <c>[-3, -3, 3, 3]</c>.</summary>
        public string Format(BoundSignal signal) => signal.Kind switch
        {
            SignalKind.Ensemble => "[" + string.Join(", ", Members[signal.Index].Select(FormatFloat)) + "]",
            SignalKind.Category => Codes[signal.Index] >= 0 && Codes[signal.Index] < signal.Categories.Length ? signal.Categories[Codes[signal.Index]] : "#" + Codes[signal.Index].ToString(CultureInfo.InvariantCulture),
            SignalKind.Flag => Flags[signal.Index] ? "true" : "false",
            _ => FormatFloat(Scalars[signal.Index]),
        };

        /// <summary>All signals, <c>name = value</c>, comma-separated.</summary>
        public string Describe(BoundContract contract) =>
            string.Join(", ", contract.Signals.Select(s => s.Name + " = " + Format(s)));

        /// <summary>The shortest text that reads back as the same float.</summary>
        public static string FormatFloat(float value)
        {
            if (float.IsPositiveInfinity(value)) return "inf";
            if (float.IsNegativeInfinity(value)) return "-inf";
            if (value == 0) return "0";
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        public bool Equals(Sample? other)
        {
            if (other is null || other.SignalCount != SignalCount) return false;
            for (int i = 0; i < SignalCount; i++)
            {
                if (BitConverter.DoubleToInt64Bits(Scalars[i]) != BitConverter.DoubleToInt64Bits(other.Scalars[i]) && !(float.IsNaN(Scalars[i]) && float.IsNaN(other.Scalars[i]))) return false;
                if (Codes[i] != other.Codes[i] || Flags[i] != other.Flags[i]) return false;
                if (Members[i].Length != other.Members[i].Length) return false;
                for (int j = 0; j < Members[i].Length; j++)
                    if (!Members[i][j].Equals(other.Members[i][j])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is Sample other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int h = 17;
                for (int i = 0; i < SignalCount; i++)
                {
                    h = h * 31 + Scalars[i].GetHashCode();
                    h = h * 31 + Codes[i];
                    h = h * 31 + (Flags[i] ? 1 : 0);
                    foreach (var m in Members[i]) h = h * 31 + m.GetHashCode();
                }
                return h;
            }
        }

        public override string ToString()
        {
            var sb = new StringBuilder("Sample(");
            for (int i = 0; i < SignalCount; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(FormatFloat(Scalars[i])).Append('|').Append(Codes[i]).Append('|').Append(Flags[i] ? 'T' : 'F');
                if (Members[i].Length > 0) sb.Append("|[").Append(string.Join(" ", Members[i].Select(FormatFloat))).Append(']');
            }
            return sb.Append(')').ToString();
        }
    }
}
