using VideoDefects.Frames;

namespace VideoDefects.Detectors.AvSync;

/// <summary>
/// The sound's level per 10 ms hop on the video clock, from mono samples: a gap before a block counts as silence, so
/// hop <c>n</c> always covers [n, n + 1) × 10 ms. Shared by the content correlator and the sync signature.
/// </summary>
/// <param name="level">Receives each completed hop's level in dB (−120 for digital silence).</param>
internal sealed class AudioLevelMeter(Action<float> level)
{
    /// <summary>Hops per second (10 ms each).</summary>
    public const int HopsPerSecond = 100;

    private double _energy;
    private int _fill;
    private int _hopSamples = 1;

    /// <summary>Hops completed so far.</summary>
    public long Hops { get; private set; }

    /// <summary>Adds mono samples that start at sample <paramref name="firstSample"/> of the video clock (negative: before
    /// its zero); samples before what was already measured are dropped.</summary>
    public void Add(ReadOnlySpan<float> mono, long firstSample, int sampleRate)
    {
        _hopSamples = Math.Max(1, sampleRate / HopsPerSecond);
        var gap = firstSample - ((Hops * _hopSamples) + _fill);
        if (gap < 0)
        {
            // Sound from before the video clock's zero (a stream whose audio starts first: a live join, a muxer's
            // preroll) or overlapping what was measured: dropped, not shifted later.
            mono = mono[(int)Math.Min(-gap, mono.Length)..];
        }

        for (; gap > 0; gap--)
        {
            Accumulate(0);
        }

        foreach (var x in mono)
        {
            Accumulate(x);
        }
    }

    /// <summary>Moves on to <paramref name="hop"/> without measuring what lies between (a stretch of the input that is
    /// not decoded): each skipped hop is reported as <see cref="float.NaN"/>, and a hop in progress is dropped.</summary>
    public void SkipTo(long hop)
    {
        (_energy, _fill) = (0, 0);
        for (; Hops < hop; Hops++)
        {
            level(float.NaN);
        }
    }

    /// <summary>Starts again from hop 0.</summary>
    public void Reset()
    {
        (_energy, _fill, _hopSamples) = (0, 0, 1);
        Hops = 0;
    }

    public void Save(BinaryWriter w)
    {
        w.Write(_energy);
        w.Write(_fill);
        w.Write(_hopSamples);
        w.Write(Hops);
    }

    public void Restore(BinaryReader r)
    {
        _energy = r.ReadDouble();
        _fill = r.ReadInt32();
        _hopSamples = r.ReadInt32();
        Hops = r.ReadInt64();
    }

    private void Accumulate(float x)
    {
        _energy += x * x;
        if (++_fill < _hopSamples)
        {
            return;
        }

        level((float)(10 * Math.Log10((_energy / _hopSamples) + 1e-12)));
        _energy = 0;
        _fill = 0;
        Hops++;
    }
}
