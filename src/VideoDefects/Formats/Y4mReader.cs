using System.Globalization;
using System.Text;
using VideoDefects.Errors;
using VideoDefects.Frames;

namespace VideoDefects.Formats;

/// <summary>Reads YUV4MPEG2 (<c>.y4m</c>) video: a text header, then <c>FRAME</c> markers each followed by one raw
/// planar picture. Supports 8-bit 4:2:0 (<c>C420*</c>, the default) and <c>Cmono</c>.</summary>
/// <remarks>Every malformed header raises <see cref="NotMediaException"/> or <see cref="UnsupportedFormatException"/>
/// naming the input; dimensions are checked against <see cref="MediaLimits"/> before anything is allocated. A
/// truncated last frame ends the stream.</remarks>
public sealed class Y4mReader : IDisposable
{
    private const int MaxHeaderBytes = 4096;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string _input;
    private long _index;

    private Y4mReader(Stream stream, bool leaveOpen, string input, VideoFormat format)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _input = input;
        Format = format;
    }

    /// <summary>The stream's geometry, pixel format and frame rate.</summary>
    public VideoFormat Format { get; }

    /// <summary>Reads the header from <paramref name="stream"/>.</summary>
    /// <param name="stream">Positioned at the start of the Y4M data.</param>
    /// <param name="input">Name of the input for error messages.</param>
    /// <param name="limits">Dimension limits; <see cref="MediaLimits.Default"/> when null.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public static Y4mReader Open(Stream stream, string input, MediaLimits? limits = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(input);
        var header = ReadLine(stream, input, "header") ?? throw new NotMediaException(input, "empty input, expected a YUV4MPEG2 header.");
        var format = ParseHeader(header, input, limits ?? MediaLimits.Default);
        return new Y4mReader(stream, leaveOpen, input, format);
    }

    /// <summary>Parses a header line (without its newline): <c>YUV4MPEG2 W.. H.. F..:.. [C..] ...</c>.</summary>
    public static VideoFormat ParseHeader(string header, string input, MediaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(limits);
        var tokens = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0 || tokens[0] != "YUV4MPEG2")
        {
            throw new NotMediaException(input, "not a YUV4MPEG2 stream (no 'YUV4MPEG2' signature).");
        }

        int? width = null, height = null;
        double rate = 25;
        var pixelFormat = PixelFormat.Yuv420P;
        foreach (var token in tokens.AsSpan(1))
        {
            var value = token.AsSpan(1);
            switch (token[0])
            {
                case 'W':
                    width = ParseInt(value, input, "width");
                    break;
                case 'H':
                    height = ParseInt(value, input, "height");
                    break;
                case 'F':
                    rate = ParseRatio(value, input);
                    break;
                case 'C':
                    pixelFormat = value switch
                    {
                        "mono" => PixelFormat.Gray8,
                        "420" or "420jpeg" or "420paldv" or "420mpeg2" => PixelFormat.Yuv420P,
                        _ => throw new UnsupportedFormatException(input, $"YUV4MPEG2 colour space 'C{value}' is not supported (8-bit 4:2:0 and mono are)."),
                    };
                    break;
                default:
                    break; // I (interlacing), A (aspect), X (comments) do not change the pixels.
            }
        }

        if (width is null || height is null)
        {
            throw new NotMediaException(input, "YUV4MPEG2 header lacks W or H.");
        }

        limits.CheckDimensions(input, width.Value, height.Value);
        return new VideoFormat(width.Value, height.Value, pixelFormat, rate);
    }

    /// <summary>Reads the next frame into <paramref name="frame"/> (same format); false at the end of the stream.</summary>
    public bool ReadFrame(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var marker = ReadLine(_stream, _input, "frame header");
        if (marker is null)
        {
            return false;
        }

        if (!marker.StartsWith("FRAME", StringComparison.Ordinal))
        {
            throw new NotMediaException(_input, $"frame {_index}: expected 'FRAME', found '{Truncate(marker)}'.");
        }

        var buffer = frame.GetWritableBuffer();
        var read = 0;
        while (read < buffer.Length)
        {
            var n = _stream.Read(buffer[read..]);
            if (n == 0)
            {
                return false; // a truncated last frame ends the stream
            }

            read += n;
        }

        frame.Index = _index;
        frame.Timestamp = _index / Format.FrameRate;
        _index++;
        return true;
    }

    /// <summary>Closes the stream unless it was opened with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static string? ReadLine(Stream stream, string input, string what)
    {
        Span<byte> line = stackalloc byte[MaxHeaderBytes];
        var length = 0;
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                return length == 0 ? null : throw new NotMediaException(input, $"the {what} is cut off.");
            }

            if (b == '\n')
            {
                return Encoding.ASCII.GetString(line[..length]);
            }

            if (length == MaxHeaderBytes)
            {
                throw new NotMediaException(input, $"the {what} is longer than {MaxHeaderBytes} bytes.");
            }

            line[length++] = (byte)b;
        }
    }

    private static int ParseInt(ReadOnlySpan<char> value, string input, string what) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new NotMediaException(input, $"YUV4MPEG2 {what} '{Truncate(value.ToString())}' is not a number.");

    private static double ParseRatio(ReadOnlySpan<char> value, string input)
    {
        var colon = value.IndexOf(':');
        if (colon > 0
            && long.TryParse(value[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var num)
            && long.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var den)
            && num > 0 && den > 0 && (double)num / den is > 0.01 and < 1000)
        {
            return (double)num / den;
        }

        throw new NotMediaException(input, $"YUV4MPEG2 frame rate '{Truncate(value.ToString())}' is not valid.");
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
