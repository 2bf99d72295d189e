using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Corruption;

/// <summary>The last <c>capacity</c> per-frame counts of a stream (blocks flagged, seams, new seams) and their
/// quantiles: what is usual for the stream, learned from its undamaged frames.</summary>
internal sealed class RecentCounts(int capacity)
{
    private readonly int[] _values = new int[capacity];
    private readonly int[] _sorted = new int[capacity];
    private int _added;

    /// <summary>Counts held (at most the capacity).</summary>
    public int Count => Math.Min(_added, _values.Length);

    public void Add(int value) => _values[_added++ % _values.Length] = value;

    /// <summary>Forgets every count.</summary>
    public void Clear() => _added = 0;

    /// <summary>The <paramref name="q"/> quantile of the counts held (the lower one of two), 0 when there are none.</summary>
    public int Quantile(double q)
    {
        var n = Count;
        if (n == 0)
        {
            return 0;
        }

        var sorted = _sorted.AsSpan(0, n);
        _values.AsSpan(0, n).CopyTo(sorted);
        sorted.Sort();
        return sorted[(int)(q * (n - 1))];
    }

    public void Write(BinaryWriter w)
    {
        w.Write(_added);
        w.WriteArray(_values);
    }

    public void Read(BinaryReader r)
    {
        _added = r.ReadInt32();
        var values = r.ReadArray<int>();
        if (values is null || values.Length != _values.Length || _added < 0)
        {
            throw new InvalidDataException("Checkpoint does not hold the recent counts.");
        }

        values.CopyTo(_values, 0);
    }
}
