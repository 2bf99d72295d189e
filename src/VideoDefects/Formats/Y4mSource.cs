using VideoDefects.Errors;
using VideoDefects.Frames;
using VideoDefects.Pipeline;

namespace VideoDefects.Formats;

/// <summary>An <see cref="IMediaSource"/> over a Y4M file, with optional audio from a WAV file on the same clock
/// (both start at time 0). Lets the core be used and tested without FFmpeg.</summary>
public sealed class Y4mSource : IMediaSource
{
    private const int AudioBlockFrames = 1024;
    private readonly string _videoPath;
    private readonly string? _audioPath;
    private readonly MediaLimits _limits;
    private Y4mReader? _video;
    private WavReader? _audio;
    private VideoFramePool? _frames;
    private AudioBlockPool? _blocks;
    private VideoFrame? _pendingFrame;
    private AudioBlock? _pendingBlock;
    private bool _videoDone;
    private bool _audioDone;

    /// <summary>Reads <paramref name="videoPath"/> (Y4M) and, if given, <paramref name="audioPath"/> (WAV).</summary>
    public Y4mSource(string videoPath, string? audioPath = null, MediaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(videoPath);
        _videoPath = videoPath;
        _audioPath = audioPath;
        _limits = limits ?? MediaLimits.Default;
    }

    /// <inheritdoc />
    public ValueTask<MediaInfo> OpenAsync(CancellationToken cancellationToken)
    {
        _video = Y4mReader.Open(OpenFile(_videoPath), _videoPath, _limits);
        _frames = new VideoFramePool(_video.Format);
        if (_audioPath is not null)
        {
            _audio = WavReader.Open(OpenFile(_audioPath), _audioPath);
            _blocks = new AudioBlockPool(_audio.Format, AudioBlockFrames);
        }
        else
        {
            _audioDone = true;
        }

        return ValueTask.FromResult(new MediaInfo(_videoPath, _video.Format, _audio?.Format, null, _audio?.Format.Channels));
    }

    /// <inheritdoc />
    public ValueTask<MediaSample> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var video = _video ?? throw new InvalidOperationException("Call OpenAsync first.");
        if (_pendingFrame is null && !_videoDone)
        {
            var frame = _frames!.Rent();
            if (video.ReadFrame(frame))
            {
                _pendingFrame = frame;
            }
            else
            {
                frame.Dispose();
                _videoDone = true;
            }
        }

        if (_pendingBlock is null && !_audioDone)
        {
            var block = _blocks!.Rent();
            if (_audio!.ReadBlock(block))
            {
                _pendingBlock = block;
            }
            else
            {
                block.Dispose();
                _audioDone = true;
            }
        }

        // Interleave by time so analyzers see sound and picture together, as a decoder would deliver them.
        if (_pendingBlock is not null && (_pendingFrame is null || _pendingBlock.StartTime <= _pendingFrame.Timestamp))
        {
            var block = _pendingBlock;
            _pendingBlock = null;
            return ValueTask.FromResult(MediaSample.FromAudio(block));
        }

        if (_pendingFrame is not null)
        {
            var frame = _pendingFrame;
            _pendingFrame = null;
            return ValueTask.FromResult(MediaSample.FromVideo(frame));
        }

        return ValueTask.FromResult(MediaSample.End);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _pendingFrame?.Dispose();
        _pendingBlock?.Dispose();
        _video?.Dispose();
        _audio?.Dispose();
        _frames?.Dispose();
        _blocks?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (FileNotFoundException e)
        {
            throw new InputNotFoundException(path, "file not found.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new InputNotFoundException(path, "directory not found.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputNotFoundException(path, "access denied.", e);
        }
    }
}
