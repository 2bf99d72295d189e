using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Tests.Support;

/// <summary>Generated audio for audio detectors and meters: <c>signal(sampleIndex, channel)</c> in blocks.</summary>
internal static class AudioFeeder
{
    /// <summary>A 1 kHz-style sine of <paramref name="dbfs"/> peak level (0 dBFS = full-scale sine).</summary>
    public static float Sine(long n, double frequency, double dbfs, int rate = 48_000, double phase = 0) =>
        (float)(Math.Pow(10, dbfs / 20) * Math.Sin((2 * Math.PI * frequency * n / rate) + phase));

    /// <summary>Interleaved samples <paramref name="from"/>..<paramref name="to"/> (exclusive) of the signal.</summary>
    public static float[] Interleave(Func<long, int, float> signal, int channels, long from, long to)
    {
        var samples = new float[(to - from) * channels];
        for (var n = from; n < to; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                samples[((n - from) * channels) + c] = signal(n, c);
            }
        }

        return samples;
    }

    /// <summary>Feeds samples <paramref name="from"/>..<paramref name="to"/> to <paramref name="analyzer"/> in blocks
    /// of <paramref name="blockFrames"/>, with the stream's clock starting at 0.</summary>
    public static void Feed(IFrameAnalyzer analyzer, IDefectEventWriter events, AudioFormat format, Func<long, int, float> signal, long from, long to, int blockFrames = 1024)
    {
        using var block = new AudioBlock(format, blockFrames);
        for (var start = from; start < to; start += blockFrames)
        {
            var count = (int)Math.Min(blockFrames, to - start);
            Interleave(signal, format.Channels, start, start + count).CopyTo(block.GetWritableBuffer());
            block.FrameCount = count;
            block.FirstSample = start;
            block.StartTime = (double)start / format.SampleRate;
            analyzer.OnAudio(block, events);
        }
    }

    /// <summary>Media with audio only of <paramref name="format"/> (the video is a placeholder).</summary>
    public static MediaInfo Media(AudioFormat format) => new("synthetic", FrameRunner.Format(), format);
}

/// <summary>An <see cref="IDefectEventWriter"/> that keeps the final events and the live announcements apart.</summary>
internal sealed class RecordingEvents : IDefectEventWriter
{
    public List<DefectEvent> Final { get; } = [];

    public List<DefectEvent> Announced { get; } = [];

    public void Write(DefectEvent defect) => Final.Add(defect);

    public void Started(DefectEvent provisional) => Announced.Add(provisional);
}
