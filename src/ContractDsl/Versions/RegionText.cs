using System.Collections.Generic;
using System.Linq;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Evaluation;

namespace ContractDsl.Versions
{
    /// <summary>
    /// A region as contract-like text: boxes joined by <c>or</c>, each the conjunction of its constraints
    /// (<c>tokens == 512 and region == MENA</c>); bounds are written the short way (<c>x &gt; 0.5</c> rather than
    /// <c>x &gt;= 0.50000006</c>).
    /// </summary>
    internal static class RegionText
    {
        public static string Of(IReadOnlyList<Box> boxes, IReadOnlyList<Axis> axes, BoundContract joint, int maxBoxes = 3)
        {
            if (boxes.Count == 0) return "nowhere";
            var parts = boxes.Take(maxBoxes).Select(b => Box(b, axes, joint)).ToList();
            string text = parts.Count == 1 ? parts[0] : string.Join(" or ", parts.Select(p => p.Contains(" and ") ? "(" + p + ")" : p));
            if (boxes.Count > maxBoxes) text += $" or … ({boxes.Count - maxBoxes} more)";
            return text;
        }

        public static string Box(Box box, IReadOnlyList<Axis> axes, BoundContract joint)
        {
            if (box.Constrained.Length == 0) return "every sample";
            return string.Join(" and ", box.Constrained.Select((i, k) => Set(axes[i], box.Values[k], joint)));
        }

        public static string Set(Axis axis, IntervalSet set, BoundContract joint)
        {
            switch (axis.Kind)
            {
                case AxisKind.Flag:
                    return set.Contains(1) ? (set.Contains(0) ? "any " + axis.Name : axis.Name) : "not " + axis.Name;
                case AxisKind.Category:
                {
                    var names = joint.Signals[axis.Signal].Categories;
                    var values = new List<string>();
                    for (int p = 0; p < set.Count; p++)
                        for (int v = set.Lo(p); v <= set.Hi(p); v++) values.Add(v >= 0 && v < names.Length ? names[v] : "#" + v);
                    return values.Count == 1 ? axis.Name + " == " + values[0] : axis.Name + " in { " + string.Join(", ", values) + " }";
                }
                default:
                {
                    var pieces = new List<string>();
                    for (int p = 0; p < set.Count; p++) pieces.Add(Piece(axis, set.Lo(p), set.Hi(p)));
                    return pieces.Count == 1 ? pieces[0] : "(" + string.Join(" or ", pieces) + ")";
                }
            }
        }

        private static string Piece(Axis axis, int lo, int hi)
        {
            if (hi >= FloatKey.NaN && lo >= FloatKey.NaN) return axis.Name + " is NaN";
            hi = System.Math.Min(hi, FloatKey.PositiveInfinity);
            if (lo == hi) return axis.Name + " == " + Sample.FormatFloat(FloatKey.ToFloat(lo));
            int domainLo = axis.Domain.IsEmpty ? FloatKey.NegativeInfinity : axis.Domain.Min;
            int domainHi = axis.Domain.IsEmpty ? FloatKey.PositiveInfinity : System.Math.Min(axis.Domain.Max, FloatKey.PositiveInfinity);
            var bounds = new List<string>();
            if (lo > domainLo) bounds.Add(Lower(axis, lo));
            if (hi < domainHi) bounds.Add(Upper(axis, hi));
            if (bounds.Count == 0) return "any " + axis.Name;
            return string.Join(" and ", bounds);
        }

        // x >= v (v = lo), or x > u where u is the value just below lo when u is shorter to write
        private static string Lower(Axis axis, int lo)
        {
            float at = FloatKey.ToFloat(lo);
            if (axis.Integral) return axis.Name + " >= " + Sample.FormatFloat(at);
            float below = FloatKey.ToFloat(lo - 1);
            string inclusive = Sample.FormatFloat(at), exclusive = Sample.FormatFloat(below);
            return exclusive.Length < inclusive.Length ? axis.Name + " > " + exclusive : axis.Name + " >= " + inclusive;
        }

        private static string Upper(Axis axis, int hi)
        {
            float at = FloatKey.ToFloat(hi);
            if (axis.Integral) return axis.Name + " <= " + Sample.FormatFloat(at);
            float above = FloatKey.ToFloat(hi + 1);
            string inclusive = Sample.FormatFloat(at), exclusive = Sample.FormatFloat(above);
            return exclusive.Length < inclusive.Length ? axis.Name + " < " + exclusive : axis.Name + " <= " + inclusive;
        }
    }
}
