using System.Buffers;

namespace VideoDefects.Frames;

/// <summary>A block of decoded audio: interleaved 32-bit float PCM over a pooled buffer.</summary>
public sealed class AudioBlock : IDisposable
{
    private readonly AudioBlockPool? _pool;
    private float[] _samples;

    /// <summary>Creates a block able to hold <paramref name="capacityFrames"/> sample frames of <paramref name="format"/>.</summary>
    public AudioBlock(AudioFormat format, int capacityFrames)
        : this(format, capacityFrames, null)
    {
    }

    internal AudioBlock(AudioFormat format, int capacityFrames, AudioBlockPool? pool)
    {
        _pool = pool;
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityFrames);
        Format = format;
        _samples = ArrayPool<float>.Shared.Rent(capacityFrames * format.Channels);
        CapacityFrames = capacityFrames;
    }

    /// <summary>Sample rate and channel count.</summary>
    public AudioFormat Format { get; }

    /// <summary>Sample frames (one sample per channel) the block can hold.</summary>
    public int CapacityFrames { get; }

    /// <summary>Sample frames currently held.</summary>
    public int FrameCount { get; set; }

    /// <summary>Index of the first sample frame in the stream (sample-exact position).</summary>
    public long FirstSample { get; set; }

    /// <summary>Seconds at which the first sample is heard, on the same clock as video timestamps.</summary>
    public double StartTime { get; set; }

    /// <summary>Seconds at which the stream's sample 0 is (or would have been) heard: <see cref="StartTime"/> less
    /// <see cref="FirstSample"/> samples. Detectors time their findings from it sample-exactly.</summary>
    public double StreamOrigin => StartTime - ((double)FirstSample / Format.SampleRate);

    /// <summary>The interleaved samples held.</summary>
    public ReadOnlySpan<float> Samples => _samples.AsSpan(0, FrameCount * Format.Channels);

    /// <summary>The samples mixed down to mono (the mean of the channels) in <paramref name="buffer"/>, grown as needed so
    /// that nothing is allocated per block once warmed up.</summary>
    public ReadOnlySpan<float> MixToMono(ref float[] buffer)
    {
        var channels = Format.Channels;
        var frames = FrameCount;
        if (buffer.Length < frames)
        {
            buffer = new float[frames];
        }

        var mono = buffer.AsSpan(0, frames);
        var samples = Samples;
        if (channels == 1)
        {
            samples.CopyTo(mono);
            return mono;
        }

        for (var i = 0; i < frames; i++)
        {
            float sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += samples[(i * channels) + c];
            }

            mono[i] = sum / channels;
        }

        return mono;
    }

    /// <summary>The whole buffer, for a source to fill; set <see cref="FrameCount"/> afterwards.</summary>
    public Span<float> GetWritableBuffer() => _samples.AsSpan(0, CapacityFrames * Format.Channels);

    /// <summary>Returns the block to its pool, or its buffer to the shared array pool.</summary>
    public void Dispose()
    {
        if (_pool is not null)
        {
            _pool.Return(this);
            return;
        }

        ReleaseBuffer();
    }

    internal void ReleaseBuffer()
    {
        if (_samples.Length != 0)
        {
            ArrayPool<float>.Shared.Return(_samples);
            _samples = [];
        }
    }
}
