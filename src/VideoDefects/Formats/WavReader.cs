using System.Buffers.Binary;
using VideoDefects.Errors;
using VideoDefects.Frames;

namespace VideoDefects.Formats;

/// <summary>Reads RIFF/WAVE audio as 32-bit float: PCM 8/16/24/32-bit integer and 32-bit float, plain or
/// <c>WAVE_FORMAT_EXTENSIBLE</c>. A <c>data</c> size of 0 or 0xFFFFFFFF (streamed WAV) reads to the end.</summary>
public sealed class WavReader : IDisposable
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;
    private const int MaxChannels = 64;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _bytesPerSample;
    private readonly bool _isFloat;
    private long _remaining;
    private long _position;
    private byte[] _raw = [];

    private WavReader(Stream stream, bool leaveOpen, AudioFormat format, int bitsPerSample, bool isFloat, long dataBytes)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Format = format;
        _bytesPerSample = bitsPerSample / 8;
        _isFloat = isFloat;
        _remaining = dataBytes;
    }

    /// <summary>Sample rate and channels of the file.</summary>
    public AudioFormat Format { get; }

    /// <summary>Reads the header chunks from <paramref name="stream"/> up to the start of the samples.</summary>
    public static WavReader Open(Stream stream, string input, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[12];
        if (!ReadExactly(stream, head) || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
        {
            throw new NotMediaException(input, "not a RIFF/WAVE file.");
        }

        Span<byte> chunk = stackalloc byte[8];
        AudioFormat? format = null;
        int bits = 0;
        var isFloat = false;
        while (true)
        {
            if (!ReadExactly(stream, chunk))
            {
                throw new NotMediaException(input, "WAV file has no 'data' chunk.");
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size is < 16 or > 1024)
                {
                    throw new NotMediaException(input, $"WAV 'fmt ' chunk has an invalid size {size}.");
                }

                var fmt = new byte[size + (size & 1)];
                if (!ReadExactly(stream, fmt))
                {
                    throw new NotMediaException(input, "WAV 'fmt ' chunk is cut off.");
                }

                var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                var rate = BinaryPrimitives.ReadInt32LittleEndian(fmt.AsSpan(4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                if (tag == FormatExtensible && size >= 40)
                {
                    tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24)); // first two bytes of the sub-format GUID
                }

                isFloat = tag == FormatFloat;
                if ((tag != FormatPcm && tag != FormatFloat) || (isFloat && bits != 32) || (!isFloat && bits is not (8 or 16 or 24 or 32)))
                {
                    throw new UnsupportedFormatException(input, $"WAV format tag {tag} with {bits}-bit samples is not supported (PCM 8/16/24/32 and float 32 are).");
                }

                if (channels is < 1 or > MaxChannels || rate is < 1 or > 1_000_000)
                {
                    throw new NotMediaException(input, $"WAV header claims {channels} channels at {rate} Hz.");
                }

                format = new AudioFormat(rate, channels);
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw new NotMediaException(input, "WAV 'data' chunk comes before 'fmt '.");
                }

                long dataBytes = size is 0 or uint.MaxValue ? long.MaxValue : size;
                return new WavReader(stream, leaveOpen, format, bits, isFloat, dataBytes);
            }
            else
            {
                Skip(stream, size + (size & 1), input);
            }
        }
    }

    /// <summary>Fills <paramref name="block"/> (same format) with the next samples; false at the end.</summary>
    public bool ReadBlock(AudioBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var frameBytes = _bytesPerSample * Format.Channels;
        var wanted = (int)Math.Min((long)block.CapacityFrames * frameBytes, _remaining);
        wanted -= wanted % frameBytes;
        if (wanted <= 0)
        {
            return false;
        }

        if (_raw.Length < wanted)
        {
            _raw = new byte[wanted];
        }

        var got = 0;
        while (got < wanted)
        {
            var n = _stream.Read(_raw.AsSpan(got, wanted - got));
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        got -= got % frameBytes;
        if (got == 0)
        {
            return false;
        }

        _remaining -= got;
        Decode(_raw.AsSpan(0, got), block.GetWritableBuffer());
        block.FrameCount = got / frameBytes;
        block.FirstSample = _position;
        block.StartTime = (double)_position / Format.SampleRate;
        _position += block.FrameCount;
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

    private void Decode(ReadOnlySpan<byte> raw, Span<float> destination)
    {
        var count = raw.Length / _bytesPerSample;
        for (var i = 0; i < count; i++)
        {
            var s = raw.Slice(i * _bytesPerSample, _bytesPerSample);
            destination[i] = _bytesPerSample switch
            {
                1 => (s[0] - 128) / 128f,
                2 => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                3 => ((s[2] << 24) | (s[1] << 16) | (s[0] << 8)) / 2147483648f,
                _ => _isFloat ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
            };
        }
    }

    private static bool ReadExactly(Stream stream, Span<byte> buffer)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = stream.Read(buffer[got..]);
            if (n == 0)
            {
                return false;
            }

            got += n;
        }

        return true;
    }

    private static void Skip(Stream stream, long bytes, string input)
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (bytes > 0)
        {
            var n = stream.Read(scratch[..(int)Math.Min(scratch.Length, bytes)]);
            if (n == 0)
            {
                throw new NotMediaException(input, "WAV chunk is cut off.");
            }

            bytes -= n;
        }
    }
}
