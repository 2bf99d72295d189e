using System.Threading.Channels;
using FFMpegCore.Pipes;
using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>Reads raw frames from FFmpeg's video pipe straight into pooled frames (one large read per frame, no
/// intermediate copy) and queues them for the analysis, each after the decoder notes logged before it (see
/// <see cref="DecoderLog"/>), so notes and frames reach the analyzers in FFmpeg's own order.</summary>
/// <remarks><paramref name="stopping"/> is the source's own stop: FFMpegCore cancels the sink's token only once FFmpeg
/// has exited, and a reader blocked on a full queue must not wait for that (measured: 5 s under load).</remarks>
internal sealed class VideoPipeReader(VideoFramePool pool, ChannelWriter<MediaSample> output, DecoderLog log, CancellationToken stopping) : IPipeSink
{
    /// <summary>How long to wait for a frame's marker, which FFmpeg logged before writing the frame: only a log
    /// reader starved for that long, or an FFmpeg that does not mark frames, takes it.</summary>
    private static readonly TimeSpan MarkerPatience = TimeSpan.FromSeconds(10);
    private long _frames;
    private long _lost;
    private double _lastPts = double.NaN;
    private bool _unmarked = !log.HasMarkers;

    public long FramesDelivered => Interlocked.Read(ref _frames);

    // The format is set with the output options, next to the stream mapping.
    public string GetStreamArguments() => "";

