using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledFlow;

/// <summary>Bit-level questions about a state value, asked without boxing it or calling its <c>Equals</c>.</summary>
internal static class StateBits
{
    /// <summary>
    /// Whether every byte of <paramref name="value"/> is zero: a value nobody wrote to. Cheaper and
    /// stricter than <c>EqualityComparer.Default.Equals(value, default)</c>, which for a struct with
    /// reference fields and no <see cref="IEquatable{T}"/> compares field by field through reflection,
    /// boxing each one. Reading the bits of a reference is safe; only zero (null) is asked of it.
    /// </summary>
    public static bool IsZero<T>(ref T value)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref value), Unsafe.SizeOf<T>());
        return !bytes.ContainsAnyExcept((byte)0);
    }
}
