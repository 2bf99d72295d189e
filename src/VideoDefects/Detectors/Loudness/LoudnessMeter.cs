using System.Numerics.Tensors;
using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Loudness;

/// <summary>
/// Loudness per ITU-R BS.1770-4 and EBU Tech 3341/3342, computed as FFmpeg's <c>ebur128</c> filter does: K-weighted
/// mean square per channel, weighted by channel (1 for front, 1.41 for surround, 0 for LFE) in 100 ms steps; momentary
/// (400 ms) and short-term (3 s) loudness at every step; integrated loudness over the 400 ms blocks that pass the
/// −70 LUFS absolute and −10 LU relative gates; loudness range (LRA) as the 10th to 95th percentile of the short-term
/// values that pass −70 LUFS and −20 LU; true peak 4× oversampled. Memory does not grow with the input: the gates use
/// histograms of 0.01 LU bins from −70 to +10 LUFS.
/// </summary>
public sealed class LoudnessMeter
{
    private const double AbsoluteGate = -70;
    private const double UpperLimit = 10;
    private const int Grain = 100;
    private const int HistogramSize = ((int)(UpperLimit - AbsoluteGate) * Grain) + 1;
    private const int MomentarySteps = 4;
    private const int ShortTermSteps = 30;

    private readonly int _channels;
    private readonly double[] _weights;
    private readonly KWeighting[] _filters;
    private readonly TruePeak[] _peaks;
    private readonly double[] _stepEnergy;
    private readonly double[] _recent = new double[ShortTermSteps];
    private readonly Gate _integrated = new(-10);
    private readonly Gate _range = new(-20);
    private readonly int _stepSamples;

    private int _fill;
    private double _maxTruePeak;

