namespace Nexmark;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood): a tiny PRNG whose output depends only on its 64-bit state,
/// written out here so that generated events are the same on every machine and .NET version
/// (System.Random's algorithm is not a compatibility promise). A mutable struct: pass it by ref.
/// </summary>
public struct SplitMix64
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    private ulong _state;

    public SplitMix64(ulong state) => _state = state;

    /// <summary>A generator for one (seed, id, stream) triple: each event draws from its own stream.</summary>
    public static SplitMix64 For(ulong seed, long id, ulong stream) =>
        new(Mix(Mix(seed ^ stream * Golden) + (ulong)id));

    public ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, n), by multiply-shift (no modulo bias worth measuring).</summary>
    public int NextInt(int n) => (int)((NextUInt64() >> 32) * (ulong)n >> 32);

    /// <summary>Uniform in [0, n) for n > 0.</summary>
    public long NextLong(long n) => (long)Math.BigMul(NextUInt64(), (ulong)n, out _);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
