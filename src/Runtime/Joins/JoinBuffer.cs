using System.Runtime.CompilerServices;

namespace CompiledFlow;

/// <summary>
/// The buffered records of one side of an <see cref="IntervalJoinOperator{TKey, TLeft, TRight, TOut, TFunction}"/>:
/// an array of nodes (key, record, time, previous, next) shared by every key, threaded into one
/// doubly linked <see cref="RecordChain"/> per key in arrival order, with a free list of removed nodes.
/// <para>
/// Lifecycle: a node is taken (from the free list, else from the end of the array) when a record
/// is buffered, and given back when the watermark makes the record useless, in any order: the
/// links make unlinking O(1) wherever the node is in its key's chain, and the node keeps its key
/// so that the operator can find the chain. The array only grows; freed nodes are reused first, so
/// after warm-up buffering allocates nothing. Invariants: nodes <c>0 .. high-water - 1</c> are
/// either on exactly one key chain or on the free list (linked through <see cref="Node.Next"/>);
/// <see cref="Live"/> counts the former. A mutable struct: keep it in a field and call it through the field.
/// </para>
/// </summary>
/// <typeparam name="TKey">The join key.</typeparam>
/// <typeparam name="T">The record.</typeparam>
internal struct JoinBuffer<TKey, T>
{
    private const int None = -1;

    private Node[] _nodes;
    private int _highWater;
    private int _free;
    private int _live;

    /// <summary>Creates a buffer with room for <paramref name="capacity"/> records before it grows.</summary>
    public JoinBuffer(int capacity)
    {
        _nodes = new Node[capacity];
        _highWater = 0;
        _free = None;
        _live = 0;
    }

    /// <summary>The records buffered.</summary>
    public readonly int Live => _live;

    /// <summary>The node array, for the operator's loops over a chain; valid until the next <see cref="Append"/>.</summary>
    public readonly Node[] Nodes => _nodes;

    /// <summary>The bytes of one node.</summary>
    public static int NodeBytes => Unsafe.SizeOf<Node>();

    /// <summary>The bytes of the node array (its capacity).</summary>
    public readonly long Bytes => (long)_nodes.Length * Unsafe.SizeOf<Node>();

    /// <summary>Buffers a record at the end of its key's <paramref name="chain"/>.</summary>
    /// <returns>The record's node.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Append(in TKey key, in T value, long time, ref RecordChain chain)
    {
        int index = _free;
        if (index != None)
        {
            _free = _nodes[index].Next;
        }
        else
        {
            if (_highWater == _nodes.Length)
            {
                Grow();
            }
            index = _highWater++;
        }

        Node[] nodes = _nodes;
        ref Node node = ref nodes[index];
        node.Key = key;
        node.Value = value;
        node.Time = time;
        node.Next = None;
        if (chain.Count == 0)
        {
            node.Prev = None;
            chain.Head = index;
        }
        else
        {
            node.Prev = chain.Tail;
            nodes[chain.Tail].Next = index;
        }
        chain.Tail = index;
        chain.Count++;
        _live++;
        return index;
    }

    /// <summary>Unlinks node <paramref name="index"/> from its key's <paramref name="chain"/> and frees it.</summary>
    public void Remove(int index, ref RecordChain chain)
    {
        Node[] nodes = _nodes;
        ref Node node = ref nodes[index];
        if (node.Prev == None)
        {
            chain.Head = node.Next;
        }
        else
        {
            nodes[node.Prev].Next = node.Next;
        }
        if (node.Next == None)
        {
            chain.Tail = node.Prev;
        }
        else
        {
            nodes[node.Next].Prev = node.Prev;
        }
        chain.Count--;
        Free(index);
    }

    /// <summary>Frees node <paramref name="index"/> without unlinking it: for the last record of a chain that is dropped with it.</summary>
    public void Free(int index)
    {
        ref Node node = ref _nodes[index];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>())
        {
            node.Key = default!;
        }
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            node.Value = default!;
        }
        node.Next = _free;
        _free = index;
        _live--;
    }

    /// <summary>
    /// Copies the records of <paramref name="chain"/> and their times, in arrival order, to the
    /// start of <paramref name="values"/> and <paramref name="times"/> (a snapshot).
    /// </summary>
    /// <returns>The number of records copied.</returns>
    public readonly int CopyTo(in RecordChain chain, Span<T> values, Span<long> times)
    {
        int count = chain.Count;
        Node[] nodes = _nodes;
        int node = chain.Head;
        for (int i = 0; i < count; i++)
        {
            ref Node current = ref nodes[node];
            values[i] = current.Value;
            times[i] = current.Time;
            node = current.Next;
        }
        return count;
    }

    /// <summary>Frees every node at once, keeping the array.</summary>
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<Node>())
        {
            Array.Clear(_nodes, 0, _highWater);
        }
        _highWater = 0;
        _free = None;
        _live = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _nodes, Math.Max(16, _nodes.Length * 2));

    /// <summary>One buffered record, or a free node (then only <see cref="Next"/> means something).</summary>
    internal struct Node
    {
        /// <summary>The record's key: finds its chain when the node is removed.</summary>
        public TKey Key;

        /// <summary>The record.</summary>
        public T Value;

        /// <summary>The record's event time in ms.</summary>
        public long Time;

        /// <summary>The previous (older) record of the key on this side, or -1.</summary>
        public int Prev;

        /// <summary>The next (newer) record of the key on this side, or -1; on the free list, the next free node.</summary>
        public int Next;
    }
}
