using VideoDefects.Analysis;

namespace VideoDefects.LipSync.Speech;

/// <summary>Streaming conversion of mono audio to 16 kHz with a Hann-windowed sinc low-pass (what the speech model and
/// the envelope need; not a mastering-grade resampler).</summary>
internal sealed class Resampler
{
    public const int OutputRate = 16_000;
    private const int HalfTaps = 12; // in output samples either side

    private readonly double _step;     // input samples per output sample
    private readonly double _cutoff;   // of the input rate, cycles per sample
    private readonly int _reach;       // input samples either side of an output position
    private float[] _history;
    private int _count;                // samples held in _history
    private long _dropped;             // input samples dropped from the front of _history
    private long _produced;            // output samples written so far

    public Resampler(int inputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        InputRate = inputRate;
        _step = (double)inputRate / OutputRate;
        _cutoff = 0.5 * Math.Min(1.0, 1.0 / _step) * 0.9;
        _reach = (int)Math.Ceiling(HalfTaps * Math.Max(1.0, _step));
        _history = new float[Math.Max(4096, 4 * _reach)];
    }

    /// <summary>Adds <paramref name="input"/> and writes every output sample it completes to <paramref name="output"/>
    /// (resized when too small); returns how many were written.</summary>
    public int Process(ReadOnlySpan<float> input, ref float[] output)
    {
        Append(input);
        var available = (long)Math.Floor(((_dropped + _count - 1 - _reach) / _step) + 1);
        var n = (int)Math.Max(0, available - _produced);
        if (output.Length < n)
        {
            output = new float[Math.Max(n, output.Length * 2)];
        }

        for (var k = 0; k < n; k++)
        {
            output[k] = Sample((_produced + k) * _step);
        }

        _produced += n;
        Trim();
        return n;
    }

    /// <summary>The input rate it converts from.</summary>
    public int InputRate { get; }

    /// <summary>Writes the stream position and the input samples still needed.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(InputRate);
        writer.WriteArray(_history[.._count]);
        writer.Write(_dropped);
        writer.Write(_produced);
    }

    /// <summary>A resampler continuing from what <see cref="Save"/> wrote.</summary>
    public static Resampler Load(BinaryReader reader)
    {
        var resampler = new Resampler(reader.ReadInt32());
        var history = reader.ReadArray<float>() ?? [];
        resampler.Append(history);
        resampler._dropped = reader.ReadInt64();
        resampler._produced = reader.ReadInt64();
        return resampler;
    }

    private float Sample(double position)
    {
        var centre = (int)Math.Floor(position);
        double sum = 0, weight = 0;
        for (var i = centre - _reach + 1; i <= centre + _reach; i++)
        {
            var t = i - position;
            var window = 0.5 + (0.5 * Math.Cos(Math.PI * t / (_reach + 1)));
            var x = 2 * Math.PI * _cutoff * t;
            var h = window * (Math.Abs(x) < 1e-9 ? 1 : Math.Sin(x) / x);
            var index = i - _dropped;
            if (index >= 0 && index < _count)
            {
                sum += h * _history[index];
            }

            weight += h;
        }

        return (float)(sum / weight);
    }

    private void Append(ReadOnlySpan<float> input)
    {
        if (_count + input.Length > _history.Length)
        {
            Array.Resize(ref _history, Math.Max(_history.Length * 2, _count + input.Length));
        }

        input.CopyTo(_history.AsSpan(_count));
        _count += input.Length;
    }

    /// <summary>Drops what no later output sample reaches.</summary>
    private void Trim()
    {
        var firstNeeded = (long)Math.Floor(_produced * _step) - _reach;
        var drop = (int)Math.Clamp(firstNeeded - _dropped, 0, _count);
        if (drop > 0)
        {
            _history.AsSpan(drop, _count - drop).CopyTo(_history);
            _count -= drop;
            _dropped += drop;
        }
    }
}
