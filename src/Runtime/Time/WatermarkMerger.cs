namespace CompiledFlow;

/// <summary>
/// The watermark of an operator with several inputs: the minimum of the inputs' watermarks, as in
/// Flink. An input that has ended counts as <see cref="long.MaxValue"/>; an input marked idle is left
/// out of the minimum until it sends a watermark again, so one quiet split does not hold back
/// every window. Not thread-safe: one subtask owns it.
/// </summary>
public sealed class WatermarkMerger
{
    private readonly long[] _watermarks;
    private readonly bool[] _idle;
    private readonly bool[] _ended;
    private int _endedCount;

    /// <summary>Creates a merger over <paramref name="inputs"/> inputs, all starting at <see cref="long.MinValue"/>.</summary>
    public WatermarkMerger(int inputs)
    {
        _watermarks = new long[inputs];
        _idle = new bool[inputs];
        _ended = new bool[inputs];
        Array.Fill(_watermarks, long.MinValue);
        Current = long.MinValue;
    }

    /// <summary>The merged watermark.</summary>
    public long Current { get; private set; }

    /// <summary>True when every input has ended.</summary>
    public bool AllEnded => _endedCount == _watermarks.Length;

    /// <summary>Inputs that have not ended.</summary>
    public int Running => _watermarks.Length - _endedCount;

    /// <summary>Starts a restored subtask at the watermark it had when its state was saved, for every input.</summary>
    public void Restore(long watermark)
    {
        Array.Fill(_watermarks, watermark);
        Current = watermark;
    }

    /// <summary>Records input <paramref name="input"/>'s watermark; true when the merged watermark advanced.</summary>
    public bool Update(int input, long watermark)
    {
        _idle[input] = false;
        if (watermark > _watermarks[input])
        {
            _watermarks[input] = watermark;
        }

        return Recompute();
    }

    /// <summary>Leaves input <paramref name="input"/> out of the minimum until its next watermark; true when the merged watermark advanced.</summary>
    public bool MarkIdle(int input)
    {
        _idle[input] = true;
        return Recompute();
    }

    /// <summary>Records that input <paramref name="input"/> ended; true when the merged watermark advanced.</summary>
    public bool End(int input)
    {
        if (!_ended[input])
        {
            _ended[input] = true;
            _endedCount++;
        }

        // An input may have sent the final watermark itself before ending; either way it is done.
        _watermarks[input] = long.MaxValue;
        _idle[input] = false;
        return Recompute();
    }

    private bool Recompute()
    {
        long minimum = long.MaxValue;
        bool anyActive = false;
        for (int i = 0; i < _watermarks.Length; i++)
        {
            if (!_idle[i])
            {
                anyActive = true;
                minimum = Math.Min(minimum, _watermarks[i]);
            }
        }

        // All inputs idle: hold the watermark where it is (Flink does the same).
        if (!anyActive || minimum <= Current)
        {
            return false;
        }

        Current = minimum;
        return true;
    }
}