    /// <summary>Reads on a dedicated thread with blocking reads: a raw 1080p frame is 3 MB, and per-chunk async
    /// completions cost more CPU than the analysis itself (measured: 1.4 s vs 0.8 s per 500 frames).</summary>
    public Task ReadAsync(Stream inputStream, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => ReadLoop(inputStream, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Reads FFmpeg's video from <paramref name="fifo"/> instead (same thread model), and closes the FIFO when
    /// done, for whatever reason: an FFmpeg still writing then gets a broken pipe instead of blocking forever.</summary>
    /// <param name="fifo">The FIFO FFmpeg writes; this reader owns it.</param>
    /// <param name="ffmpegExited">Whether FFmpeg has exited (it may have done so without opening the FIFO).</param>
    public Task ReadAsync(VideoFifo fifo, Func<bool> ffmpegExited) =>
        fifo.ReadToEndAsync(ffmpegExited, stream => ReadLoop(stream, CancellationToken.None), stopping);

    private void ReadLoop(Stream stream, CancellationToken sinkToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(sinkToken, stopping);
        var cancellationToken = linked.Token;
        var frameRate = pool.Format.FrameRate;
        var length = (int)pool.Format.FrameBytes;
        while (!cancellationToken.IsCancellationRequested)
        {
            var frame = pool.Rent();
            var buffer = frame.GetWritableBuffer();
            var got = 0;
            while (got < length)
            {
                var n = stream.Read(buffer[got..length]);
                if (n == 0)
                {
                    frame.Dispose(); // end of stream; a cut-off last frame is dropped
                    return;
                }

                got += n;
            }

            try
            {
                var mark = _unmarked ? null : log.WaitForNextFrame(MarkerPatience, cancellationToken);
                _unmarked = mark is null;
                frame.IsKeyFrame = mark?.Key;
                frame.PictureType = mark?.Type ?? PictureType.Unknown;
                frame.FramesLostBefore = mark is { } m ? LostBefore(m.Pts, frameRate) : 0;

                // CFR clock: frame i at i / rate from the first video frame (FFmpeg is run with -fps_mode passthrough,
                // so every decoded frame arrives once, in order), plus the frames the markers' timestamps show missing.
                _lost += frame.FramesLostBefore;
                frame.Index = _frames;
                frame.Timestamp = (_frames + _lost) / frameRate;
                while (log.TryTakeNoteBefore(_frames, out var note))
                {
                    Write(MediaSample.FromNote(note), cancellationToken);
                }

                Write(MediaSample.FromVideo(frame), cancellationToken);
            }
            catch
            {
                frame.Dispose();
                throw;
            }

            Interlocked.Increment(ref _frames);
        }
    }

    private void Write(MediaSample sample, CancellationToken cancellationToken) =>
        output.WriteAsync(sample, cancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>Whole frame periods that passed since the previous frame without a picture (a gap of more than one and
    /// a half periods): frames lost to the network or dropped by the decoder. A stream of variable frame rate shows
    /// its slow stretches the same way.</summary>
    private int LostBefore(double pts, double frameRate)
    {
        var gap = (pts - _lastPts) * frameRate;
        _lastPts = pts;
        return gap > 1.5 && gap < int.MaxValue ? (int)Math.Round(gap) - 1 : 0;
    }
}

/// <summary>Reads interleaved float samples from FFmpeg's audio pipe into pooled blocks.</summary>
/// <param name="pool">Blocks to fill.</param>
/// <param name="startOffset">When the sound starts against the picture, from the probe.</param>
/// <param name="output">Where the blocks go.</param>
/// <param name="stopping">Stops reading.</param>
/// <param name="measuredOffset">The same, measured in the decoding process itself (a live input's probe joined the
/// stream at another moment); waited for before the first block, <see cref="MeasuredOffsetPatience"/> at most.</param>
internal sealed class AudioPipeReader(AudioBlockPool pool, double startOffset, ChannelWriter<MediaSample> output, CancellationToken stopping, Task<double?>? measuredOffset = null) : IPipeSink
{
    /// <summary>How long the first block waits for <c>measuredOffset</c>: FFmpeg lists the packets as it demuxes them,
    /// before decoding, so it comes almost at once; past this the probe's offset is used.</summary>
    private static readonly TimeSpan MeasuredOffsetPatience = TimeSpan.FromSeconds(3);
    private long _samples;
    private byte[] _staging = [];
    private double? _offset;

    public string GetStreamArguments() => "";

    /// <summary>Reads FFmpeg's sound from <paramref name="fifo"/> to its end (on a thread of its own, as the video), and
    /// closes the FIFO when done.</summary>
    /// <param name="fifo">The FIFO FFmpeg writes; this reader owns it.</param>
    /// <param name="ffmpegExited">Whether FFmpeg has exited (it may have done so without opening the FIFO).</param>
    public Task ReadAsync(VideoFifo fifo, Func<bool> ffmpegExited) =>
        fifo.ReadToEndAsync(ffmpegExited, stream => ReadAsync(stream, CancellationToken.None).GetAwaiter().GetResult(), stopping);

    private async Task<double> OffsetAsync(CancellationToken cancellationToken)
    {
        if (measuredOffset is null)
        {
            return startOffset;
        }

        try
        {
            return await measuredOffset.WaitAsync(MeasuredOffsetPatience, cancellationToken).ConfigureAwait(false) ?? startOffset;
        }
        catch (TimeoutException)
        {
            return startOffset;
        }
    }

    public async Task ReadAsync(Stream inputStream, CancellationToken sinkToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(sinkToken, stopping);
        var cancellationToken = linked.Token;
        var channels = pool.Format.Channels;
        var rate = pool.Format.SampleRate;
        var bytesPerFrame = channels * sizeof(float);
        while (true)
        {
            var block = pool.Rent();
            var wanted = block.CapacityFrames * bytesPerFrame;
            if (_staging.Length < wanted)
            {
                _staging = new byte[wanted];
            }

            var got = 0;
            while (got < wanted)
            {
                var n = await inputStream.ReadAsync(_staging.AsMemory(got, wanted - got), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                got += n;
            }

            block.FrameCount = got / bytesPerFrame;
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(_staging.AsSpan(0, block.FrameCount * bytesPerFrame))
                .CopyTo(block.GetWritableBuffer());
            if (block.FrameCount == 0)
            {
                block.Dispose();
                return;
            }

            _offset ??= await OffsetAsync(cancellationToken).ConfigureAwait(false);
            block.FirstSample = _samples;
            block.StartTime = _offset.Value + ((double)_samples / rate);
            _samples += block.FrameCount;
            try
            {
                await output.WriteAsync(MediaSample.FromAudio(block), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                block.Dispose();
                throw;
            }

            if (got < wanted)
            {
                return;
            }
        }
    }
}
