using System.Runtime.CompilerServices;

namespace Nexmark.Queries;

/// <summary>
/// A window accumulator for "the records with the highest score, every one tied for it": Q5's hottest
/// auctions (score: bid count) and Q7's highest bids (score: price). The default value is empty.
/// <para>
/// The first record with the highest score is held inline; the others tied with it go to a list
/// allocated only on the first tie, so a window without ties allocates nothing. A higher score drops
/// the list rather than clearing it, and <see cref="Merge"/> copies the other accumulator's list,
/// never shares it. A copy of the accumulator (the <c>Value</c> of a fired <c>WindowResult</c>)
/// shares its list with the window's state; windows without allowed lateness never change a state
/// after it fired, so the copy a downstream stage receives does not change under it.
/// </para>
/// </summary>
/// <typeparam name="T">The records kept.</typeparam>
public struct MaxTies<T>
{
    private long _max;
    private int _count;
    private T _first;
    private List<T>? _others;

    /// <summary>How many records are tied for the highest score; 0 when empty.</summary>
    public readonly int Count => _count;

    /// <summary>The highest score; meaningful only when <see cref="Count"/> is positive.</summary>
    public readonly long Max => _max;

    /// <summary>Offers one record with its score: it replaces the kept ones if higher, joins them if equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long score, in T record)
    {
        if (_count == 0 || score > _max)
        {
            _max = score;
            _first = record;
            _others = null;
            _count = 1;
        }
        else if (score == _max)
        {
            AddTie(in record);
        }
    }

    /// <summary>Folds in another accumulator, as if its records had been offered here.</summary>
    public void Merge(in MaxTies<T> other)
    {
        if (other._count == 0 || (_count > 0 && other._max < _max))
        {
            return;
        }

        if (_count == 0 || other._max > _max)
        {
            _max = other._max;
            _first = other._first;
            _others = other._others is null ? null : new List<T>(other._others);
            _count = other._count;
            return;
        }

        AddTie(in other._first);
        if (other._others is not null)
        {
            _others!.AddRange(other._others);
            _count += other._others.Count;
        }
    }

    /// <summary>The records tied for the highest score, in no particular order; allocates nothing.</summary>
    public readonly Enumerator GetEnumerator() => new(this);

    private void AddTie(in T record)
    {
        (_others ??= []).Add(record);
        _count++;
    }

    /// <summary>Enumerates the kept records: the inline one, then the list.</summary>
    public struct Enumerator
    {
        private readonly MaxTies<T> _ties;
        private int _index;

        internal Enumerator(in MaxTies<T> ties)
        {
            _ties = ties;
            _index = -1;
        }

        public readonly T Current => _index == 0 ? _ties._first : _ties._others![_index - 1];

        public bool MoveNext() => ++_index < _ties._count;
    }
}
