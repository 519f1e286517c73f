using System;
using System.Globalization;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// A closed range of float32 values <c>[Low, High]</c> (ends may be infinite), plus whether the value may
    /// be NaN. Empty when <c>Low &gt; High</c>. The ends are always float values, rounded outwards, so the
    /// range holds every value the generated float code can produce.
    /// </summary>
    public readonly record struct Interval(double Low, double High, bool MayBeNaN = false)
    {
        public static readonly Interval Empty = new Interval(double.PositiveInfinity, double.NegativeInfinity);
        public static readonly Interval Unbounded = new Interval(double.NegativeInfinity, double.PositiveInfinity);
        public static readonly Interval Zero = new Interval(0, 0);

        public bool IsEmpty => !(Low <= High);

        public bool IsFinite => !IsEmpty && !double.IsInfinity(Low) && !double.IsInfinity(High);

        public bool Contains(double value) => value >= Low && value <= High;

        /// <summary>Every value is &gt; 0 (and never NaN).</summary>
        public bool IsPositive => !IsEmpty && Low > 0 && !MayBeNaN;

        public bool IsNegative => !IsEmpty && High < 0 && !MayBeNaN;

        public bool IsNonNegative => !IsEmpty && Low >= 0 && !MayBeNaN;

        public bool IsNonPositive => !IsEmpty && High <= 0 && !MayBeNaN;

        public static Interval Point(double value) =>
            double.IsNaN(value) ? new Interval(double.PositiveInfinity, double.NegativeInfinity, true) : new Interval(value, value);

        /// <summary>The float range of a declared (double) range: ends rounded outwards to floats.</summary>
        public static Interval FromDouble(double low, double high) => new Interval(FloatKey.Floor(low), FloatKey.Ceiling(high));

        public Interval Hull(Interval other)
        {
            if (IsEmpty) return other with { MayBeNaN = other.MayBeNaN || MayBeNaN };
            if (other.IsEmpty) return this with { MayBeNaN = other.MayBeNaN || MayBeNaN };
            return new Interval(Math.Min(Low, other.Low), Math.Max(High, other.High), MayBeNaN || other.MayBeNaN);
        }

        public Interval Intersect(Interval other) =>
            new Interval(Math.Max(Low, other.Low), Math.Min(High, other.High), MayBeNaN && other.MayBeNaN);

        public Interval WithZero() => Hull(Zero);

        public override string ToString() =>
            IsEmpty ? (MayBeNaN ? "{NaN}" : "∅") : "[" + Format(Low) + ", " + Format(High) + "]" + (MayBeNaN ? " or NaN" : "");

        public static string Format(double value)
        {
            if (double.IsPositiveInfinity(value)) return "+inf";
            if (double.IsNegativeInfinity(value)) return "-inf";
            if (value == 0) return "0";
            return ((float)value).ToString("R", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Interval arithmetic that is sound for float32 evaluation: every operation is computed on float ends in
    /// double and rounded outwards to floats (one float rounding of a monotone operation stays inside); the
    /// transcendental functions get one more unit of slack for the C library's error, never across a sign.
    /// </summary>
    internal static class IntervalMath
    {
        public static Interval Constant(double value) => Interval.Point((float)value);

        private static Interval Make(double lo, double hi, bool nan)
        {
            if (!(lo <= hi)) return new Interval(double.PositiveInfinity, double.NegativeInfinity, nan);
            return new Interval(FloatKey.Floor(lo), FloatKey.Ceiling(hi), nan);
        }

        private static Interval FromCandidates(double a, double b, double c, double d, bool nan)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            void Take(double x)
            {
                if (double.IsNaN(x)) { nan = true; return; }
                if (x < lo) lo = x;
                if (x > hi) hi = x;
            }
            Take(a); Take(b); Take(c); Take(d);
            return Make(lo, hi, nan);
        }

        public static Interval Negate(Interval x) =>
            x.IsEmpty ? x : new Interval(-x.High, -x.Low, x.MayBeNaN);

        public static Interval Add(Interval x, Interval y)
        {
            bool nan = x.MayBeNaN || y.MayBeNaN;
            if (x.IsEmpty || y.IsEmpty) return new Interval(double.PositiveInfinity, double.NegativeInfinity, nan);
            if ((double.IsPositiveInfinity(x.High) && double.IsNegativeInfinity(y.Low)) || (double.IsNegativeInfinity(x.Low) && double.IsPositiveInfinity(y.High)))
                nan = true;
            return FromCandidates(x.Low + y.Low, x.Low + y.High, x.High + y.Low, x.High + y.High, nan);
        }

        public static Interval Subtract(Interval x, Interval y) => Add(x, Negate(y));

        private static double Times(double a, double b, ref bool nan)
        {
            if ((a == 0 && double.IsInfinity(b)) || (b == 0 && double.IsInfinity(a))) { nan = true; return 0; }
            return a * b;
        }

        public static Interval Multiply(Interval x, Interval y)
        {
            bool nan = x.MayBeNaN || y.MayBeNaN;
            if (x.IsEmpty || y.IsEmpty) return new Interval(double.PositiveInfinity, double.NegativeInfinity, nan);
            if ((x.Contains(0) && (double.IsInfinity(y.Low) || double.IsInfinity(y.High))) ||
                (y.Contains(0) && (double.IsInfinity(x.Low) || double.IsInfinity(x.High))))
                nan = true;
            double a = Times(x.Low, y.Low, ref nan), b = Times(x.Low, y.High, ref nan), c = Times(x.High, y.Low, ref nan), d = Times(x.High, y.High, ref nan);
            return FromCandidates(a, b, c, d, nan);
        }

        public static Interval Divide(Interval x, Interval y)
        {
            bool nan = x.MayBeNaN || y.MayBeNaN;
            if (x.IsEmpty || y.IsEmpty) return new Interval(double.PositiveInfinity, double.NegativeInfinity, nan);
            if (y.Contains(0))
                return new Interval(double.NegativeInfinity, double.PositiveInfinity, true); // ±∞ (sign of a zero unknown), 0/0 = NaN
            bool xInf = double.IsInfinity(x.Low) || double.IsInfinity(x.High);
            bool yInf = double.IsInfinity(y.Low) || double.IsInfinity(y.High);
            if (xInf && yInf) nan = true;
            return FromCandidates(x.Low / y.Low, x.Low / y.High, x.High / y.Low, x.High / y.High, nan);
        }

        public static Interval Min(Interval x, Interval y)
        {
            bool nan = x.MayBeNaN || y.MayBeNaN;
            if (x.IsEmpty || y.IsEmpty) return new Interval(double.PositiveInfinity, double.NegativeInfinity, nan);
            return new Interval(Math.Min(x.Low, y.Low), Math.Min(x.High, y.High), nan);
        }

        public static Interval Max(Interval x, Interval y)
        {
            bool nan = x.MayBeNaN || y.MayBeNaN;
            if (x.IsEmpty || y.IsEmpty) return new Interval(double.PositiveInfinity, double.NegativeInfinity, nan);
            return new Interval(Math.Max(x.Low, y.Low), Math.Max(x.High, y.High), nan);
        }

        public static Interval Clamp(Interval x, Interval lo, Interval hi) => Min(Max(x, lo), hi);

        public static Interval Abs(Interval x)
        {
            if (x.IsEmpty) return x;
            if (x.Low >= 0) return x;
            if (x.High <= 0) return Negate(x);
            return new Interval(0, Math.Max(-x.Low, x.High), x.MayBeNaN);
        }

        /// <summary>A monotone increasing transcendental f applied to the ends, with one float ulp of slack, clipped to f's range.</summary>
        private static Interval Monotone(Interval x, Func<double, double> f, double rangeLow, double rangeHigh)
        {
            if (x.IsEmpty) return x;
            double lo = f(x.Low), hi = f(x.High);
            float flo = FloatKey.NextDown(FloatKey.Floor(lo)), fhi = FloatKey.NextUp(FloatKey.Ceiling(hi));
            // slack never crosses a sign the exact function keeps
            if (lo >= 0 && flo < 0) flo = 0;
            if (hi <= 0 && fhi > 0) fhi = 0;
            return new Interval(Math.Max(flo, rangeLow), Math.Min(fhi, rangeHigh), x.MayBeNaN);
        }

        public static Interval Exp(Interval x) => Monotone(x, Math.Exp, 0, double.PositiveInfinity);

        public static Interval Tanh(Interval x) => Monotone(x, Math.Tanh, -1, 1);

        public static Interval Sigmoid(Interval x)
        {
            if (x.IsEmpty) return x;
            // 1 / (1 + exp(-x)) in float: a few roundings, monotone; two ulps of slack each side
            var r = Monotone(x, v => 1.0 / (1.0 + Math.Exp(-v)), 0, 1);
            return new Interval(Math.Max(0, FloatKey.NextDown((float)r.Low)), Math.Min(1, FloatKey.NextUp((float)r.High)), r.MayBeNaN);
        }

        public static Interval Log(Interval x)
        {
            if (x.IsEmpty) return x;
            bool nan = x.MayBeNaN || x.Low < 0;
            if (x.High < 0) return new Interval(double.PositiveInfinity, double.NegativeInfinity, true);
            var r = Monotone(new Interval(Math.Max(0, x.Low), x.High), Math.Log, double.NegativeInfinity, double.PositiveInfinity);
            return r with { MayBeNaN = nan };
        }
    }
}
