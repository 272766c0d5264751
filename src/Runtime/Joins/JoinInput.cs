using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// One record of either side of a join on its way to the join's subtask. Both sides of a join go
/// through one exchange (keyed by the join key), so each record travels as this union: a flag and
/// the record of its side; the other side's field is <see langword="default"/>. A struct with
/// both fields, not an overlapping layout, because the sides may hold references.
/// </summary>
/// <typeparam name="TLeft">The record of the left (first) input.</typeparam>
/// <typeparam name="TRight">The record of the right (second) input.</typeparam>
public readonly struct JoinInput<TLeft, TRight>
{
    /// <summary><see langword="true"/> for a record of the left input, <see langword="false"/> for one of the right input.</summary>
    public readonly bool IsLeft;

    /// <summary>The left record when <see cref="IsLeft"/>; otherwise <see langword="default"/>.</summary>
    public readonly TLeft Left;

    /// <summary>The right record when not <see cref="IsLeft"/>; otherwise <see langword="default"/>.</summary>
    public readonly TRight Right;

    private JoinInput(bool isLeft, in TLeft left, in TRight right)
    {
        IsLeft = isLeft;
        Left = left;
        Right = right;
    }

    /// <summary>Wraps a record of the left input.</summary>
    /// <param name="left">The record.</param>
    /// <returns>The record as a left join input.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JoinInput<TLeft, TRight> FromLeft(in TLeft left) => new(true, in left, default!);

    /// <summary>Wraps a record of the right input.</summary>
    /// <param name="right">The record.</param>
    /// <returns>The record as a right join input.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JoinInput<TLeft, TRight> FromRight(in TRight right) => new(false, default!, in right);

    /// <inheritdoc />
    public override string ToString() => IsLeft ? $"Left({Left})" : $"Right({Right})";
}
