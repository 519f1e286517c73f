// netstandard2.0 lacks the types that C# records and init-only setters compile against.
// Declaring them internally is the documented way to use those language features down-level.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
