namespace ContractDsl.Collections
{
    /// <summary>
    /// An object reused across calls through a field (an instance's, or a thread's): taken out of the field while in use,
    /// so that a nested call finds the field empty and makes its own, and a call that threw never puts back an object left
    /// half-used.
    /// </summary>
    internal static class Slot
    {
        /// <summary>The object kept in <paramref name="slot"/>, or a new one; the slot is left empty.</summary>
        public static T Take<T>(ref T? slot) where T : class, new()
        {
            var item = slot ?? new T();
            slot = null;
            return item;
        }
    }
}
