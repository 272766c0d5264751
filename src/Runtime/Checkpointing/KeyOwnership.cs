using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// Which keys a subtask owns: those that <see cref="KeyHash.Partition{TKey}"/> routes to it. On
/// restore every subtask reads the state of every subtask of the previous run and keeps the
/// entries of the keys it owns now, so a job restores at any parallelism.
/// </summary>
public readonly struct KeyOwnership
{
    /// <summary>Owns the keys of subtask <paramref name="subtask"/> of <paramref name="parallelism"/>.</summary>
    public KeyOwnership(int subtask, int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtask, parallelism);
        Subtask = subtask;
        Parallelism = parallelism;
    }

    /// <summary>Owns every key (parallelism 1).</summary>
    public static KeyOwnership All => new(0, 1);

    /// <summary>The subtask's index.</summary>
    public int Subtask { get; }

    /// <summary>The number of subtasks.</summary>
    public int Parallelism { get; }

    /// <summary>True when <paramref name="key"/> belongs to this subtask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Owns<TKey>(in TKey key) => Parallelism <= 1 || KeyHash.Partition(key, Parallelism) == Subtask;
}