    /// <summary>Creates a meter for interleaved audio of <paramref name="channels"/> channels at
    /// <paramref name="sampleRate"/>; the channel weights follow FFmpeg's default layout for that count (mono, stereo,
    /// 3.0, quad, 5.0, 5.1, 6.1, 7.1) unless <paramref name="weights"/> are given.</summary>
    public LoudnessMeter(int sampleRate, int channels, IReadOnlyList<double>? weights = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (weights is not null && weights.Count != channels)
        {
            throw new ArgumentException($"{channels} channels need {channels} weights.", nameof(weights));
        }

        SampleRate = sampleRate;
        _channels = channels;
        _weights = weights?.ToArray() ?? DefaultWeights(channels);
        _filters = new KWeighting[channels];
        _peaks = new TruePeak[channels];
        for (var c = 0; c < channels; c++)
        {
            _filters[c] = new KWeighting(sampleRate);
            _peaks[c] = new TruePeak();
        }

        _stepEnergy = new double[channels];
        _stepSamples = sampleRate / 10;
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Channels in the interleaved audio.</summary>
    public int Channels => _channels;

    /// <summary>Samples per channel in one 100 ms step.</summary>
    public int StepSamples => _stepSamples;

    /// <summary>Completed 100 ms steps.</summary>
    public long Steps { get; private set; }

    /// <summary>The loudest momentary loudness so far (LUFS); null before 400 ms.</summary>
    public double? MaxMomentaryLufs { get; private set; }

    /// <summary>The loudest short-term loudness so far (LUFS); null before 3 s.</summary>
    public double? MaxShortTermLufs { get; private set; }

    /// <summary>The largest true peak so far, as an amplitude (1.0 = full scale): every sample counts, also those of
    /// a step not yet complete.</summary>
    public double MaxTruePeak => Math.Max(_maxTruePeak, _peaks.Max(p => p.Current));

    /// <summary>The largest true peak so far in dBTP; null while every sample was zero (digital silence has no peak).</summary>
    public double? MaxTruePeakDbtp => MaxTruePeak > 0 ? 20 * Math.Log10(MaxTruePeak) : null;

    /// <summary>Integrated (programme) loudness so far, LUFS; null while no 400 ms block passed the gates.</summary>
    public double? IntegratedLufs => _integrated.PowerMeanAboveRelativeGate();

    /// <summary>Loudness range so far, LU; null while no 3 s value passed the gates.</summary>
    public double? LoudnessRangeLu => _range.Range(0.10, 0.95);

    /// <summary>The channel weights of BS.1770 for FFmpeg's default layout of <paramref name="channels"/> channels:
    /// front and centre 1, surround 1.41 (+1.5 dB), LFE 0.</summary>
    public static double[] DefaultWeights(int channels) => channels switch
    {
        4 => [1, 1, 1.41, 1.41], // quad: FL FR BL BR
        5 => [1, 1, 1, 1.41, 1.41], // 5.0: FL FR FC BL BR
        6 => [1, 1, 1, 0, 1.41, 1.41], // 5.1: FL FR FC LFE BL BR
        7 => [1, 1, 1, 0, 1.41, 1.41, 1.41], // 6.1: FL FR FC LFE BC SL SR
        8 => [1, 1, 1, 0, 1.41, 1.41, 1.41, 1.41], // 7.1: FL FR FC LFE BL BR SL SR
        _ => Enumerable.Repeat(1.0, channels).ToArray(),
    };

    /// <summary>Measures interleaved samples; <paramref name="onStep"/> (when given) sees every 100 ms step completed.</summary>
    public void Add(ReadOnlySpan<float> interleaved, Action<LoudnessStep>? onStep = null)
    {
        if (interleaved.Length % _channels != 0)
        {
            throw new ArgumentException($"Interleaved audio of {_channels} channels needs a multiple of {_channels} samples.", nameof(interleaved));
        }

        for (var i = 0; i < interleaved.Length; i += _channels)
        {
            for (var c = 0; c < _channels; c++)
            {
                var x = interleaved[i + c];
                var k = _filters[c].Process(x);
                _stepEnergy[c] += k * k;
                _peaks[c].Add(x);
            }

            if (++_fill == _stepSamples)
            {
                CompleteStep(onStep);
            }
        }
    }

    /// <summary>Writes the meter's state (filters, recent steps, histograms).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_channels);
        writer.Write(SampleRate);
        writer.Write(Steps);
        writer.Write(_fill);
        writer.Write(MaxMomentaryLufs ?? double.NaN);
        writer.Write(MaxShortTermLufs ?? double.NaN);
        writer.Write(_maxTruePeak);
        for (var c = 0; c < _channels; c++)
        {
            _filters[c].Write(writer);
            _peaks[c].Write(writer);
            writer.Write(_stepEnergy[c]);
        }

        foreach (var e in _recent)
        {
            writer.Write(e);
        }

        _integrated.Write(writer);
        _range.Write(writer);
    }

