using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace RewardModelTraining
{
    /// <summary>
    /// Hashed bag-of-words features of an action in its context — what the reward model sees instead of the rule
    /// annotations the contract reads. No vocabulary and no download: words (letters or digits, lower case) and the
    /// action's word pairs are hashed (FNV-1a, 32 bit) into fixed buckets; each field's presence vector is scaled to
    /// unit length. Layout: <see cref="ActionBuckets"/> for the action's words and word pairs ("do not", "not kill"),
    /// then <see cref="ContextBuckets"/> for the context's words.
    /// </summary>
    public static class TextFeatures
    {
        public const int ActionBuckets = 2048;
        public const int ContextBuckets = 1024;
        public const int Dimension = ActionBuckets + ContextBuckets;

        private static readonly Regex Word = new(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant);

        public static IReadOnlyList<string> Words(string text)
        {
            var words = new List<string>();
            foreach (Match m in Word.Matches(text.ToLowerInvariant())) words.Add(m.Value);
            return words;
        }

        /// <summary>Writes the features of <paramref name="action"/> in <paramref name="context"/> into <paramref name="into"/> (length <see cref="Dimension"/>).</summary>
        public static void Write(string action, string context, Span<float> into)
        {
            if (into.Length != Dimension) throw new ArgumentException($"{into.Length} values; the features have {Dimension}", nameof(into));
            into.Clear();
            var words = Words(action);
            var actionTokens = new List<string>(words);
            for (int i = 0; i + 1 < words.Count; i++) actionTokens.Add(words[i] + " " + words[i + 1]);
            Field(actionTokens, into.Slice(0, ActionBuckets));
            Field(Words(context), into.Slice(ActionBuckets, ContextBuckets));
        }

        private static void Field(IReadOnlyList<string> tokens, Span<float> buckets)
        {
            foreach (string token in tokens) buckets[(int)(Fnv1a(token) % (uint)buckets.Length)] = 1;
            int set = 0;
            foreach (float b in buckets) if (b != 0) set++;
            if (set == 0) return;
            float scale = 1 / MathF.Sqrt(set);
            for (int k = 0; k < buckets.Length; k++) buckets[k] *= scale;
        }

        /// <summary>FNV-1a over the UTF-16 code units: stable across runs and platforms (string.GetHashCode is randomised per process).</summary>
        public static uint Fnv1a(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash ^= c;
                hash *= 16777619;
            }
            return hash;
        }
    }
}
