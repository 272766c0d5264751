using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The records of one side of one window of a <see cref="WindowCoGroupOperator{TKey, TLeft, TRight, TOut, TFunction}"/>:
/// an array of nodes (record, next) that only grows by appending, threaded into one
/// <see cref="RecordChain"/> per key in arrival order.
/// <para>
/// Lifecycle: the window's records are appended while it is open; nothing is removed one by
/// one, because a window's records all leave together when it is purged: <see cref="Clear"/>
/// then forgets them in O(1) (O(records) when <typeparamref name="T"/> holds references, which are
/// cleared so the GC can collect them) and keeps the array for the next window. Invariant: nodes
/// <c>0 .. Count - 1</c> are in use, each on exactly one chain. A mutable struct: keep it in a
/// field and call it through the field.
/// </para>
/// </summary>
/// <typeparam name="T">The record.</typeparam>
internal struct AppendArena<T>
{
    private Node[] _nodes;
    private int _count;

    /// <summary>Creates an arena with room for <paramref name="capacity"/> records.</summary>
    public AppendArena(int capacity)
    {
        _nodes = capacity == 0 ? [] : new Node[capacity];
        _count = 0;
    }

    /// <summary>The records held.</summary>
    public readonly int Count => _count;

    /// <summary>The bytes of the node array (its capacity, not only the nodes in use).</summary>
    public readonly long Bytes => (long)_nodes.Length * Unsafe.SizeOf<Node>();

    /// <summary>Appends <paramref name="value"/> to the end of <paramref name="chain"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(in T value, ref RecordChain chain)
    {
        int index = _count;
        if (index == _nodes.Length)
        {
            Grow();
        }
        Node[] nodes = _nodes;
        nodes[index].Value = value;
        nodes[index].Next = -1;
        if (chain.Count == 0)
        {
            chain.Head = index;
        }
        else
        {
            nodes[chain.Tail].Next = index;
        }
        chain.Tail = index;
        chain.Count++;
        _count = index + 1;
    }

    /// <summary>
    /// Copies the records of <paramref name="chain"/>, in arrival order, to the start of
    /// <paramref name="scratch"/>, first growing it (see <see cref="ScratchBuffer"/>) if it is too short.
    /// </summary>
    /// <returns>The number of records copied.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int CopyTo(in RecordChain chain, ref T[] scratch)
    {
        int count = chain.Count;
        if (count > scratch.Length)
        {
            ScratchBuffer.Grow(ref scratch, count);
        }
        Node[] nodes = _nodes;
        int node = chain.Head;
        for (int i = 0; i < count; i++)
        {
            scratch[i] = nodes[node].Value;
            node = nodes[node].Next;
        }
        return count;
    }

    /// <summary>Copies the records of <paramref name="chain"/>, in arrival order, to the start of <paramref name="destination"/> (a snapshot).</summary>
    /// <returns>The number of records copied.</returns>
    public readonly int CopyTo(in RecordChain chain, Span<T> destination)
    {
        int count = chain.Count;
        Node[] nodes = _nodes;
        int node = chain.Head;
        for (int i = 0; i < count; i++)
        {
            destination[i] = nodes[node].Value;
            node = nodes[node].Next;
        }
        return count;
    }

    /// <summary>Forgets every record, keeping the array.</summary>
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_nodes, 0, _count);
        }
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _nodes, Math.Max(16, _nodes.Length * 2));

    private struct Node
    {
        public T Value;

        /// <summary>The next record of the same key and side, or -1.</summary>
        public int Next;
    }
}
