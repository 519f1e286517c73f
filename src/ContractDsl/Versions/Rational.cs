using System;
using System.Globalization;
using System.Numerics;

namespace ContractDsl.Versions
{
    /// <summary>
    /// An exact rational number, the coefficient of a canonical term. Constants of a contract are read as the decimals
    /// they were written as (<c>0.1</c> is 1/10, not the double nearest to it), so that <c>0.1 * a + 0.2 * a</c> and
    /// <c>0.3 * a</c> are the same real function: reals are reals.
    /// </summary>
    internal readonly struct Rational : IEquatable<Rational>
    {
        public static readonly Rational Zero = new Rational(BigInteger.Zero, BigInteger.One);
        public static readonly Rational One = new Rational(BigInteger.One, BigInteger.One);

        private Rational(BigInteger numerator, BigInteger denominator)
        {
            Numerator = numerator;
            Denominator = denominator;
        }

        public BigInteger Numerator { get; }

        /// <summary>Always positive; the fraction is in lowest terms.</summary>
        public BigInteger Denominator { get; }

        public bool IsZero => Numerator.IsZero;

        public int Sign => Numerator.Sign;

        public static Rational Of(BigInteger numerator, BigInteger denominator)
        {
            if (denominator.IsZero) throw new DivideByZeroException();
            if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
            var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!gcd.IsOne && !gcd.IsZero) { numerator /= gcd; denominator /= gcd; }
            return new Rational(numerator, numerator.IsZero ? BigInteger.One : denominator);
        }

        public static Rational Of(long value) => new Rational(value, BigInteger.One);

        /// <summary>
        /// The decimal a finite double was written as: its shortest round-trip text, read exactly. Null for NaN and
        /// the infinities.
        /// </summary>
        public static Rational? FromDouble(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) return null;
            if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return Of((long)value);
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            int exponent = 0;
            int e = text.IndexOfAny(new[] { 'E', 'e' });
            if (e >= 0)
            {
                exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                text = text.Substring(0, e);
            }
            bool negative = text.StartsWith("-", StringComparison.Ordinal);
            if (negative) text = text.Substring(1);
            int dot = text.IndexOf('.');
            if (dot >= 0)
            {
                exponent -= text.Length - dot - 1;
                text = text.Remove(dot, 1);
            }
            var digits = BigInteger.Parse(text, CultureInfo.InvariantCulture);
            if (negative) digits = -digits;
            return exponent >= 0
                ? Of(digits * BigInteger.Pow(10, exponent), BigInteger.One)
                : Of(digits, BigInteger.Pow(10, -exponent));
        }

        /// <summary>The exact binary value of a finite double (a float input's value, not a decimal someone wrote).</summary>
        public static Rational? Exact(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) return null;
            if (value == 0) return Zero;
            long bits = BitConverter.DoubleToInt64Bits(value);
            bool negative = bits < 0;
            int exponent = (int)((bits >> 52) & 0x7FF);
            long mantissa = bits & 0xFFFFFFFFFFFFFL;
            if (exponent == 0) exponent++; else mantissa |= 1L << 52;
            exponent -= 1075;
            var m = new BigInteger(negative ? -mantissa : mantissa);
            return exponent >= 0 ? Of(m * BigInteger.Pow(2, exponent), BigInteger.One) : Of(m, BigInteger.Pow(2, -exponent));
        }

        public static int Compare(Rational a, Rational b) => (a - b).Sign;

        public static Rational operator +(Rational a, Rational b) =>
            a.Denominator == b.Denominator
                ? Of(a.Numerator + b.Numerator, a.Denominator)
                : Of(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

        public static Rational operator -(Rational a) => new Rational(-a.Numerator, a.Denominator);

        public static Rational operator -(Rational a, Rational b) => a + -b;

        public static Rational operator *(Rational a, Rational b) => Of(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

        public static Rational operator /(Rational a, Rational b) => Of(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

        public Rational Abs() => Numerator.Sign < 0 ? -this : this;

        public double ToDouble()
        {
            if (Denominator.IsOne) return (double)Numerator;
            double n = (double)Numerator, d = (double)Denominator;
            if (!double.IsInfinity(n) && !double.IsInfinity(d)) return n / d;
            // very long fractions: through logarithms (only the magnitude matters for intervals and witnesses)
            double log = BigInteger.Log(BigInteger.Abs(Numerator)) - BigInteger.Log(Denominator);
            return Numerator.Sign * Math.Exp(log);
        }

        public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

        public override bool Equals(object? obj) => obj is Rational r && Equals(r);

        public override int GetHashCode() => unchecked(Numerator.GetHashCode() * 31 + Denominator.GetHashCode());

        /// <summary>Exact text: <c>3</c>, <c>-1/10</c>.</summary>
        public override string ToString() =>
            Denominator.IsOne
                ? Numerator.ToString(CultureInfo.InvariantCulture)
                : Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
    }
}
