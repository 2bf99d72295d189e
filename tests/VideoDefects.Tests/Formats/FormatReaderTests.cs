using System.Text;
using FsCheck;
using FsCheck.Xunit;
using VideoDefects.Errors;
using VideoDefects.Formats;
using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.Tests.Formats;

public sealed class FormatReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vd-formats-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Y4m(int width, int height, int frames, string extra = "")
    {
        using var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F25:1 Ip A1:1 C420jpeg{extra}\n"));
        for (var f = 0; f < frames; f++)
        {
            stream.Write("FRAME\n"u8);
            var plane = new byte[(width * height) + (2 * ((width + 1) / 2) * ((height + 1) / 2))];
            Array.Fill(plane, (byte)(10 * (f + 1)));
            stream.Write(plane);
        }

        return stream.ToArray();
    }

    private static byte[] Wav16(short[] samples, int rate, int channels)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(36 + (samples.Length * 2));
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)channels);
        w.Write(rate);
        w.Write(rate * channels * 2);
        w.Write((short)(channels * 2));
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(samples.Length * 2);
        foreach (var s in samples)
        {
            w.Write(s);
        }

        return stream.ToArray();
    }

    private static async Task<(MediaInfo Info, int Frames, byte[] FirstLumaValues, int AudioFrames, double LastAudioStart)> ReadAllAsync(Y4mSource source)
    {
        var info = await source.OpenAsync(CancellationToken.None);
        var frames = 0;
        var audioFrames = 0;
        double lastAudio = 0;
        var firstValues = new List<byte>();
        while (true)
        {
            var sample = await source.ReadAsync(CancellationToken.None);
            if (sample.IsEnd)
            {
                break;
            }

            if (sample.Video is { } frame)
            {
                firstValues.Add(frame.Luma.Row(0)[0]);
                frames++;
                frame.Dispose();
            }
            else if (sample.Audio is { } block)
            {
                audioFrames += block.FrameCount;
                lastAudio = block.StartTime;
                block.Dispose();
            }
        }

        return (info, frames, [.. firstValues], audioFrames, lastAudio);
    }

    [Fact]
    public async Task Y4m_and_wav_are_read_frame_by_frame_on_one_clock()
    {
        var video = Write("a.y4m", Y4m(33, 17, 3));
        var audio = Write("a.wav", Wav16([.. Enumerable.Range(0, 8000 * 2).Select(i => (short)(i % 100))], 8000, 2));
        await using var source = new Y4mSource(video, audio);
        var (info, frames, values, audioFrames, lastAudio) = await ReadAllAsync(source);
        Assert.Equal((33, 17, PixelFormat.Yuv420P, 25.0), (info.Video.Width, info.Video.Height, info.Video.PixelFormat, info.Video.FrameRate));
        Assert.Equal(3, frames);
        Assert.Equal(new byte[] { 10, 20, 30 }, values);
        Assert.Equal(new AudioFormat(8000, 2), info.Audio);
        Assert.Equal(8000, audioFrames);
        Assert.True(lastAudio < 1);
    }

    [Fact]
    public async Task Y4m_claiming_100000_by_100000_is_refused_before_allocating()
    {
        var path = Write("huge.y4m", Encoding.ASCII.GetBytes("YUV4MPEG2 W100000 H100000 F25:1 C420jpeg\nFRAME\n"));
        await using var source = new Y4mSource(path);
        var error = await Assert.ThrowsAsync<LimitExceededException>(() => source.OpenAsync(CancellationToken.None).AsTask());
        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Input);
    }

    [Theory]
    [InlineData("", typeof(NotMediaException))]
    [InlineData("RIFF....WAVE", typeof(NotMediaException))]
    [InlineData("YUV4MPEG2 W10\n", typeof(NotMediaException))]
    [InlineData("YUV4MPEG2 W16 H16 C444\n", typeof(UnsupportedFormatException))]
    [InlineData("YUV4MPEG2 W16 H16 F0:0\n", typeof(NotMediaException))]
    public async Task Malformed_y4m_gives_a_typed_error(string content, Type expected)
    {
        var path = Write("bad.y4m", Encoding.ASCII.GetBytes(content));
        await using var source = new Y4mSource(path);
        var error = await Assert.ThrowsAnyAsync<MediaException>(() => source.OpenAsync(CancellationToken.None).AsTask());
        Assert.IsType(expected, error);
    }

    [Fact]
    public async Task Missing_file_is_input_not_found()
    {
        await using var source = new Y4mSource(Path.Combine(_folder, "nope.y4m"));
        await Assert.ThrowsAsync<InputNotFoundException>(() => source.OpenAsync(CancellationToken.None).AsTask());
    }

    [Property(MaxTest = 200)]
    public bool Any_bytes_after_a_y4m_signature_give_frames_or_a_typed_error(byte[] tail, bool validHeader)
    {
        var head = validHeader ? "YUV4MPEG2 W8 H8 F25:1\n" : "YUV4MPEG2 ";
        var path = Write($"fuzz-{Guid.NewGuid():N}.y4m", [.. Encoding.ASCII.GetBytes(head), .. tail]);
        try
        {
            var source = new Y4mSource(path);
            try
            {
                ReadAllAsync(source).GetAwaiter().GetResult();
            }
            finally
            {
                source.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return true;
        }
        catch (MediaException)
        {
            return true;
        }
    }

    [Property(MaxTest = 200)]
    public bool Any_bytes_as_wav_give_samples_or_a_typed_error(byte[] body, bool riffHeader)
    {
        byte[] bytes = riffHeader ? [.. "RIFF"u8.ToArray(), 0, 0, 0, 0, .. "WAVE"u8.ToArray(), .. body] : body;
        try
        {
            using var reader = WavReader.Open(new MemoryStream(bytes), "fuzz.wav");
            var block = new AudioBlock(reader.Format, 256);
            while (reader.ReadBlock(block))
            {
            }

            block.Dispose();
            return true;
        }
        catch (MediaException)
        {
            return true;
        }
    }

    [Fact]
    public void Wav_float_and_24_bit_decode_to_the_same_values()
    {
        var reader = WavReader.Open(new MemoryStream(Wav16([16384, -16384], 48000, 1)), "x.wav");
        var block = new AudioBlock(reader.Format, 4);
        Assert.True(reader.ReadBlock(block));
        Assert.Equal(new[] { 0.5f, -0.5f }, block.Samples.ToArray());
        Assert.False(reader.ReadBlock(block));
    }
}
