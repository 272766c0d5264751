using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledFlow;

/// <summary>
/// The keyed state of one subtask: a hash table from key to a value (an accumulator, a session
/// head, a process function's state) with no object per entry.
/// <para>
/// Layout. Keys and values live densely in one array of (key, value) pairs, side by side so a
/// lookup reads one cache line, at positions <c>0 .. Count - 1</c> in the order they were added. An index of 8-byte slots
/// (the key's hash and its position + 1; 0 marks an empty slot) finds them by open addressing with
/// linear probing. The index has a power-of-two capacity and is at most 3/4 full: the dense array
/// holds exactly 3/4 of the index capacity, and when they are full the index doubles (rehashed from
/// the stored hashes, without touching a key) and the dense array grows to match.
/// </para>
/// <para>
/// Invariants. Every key in <c>0 .. Count - 1</c> has exactly one slot, reachable from its home
/// slot (<c>hash &amp; mask</c>) without crossing an empty slot. <see cref="Remove"/> keeps this
/// with backward-shift deletion (no tombstones, so lookups never slow down with churn) and fills
/// the hole in the dense array with the last entry. Hence enumeration order, which is dense order,
/// is insertion order as long as nothing was removed, and is deterministic for a given sequence
/// of operations in any case: hashes come from <see cref="KeyHash"/>, which is stable across
/// processes, and equality from <see cref="EqualityComparer{T}.Default"/>.
/// </para>
/// <para>
/// Lifecycle. A table only grows; <see cref="Clear"/> forgets the entries but keeps the arrays,
/// so a window operator can pool cleared tables and reuse them without allocating. A reference
/// returned by <see cref="GetValueRefOrAddDefault"/> or <see cref="GetValueRefOrNullRef"/> is valid
/// until the next add of a new key, <see cref="Remove"/> or <see cref="Clear"/>. Not thread-safe:
/// a table belongs to one subtask.
/// </para>
/// </summary>
/// <typeparam name="TKey">The key; compared with <see cref="EqualityComparer{T}.Default"/>.</typeparam>
/// <typeparam name="TValue">The value stored per key; unmanaged structs are the fast path.</typeparam>
public sealed class KeyedStateTable<TKey, TValue> : IPaneState
    where TKey : notnull
{
    private const int MinimumCapacity = 8;

    /// <summary>The index: power-of-two length, at most 3/4 occupied.</summary>
    private Slot[] _slots;

    /// <summary>Keys in insertion order at 0 .. <see cref="_count"/> - 1; length is 3/4 of the index.</summary>
    private Pair[] _entries;


    private int _count;

    /// <summary>Changes whenever a key is added or removed; enumerators check it.</summary>
    private int _version;

    /// <summary>Creates an empty table of the smallest capacity.</summary>
    public KeyedStateTable()
        : this(0)
    {
    }

    /// <summary>Creates an empty table with room for <paramref name="capacity"/> keys before it grows.</summary>
    /// <param name="capacity">Keys the table holds without growing; rounded up so that the index stays at most 3/4 full.</param>
    public KeyedStateTable(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        int slots = MinimumCapacity;
        while (slots / 4 * 3 < capacity)
        {
            slots = checked(slots * 2);
        }
        _slots = new Slot[slots];
        _entries = new Pair[slots / 4 * 3];
    }

    /// <summary>The number of keys in the table.</summary>
    public int Count => _count;

    /// <summary>The number of keys the table holds before it grows (3/4 of the index capacity).</summary>
    public int Capacity => _entries.Length;

    /// <summary>
    /// The bytes of the table's arrays: 8 per index slot plus the size of a key and of a value per
    /// dense entry. For reference-type keys or values this counts the references, not the objects
    /// they point to; array headers are left out.
    /// </summary>
    public long EstimatedBytes =>
        (long)_slots.Length * Unsafe.SizeOf<Slot>()
        + (long)_entries.Length * Unsafe.SizeOf<Pair>();

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/>, adding the key with a
    /// <see langword="default"/> value first if it is not in the table (like
    /// <see cref="CollectionsMarshal.GetValueRefOrAddDefault{TKey, TValue}(Dictionary{TKey, TValue}, TKey, out bool)"/>).
    /// </summary>
    /// <param name="key">The key to look up or add.</param>
    /// <param name="exists"><see langword="true"/> if the key was already in the table.</param>
    /// <returns>A reference to the value, valid until the next add of a new key, remove or clear.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetValueRefOrAddDefault(in TKey key, out bool exists)
    {
        int hash = KeyHash.Of(in key);
        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        int i = hash & mask;
        ref Slot first = ref MemoryMarshal.GetArrayDataReference(slots);
        while (true)
        {
            ref Slot slot = ref Unsafe.Add(ref first, i);
            int entry = slot.EntryPlusOne - 1;
            if (entry < 0)
            {
                break;
            }

            if (slot.Hash == hash && EqualityComparer<TKey>.Default.Equals(_entries[entry].Key, key))
            {
                exists = true;
                return ref _entries[entry].Value;
            }

            i = (i + 1) & mask;
        }

        exists = false;
        int index = _count;
        if (index == _entries.Length)
        {
            Grow();
            i = FindEmptySlot(hash);
        }

        ref Slot empty = ref _slots[i];
        empty.Hash = hash;
        empty.EntryPlusOne = index + 1;
        _entries[index].Key = key;
        ref TValue value = ref _entries[index].Value;
        value = default!;
        _count = index + 1;
        _version++;
        return ref value;
    }

    /// <summary>
    /// Returns a reference to the value of <paramref name="key"/>, or a null reference if the key
    /// is not in the table (test with <see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>).
    /// </summary>
    /// <param name="key">The key to look up.</param>
    /// <returns>A reference to the value, valid until the next add of a new key, remove or clear.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetValueRefOrNullRef(in TKey key)
    {
        int entry = FindEntry(in key, out _);
        if (entry < 0)
        {
            return ref Unsafe.NullRef<TValue>();
        }
        return ref _entries[entry].Value;
    }

    /// <summary>Whether <paramref name="key"/> is in the table.</summary>
    /// <param name="key">The key to look up.</param>
    /// <returns><see langword="true"/> if the table holds the key.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ContainsKey(in TKey key) => FindEntry(in key, out _) >= 0;

    /// <summary>Gets a copy of the value of <paramref name="key"/>.</summary>
    /// <param name="key">The key to look up.</param>
    /// <param name="value">The value, or <see langword="default"/> if the key is not in the table.</param>
    /// <returns><see langword="true"/> if the table holds the key.</returns>
    public bool TryGetValue(in TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        int entry = FindEntry(in key, out _);
        if (entry < 0)
        {
            value = default;
            return false;
        }
        value = _entries[entry].Value;
        return true;
    }

    /// <summary>
    /// Removes <paramref name="key"/> and its value. The index closes the gap by backward-shift
    /// deletion; the last entry of the dense arrays moves into the freed position, which changes
    /// the enumeration order of that one entry.
    /// </summary>
    /// <param name="key">The key to remove.</param>
    /// <returns><see langword="true"/> if the key was in the table.</returns>
    public bool Remove(in TKey key)
    {
        int entry = FindEntry(in key, out int slot);
        if (entry < 0)
        {
            return false;
        }

        DeleteSlot(slot);
        int last = _count - 1;
        if (entry != last)
        {
            // Move the last entry into the hole and repoint its slot.
            int lastSlot = FindSlotOfEntry(KeyHash.Of(in _entries[last].Key), last);
            _entries[entry] = _entries[last];
            _slots[lastSlot].EntryPlusOne = entry + 1;
        }

        if (RuntimeHelpers.IsReferenceOrContainsReferences<Pair>())
        {
            _entries[last] = default;
        }
        _count = last;
        _version++;
        return true;
    }

    long IPaneState.Bytes => EstimatedBytes;

    /// <summary>Removes every entry, keeping the arrays for reuse.</summary>
    public void Clear()
    {
        if (_count == 0)
        {
            return;
        }

        Array.Clear(_slots);
        if (RuntimeHelpers.IsReferenceOrContainsReferences<Pair>())
        {
            Array.Clear(_entries, 0, _count);
        }
        _count = 0;
        _version++;
    }

    /// <summary>
    /// Enumerates the entries in dense order: insertion order if nothing was removed. Adding or
    /// removing a key while enumerating throws; changing values through <see cref="Entry.Value"/> is fine.
    /// </summary>
    /// <returns>A struct enumerator over the entries.</returns>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>The key at dense position <paramref name="index"/> (0 .. Count - 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref readonly TKey KeyAt(int index) => ref _entries[index].Key;

    /// <summary>The value at dense position <paramref name="index"/> (0 .. Count - 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref TValue ValueAt(int index) => ref _entries[index].Value;

    /// <summary>
    /// Writes the keys, then the values, in dense order, each in the format of
    /// <see cref="StateWriter.WriteSpan{T}"/> (so <see cref="StateReader.ReadArray{T}"/> reads them
    /// back): a count, then the values. Unmanaged ones are gathered out of the pairs a chunk at a
    /// time and copied as bytes, so a table of a million keys is a few block copies.
    /// </summary>
    internal void WriteEntries(StateWriter state)
    {
        WriteKeys(state);
        WriteValues(state);
    }

    /// <summary>Writes the keys in dense order, as <see cref="WriteEntries"/> does.</summary>
    internal void WriteKeys(StateWriter state) => WriteColumn<TKey, KeyColumn>(state);

    private void WriteValues(StateWriter state) => WriteColumn<TValue, ValueColumn>(state);

    /// <summary>Writes one field of every pair (<typeparamref name="TColumn"/> picks it) in dense order.</summary>
    private void WriteColumn<T, TColumn>(StateWriter state)
        where TColumn : struct, IColumn<T>
    {
        state.WriteInt32(_count);
        if (!StateCodec<T>.IsUnmanaged)
        {
            for (int i = 0; i < _count; i++)
            {
                state.Write(TColumn.Of(in _entries[i]));
            }
            return;
        }

        T[] chunk = ArrayPool<T>.Shared.Rent(ChunkLength<T>());
        for (int done = 0; done < _count; done += chunk.Length)
        {
            ReadOnlySpan<Pair> source = _entries.AsSpan(done, Math.Min(chunk.Length, _count - done));
            Span<T> target = chunk.AsSpan(0, source.Length);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = TColumn.Of(in source[i]);
            }
            state.WriteBytes(StateCodec<T>.AsBytes(target));
        }
        ArrayPool<T>.Shared.Return(chunk);
    }

    /// <summary>Values per gathered chunk: about 64 KiB of them.</summary>
    private static int ChunkLength<T>() => Math.Max(1, (64 << 10) / Unsafe.SizeOf<T>());

    /// <summary>The dense position of <paramref name="key"/>, or -1; <paramref name="slot"/> is its index slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindEntry(in TKey key, out int slot)
    {
        int hash = KeyHash.Of(in key);
        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        int i = hash & mask;
        ref Slot first = ref MemoryMarshal.GetArrayDataReference(slots);
        while (true)
        {
            ref Slot s = ref Unsafe.Add(ref first, i);
            int entry = s.EntryPlusOne - 1;
            if (entry < 0)
            {
                slot = -1;
                return -1;
            }

            if (s.Hash == hash && EqualityComparer<TKey>.Default.Equals(_entries[entry].Key, key))
            {
                slot = i;
                return entry;
            }

            i = (i + 1) & mask;
        }
    }

    private int FindEmptySlot(int hash)
    {
        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        int i = hash & mask;
        while (slots[i].EntryPlusOne != 0)
        {
            i = (i + 1) & mask;
        }
        return i;
    }

    private int FindSlotOfEntry(int hash, int entry)
    {
        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        int i = hash & mask;
        while (slots[i].EntryPlusOne != entry + 1)
        {
            i = (i + 1) & mask;
        }
        return i;
    }

    /// <summary>
    /// Empties slot <paramref name="hole"/> and shifts back the following slots of the cluster
    /// whose home is not in the cyclic range (hole, position], so that every key stays reachable.
    /// </summary>
    private void DeleteSlot(int hole)
    {
        Slot[] slots = _slots;
        int mask = slots.Length - 1;
        int j = hole;
        while (true)
        {
            j = (j + 1) & mask;
            ref Slot candidate = ref slots[j];
            if (candidate.EntryPlusOne == 0)
            {
                break;
            }

            int home = candidate.Hash & mask;
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                slots[hole] = candidate;
                hole = j;
            }
        }
        slots[hole] = default;
    }

    /// <summary>Doubles the index (rehashing from the stored hashes) and grows the dense arrays to 3/4 of it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        Slot[] old = _slots;
        var slots = new Slot[checked(old.Length * 2)];
        int mask = slots.Length - 1;
        foreach (Slot slot in old)
        {
            if (slot.EntryPlusOne != 0)
            {
                int i = slot.Hash & mask;
                while (slots[i].EntryPlusOne != 0)
                {
                    i = (i + 1) & mask;
                }
                slots[i] = slot;
            }
        }

        int dense = slots.Length / 4 * 3;
        Array.Resize(ref _entries, dense);
        _slots = slots;
    }

    [DoesNotReturn]
    private static void ThrowModified() =>
        throw new InvalidOperationException("A KeyedStateTable was changed (a key added or removed) while it was being enumerated.");

    /// <summary>A key and its value side by side: a lookup reads one cache line, not two arrays.</summary>
    private struct Pair
    {
        public TKey Key;
        public TValue Value;
    }

    /// <summary>Picks one field of a pair, for <see cref="WriteColumn{T, TColumn}"/> (a struct, so each column's loop is compiled on its own).</summary>
    private interface IColumn<T>
    {
        static abstract T Of(in Pair pair);
    }

    private readonly struct KeyColumn : IColumn<TKey>
    {
        public static TKey Of(in Pair pair) => pair.Key;
    }

    private readonly struct ValueColumn : IColumn<TValue>
    {
        public static TValue Of(in Pair pair) => pair.Value;
    }

    /// <summary>One index slot: the key's hash and its dense position + 1 (0 = empty).</summary>
    private struct Slot
    {
        public int Hash;
        public int EntryPlusOne;
    }

    /// <summary>One entry seen by the enumerator: the key and a reference to its value.</summary>
    public readonly ref struct Entry
    {
        private readonly ref readonly TKey _key;
        private readonly ref TValue _value;

        internal Entry(ref readonly TKey key, ref TValue value)
        {
            _key = ref key;
            _value = ref value;
        }

        /// <summary>The key.</summary>
        public ref readonly TKey Key => ref _key;

        /// <summary>A reference to the key's value in the table.</summary>
        public ref TValue Value => ref _value;
    }

    /// <summary>Enumerates a table's entries in dense order without allocating.</summary>
    public struct Enumerator
    {
        private readonly KeyedStateTable<TKey, TValue> _table;
        private readonly int _version;
        private int _index;

        internal Enumerator(KeyedStateTable<TKey, TValue> table)
        {
            _table = table;
            _version = table._version;
            _index = -1;
        }

        /// <summary>The current entry.</summary>
        public readonly Entry Current => new(ref _table._entries[_index].Key, ref _table._entries[_index].Value);

        /// <summary>Moves to the next entry.</summary>
        /// <returns><see langword="false"/> after the last entry.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (_version != _table._version)
            {
                ThrowModified();
            }
            return ++_index < _table._count;
        }
    }
}