    /// <summary>Restores a state written by a meter of the same rate and channels.</summary>
    public void Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadInt32() != _channels || reader.ReadInt32() != SampleRate)
        {
            throw new InvalidDataException("The loudness state is of another sample rate or channel count.");
        }

        Steps = reader.ReadInt64();
        _fill = reader.ReadInt32();
        MaxMomentaryLufs = NullIfNaN(reader.ReadDouble());
        MaxShortTermLufs = NullIfNaN(reader.ReadDouble());
        _maxTruePeak = reader.ReadDouble();
        for (var c = 0; c < _channels; c++)
        {
            _filters[c].Read(reader);
            _peaks[c].Read(reader);
            _stepEnergy[c] = reader.ReadDouble();
        }

        for (var i = 0; i < _recent.Length; i++)
        {
            _recent[i] = reader.ReadDouble();
        }

        _integrated.Read(reader);
        _range.Read(reader);
    }

    /// <summary>Loudness (LUFS) of a weighted mean square.</summary>
    internal static double Lufs(double power) => -0.691 + (10 * Math.Log10(Math.Max(power, 1e-12)));

    private static double? NullIfNaN(double v) => double.IsNaN(v) ? null : v;

    private void CompleteStep(Action<LoudnessStep>? onStep)
    {
        var stepPeak = 0f;
        foreach (var peak in _peaks)
        {
            stepPeak = Math.Max(stepPeak, peak.TakePeak());
        }

        var energy = TensorPrimitives.Dot<double>(_weights, _stepEnergy);
        _recent[Steps % ShortTermSteps] = energy;
        Steps++;
        double? momentary = null, shortTerm = null;
        if (Steps >= MomentarySteps)
        {
            var power = 0.0;
            for (var s = Steps - MomentarySteps; s < Steps; s++)
            {
                power += _recent[s % ShortTermSteps];
            }

            var m = Lufs(power / (MomentarySteps * _stepSamples));
            momentary = m;
            MaxMomentaryLufs = Math.Max(MaxMomentaryLufs ?? double.MinValue, m);
            _integrated.Add(power / (MomentarySteps * _stepSamples), m);
        }

        if (Steps >= ShortTermSteps)
        {
            var power = TensorPrimitives.Sum<double>(_recent) / (ShortTermSteps * _stepSamples);
            var s = Lufs(power);
            shortTerm = s;
            MaxShortTermLufs = Math.Max(MaxShortTermLufs ?? double.MinValue, s);
            _range.Add(power, s);
        }

        _maxTruePeak = Math.Max(_maxTruePeak, stepPeak);
        onStep?.Invoke(new LoudnessStep(Steps - 1, momentary, shortTerm, stepPeak));
        Array.Clear(_stepEnergy);
        _fill = 0;
        foreach (ref var filter in _filters.AsSpan())
        {
            filter.Flush();
        }
    }

    /// <summary>The gating of BS.1770 (integrated) and EBU Tech 3342 (range) over a histogram of block loudness, as
    /// FFmpeg keeps it: the relative gate from the exact mean power of the blocks above −70 LUFS, the result from
    /// the bins at or above it.</summary>
    private sealed class Gate(double relative)
    {
        private readonly int[] _counts = new int[HistogramSize];
        private double _sum;
        private long _kept;

        public void Add(double power, double lufs)
        {
            if (lufs < AbsoluteGate)
            {
                return;
            }

            _counts[Bin(lufs)]++;
            _sum += power;
            _kept++;
        }

        public double? PowerMeanAboveRelativeGate()
        {
            if (_kept == 0)
            {
                return null;
            }

            double sum = 0;
            long n = 0;
            for (var i = GateBin(); i < HistogramSize; i++)
            {
                sum += _counts[i] * Energy(i);
                n += _counts[i];
            }

            return n == 0 ? null : Lufs(sum / n);
        }

        public double? Range(double low, double high)
        {
            if (_kept == 0)
            {
                return null;
            }

            var gate = GateBin();
            long total = 0;
            for (var i = gate; i < HistogramSize; i++)
            {
                total += _counts[i];
            }

            if (total == 0)
            {
                return null;
            }

            // FFmpeg's percentiles: the first bin whose cumulative count reaches 10 %, the last whose count from the
            // top leaves less than 95 % below it.
            var lowAt = (long)((low * total) + 0.5);
            int lowBin = gate, highBin = HistogramSize - 1;
            long n = 0;
            for (var i = gate; i < HistogramSize; i++)
            {
                n += _counts[i];
                if (n >= lowAt)
                {
                    lowBin = i;
                    break;
                }
            }

            var highAt = (long)((high * total) + 0.5);
            n = total;
            for (var i = HistogramSize - 1; i >= 0; i--)
            {
                n -= Math.Min(n, _counts[i]);
                if (n < highAt)
                {
                    highBin = i;
                    break;
                }
            }

            return (double)(highBin - lowBin) / Grain;
        }

        public void Write(BinaryWriter w)
        {
            w.Write(_sum);
            w.Write(_kept);
            w.WriteArray(_counts);
        }

        public void Read(BinaryReader r)
        {
            _sum = r.ReadDouble();
            _kept = r.ReadInt64();
            var counts = r.ReadArray<int>();
            if (counts is null || counts.Length != HistogramSize)
            {
                throw new InvalidDataException("The loudness state is corrupt.");
            }

            counts.CopyTo(_counts, 0);
        }

        private static int Bin(double lufs) => Math.Clamp((int)Math.Round((lufs - AbsoluteGate) * Grain, MidpointRounding.ToEven), 0, HistogramSize - 1);

        private static double Energy(int bin) => Math.Pow(10, (((double)bin / Grain) + AbsoluteGate + 0.691) / 10);

        private int GateBin() => Bin(Lufs(_sum / _kept) + relative);
    }
}
