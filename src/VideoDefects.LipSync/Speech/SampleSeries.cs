using VideoDefects.Analysis;

namespace VideoDefects.LipSync.Speech;

/// <summary>A growing series of regularly spaced values of which only a recent stretch is kept: index
/// <see cref="Start"/> to <see cref="End"/> (exclusive). Memory stays bounded on a stream that never ends.</summary>
internal sealed class SampleSeries<T>
    where T : unmanaged
{
    private T[] _values = new T[1024];
    private int _count;

    /// <summary>Index of the first value kept.</summary>
    public long Start { get; private set; }

    /// <summary>Index one past the last value.</summary>
    public long End => Start + _count;

    /// <summary>Value <paramref name="index"/> (must be kept).</summary>
    public T this[long index] => _values[index - Start];

    public void Add(T value)
    {
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_count++] = value;
    }

    /// <summary>Forgets the values before <paramref name="index"/>.</summary>
    public void DropBefore(long index)
    {
        var drop = (int)Math.Clamp(index - Start, 0, _count);
        if (drop > 0)
        {
            _values.AsSpan(drop, _count - drop).CopyTo(_values);
            _count -= drop;
            Start += drop;
        }
    }

    /// <summary>Forgets every value and starts again at index 0.</summary>
    public void Clear()
    {
        _count = 0;
        Start = 0;
    }

    /// <summary>Writes the values kept and where they start.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Start);
        writer.WriteArray(_values[.._count]);
    }

    /// <summary>Replaces the series with what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader reader)
    {
        var start = reader.ReadInt64();
        Restore(start, reader.ReadArray<T>() ?? []);
    }

    /// <summary>The values kept, for a checkpoint.</summary>
    public T[] ToArray() => _values[.._count];

    /// <summary>Replaces the series with <paramref name="values"/> starting at <paramref name="start"/> (from a checkpoint).</summary>
    public void Restore(long start, T[] values)
    {
        _values = values.Length == 0 ? new T[1024] : [.. values];
        _count = values.Length;
        Start = start;
    }
}
