using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// The part of a contract with binding errors that can still be analysed, so that one build shows every problem
    /// of a file (brief §5): the norms that bound cleanly — whose conditions and amounts read no placeholder and no
    /// let with an error — with the preferences among them, except those inside a preference cycle. Norms are renumbered; messages name norms and point at
    /// their own spans, so findings stay correct. What depends on the parts that did not bind (the reward's range,
    /// levers, unused declarations, gaps of a concern that lost a norm) is not analysed.
    /// </summary>
    internal static class PartialContract
    {
        public sealed record Result(BoundContract Contract, HashSet<string> IncompleteConcerns);

        public static Result Of(BoundContract contract)
        {
            var badLets = new bool[contract.Lets.Length];
            foreach (var let in contract.Lets)
                badLets[let.Index] = let.HasErrors || ReadsBadLet(let.Value, badLets);

            var keep = contract.Norms.Where(n => !n.HasErrors && !ReadsBadLet(n.Amount, badLets) && !ReadsBadLet(n.Context, badLets) && !ReadsBadLet(n.Guard, badLets)).ToList();
            var incomplete = new HashSet<string>(contract.Norms.Except(keep).Select(n => n.Concern));
            var renumber = new Dictionary<int, int>();
            for (int i = 0; i < keep.Count; i++) renumber[keep[i].Index] = i;
            var norms = keep.Select((n, i) => n with { Index = i }).ToEquatableArray();
            var preferences = contract.Preferences
                .Where(p => renumber.ContainsKey(p.Preferred) && renumber.ContainsKey(p.Over))
                .Select(p => p with { Preferred = renumber[p.Preferred], Over = renumber[p.Over] })
                .ToEquatableArray();
            var order = PreferenceOrder.Close(norms.Length, preferences.Select(p => (p.Preferred, p.Over)));
            if (order.Cycles.Count > 0)
            {
                // Preferences inside a cycle (CDSL3004) say nothing about which norm wins; left in, a cycle of k norms
                // makes every member dominated by the other k - 1 (k² facts for k in the thousands).
                var cyclic = order;
                preferences = preferences.Where(p => !(cyclic.Dominates(p.Preferred, p.Over) && cyclic.Dominates(p.Over, p.Preferred))).ToEquatableArray();
                order = PreferenceOrder.Close(norms.Length, preferences.Select(p => (p.Preferred, p.Over)));
            }
            var uncertainty = contract.Uncertainty.Where(u => u.Guard == null || !HasInvalid(u.Guard) && !ReadsBadLet(u.Guard, badLets)).ToEquatableArray();
            var welfare = contract.Welfare is { Category: >= 0 } w ? w : null;
            var partial = contract with
            {
                Norms = norms,
                Preferences = preferences,
                Order = order,
                Uncertainty = uncertainty,
                Welfare = welfare,
                Reward = contract.RewardHasErrors ? new BoundConstant(0) : contract.Reward,
            };
            return new Result(partial, incomplete);
        }

        private static bool ReadsBadLet(BoundExpression? e, bool[] badLets)
        {
            if (e == null) return false;
            var stack = new Stack<BoundExpression>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case BoundLetValue l when l.Let < badLets.Length && badLets[l.Let]: return true;
                    case BoundNegate n: stack.Push(n.Operand); break;
                    case BoundBinary b: stack.Push(b.Left); stack.Push(b.Right); break;
                    case BoundCall c: foreach (var a in c.Arguments) stack.Push(a); break;
                }
            }
            return false;
        }

        private static bool ReadsBadLet(BoundGuard? g, bool[] badLets) => Uses.Comparisons(g).Any(c => ReadsBadLet(c.Subject, badLets));

        private static bool HasInvalid(BoundGuard g)
        {
            var stack = new Stack<BoundGuard>();
            stack.Push(g);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case BoundInvalidGuard: return true;
                    case BoundAnd a: stack.Push(a.Left); stack.Push(a.Right); break;
                    case BoundOr o: stack.Push(o.Left); stack.Push(o.Right); break;
                    case BoundNot n: stack.Push(n.Operand); break;
                }
            }
            return false;
        }
    }
}
