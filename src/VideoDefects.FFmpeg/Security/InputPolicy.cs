using System.Globalization;

namespace VideoDefects.FFmpeg.Security;

/// <summary>
/// What FFmpeg may touch while reading one input. Untrusted inputs get a protocol whitelist suited to their own
/// scheme (a local file may not pull network URLs or other files through a playlist; an <c>https</c> input may not
/// reach <c>file:</c>) and a demuxer whitelist without the indirection formats (concat, subfile-style playlists) that
/// local inputs could use to read arbitrary files.
/// </summary>
internal sealed record InputPolicy(string Scheme, bool IsFile, string? ProtocolWhitelist, string? FormatWhitelist, bool IsLive)
{
    /// <summary>Container demuxers allowed for untrusted local files: plain media formats, no playlists or concat.</summary>
    private const string LocalFormats =
        "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpegtsraw,mpegps,mpegvideo,flv,avi,asf,mxf,ogg,ivf,yuv4mpegpipe,wav,"
        + "mp3,aac,ac3,eac3,flac,h264,hevc,m4v,obu,av1,mjpeg,rawvideo,dv,nut,gif,image2,png_pipe,jpeg_pipe";

    public static InputPolicy For(string input, bool trusted)
    {
        var scheme = SchemeOf(input);
        var isFile = scheme is "" or "file";
        var isLive = scheme is "udp" or "rtp" or "srt" or "rtmp" or "rtmps" or "rtsp" or "tcp";
        if (trusted)
        {
            return new InputPolicy(scheme, isFile, null, null, isLive);
        }

        string? protocols = scheme switch
        {
            "" or "file" => "file",
            "http" => "http,tcp",
            "https" => "https,tls,tcp,crypto",
            "udp" => "udp",
            "rtp" => "rtp,udp",
            "srt" => "srt,udp",
            "rtmp" => "rtmp,tcp",
            "rtmps" => "rtmps,tls,tcp",
            "rtsp" => "rtsp,rtp,udp,tcp",
            "tcp" => "tcp",
            _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the '{scheme}:' protocol is not allowed for untrusted input")),
        };

        // Network inputs may be HLS/DASH playlists (that is how live video is served); their protocol whitelist keeps
        // every segment on network protocols. Local files may not be playlists at all.
        return new InputPolicy(scheme, isFile, protocols, isFile ? LocalFormats : null, isLive);
    }

    /// <summary>FFmpeg input options enforcing the policy and, for network inputs, a read timeout 2 s beyond
    /// <paramref name="readTimeout"/> (the caller's own watchdog fires first).</summary>
    public IEnumerable<string> InputArguments(TimeSpan readTimeout)
    {
        if (ProtocolWhitelist is not null)
        {
            yield return $"-protocol_whitelist {ProtocolWhitelist}";
        }

        if (FormatWhitelist is not null)
        {
            yield return $"-format_whitelist {FormatWhitelist}";
        }

        if (IsLive)
        {
            // Live streams: find the stream parameters within 2 s instead of FFmpeg's 5 s, so a monitor starts fast.
            yield return "-analyzeduration 2000000 -probesize 2000000";
        }

        if (!IsFile)
        {
            // FFmpeg's own timeout is only a backstop, 2 s after the source's watchdog (FFmpegSource), which names the
            // stall ("no data for N s"): with the two equal they raced, and a silent input was reported either so or
            // as "the input ended" (FFmpeg gave up first), depending on scheduling. rw_timeout covers every network
            // protocol's reads; udp has its own 'timeout'.
            var micros = ((long)(readTimeout + TimeSpan.FromSeconds(2)).TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
            yield return Scheme is "udp" or "rtp" ? $"-timeout {micros}" : $"-rw_timeout {micros}";
        }
    }

    /// <summary>The protocol FFmpeg would use: "scheme:" prefixes count with or without "//" (FFmpeg reads
    /// "concat:a|b" or "subfile:..." as protocols too); a single letter is a Windows drive, not a scheme.</summary>
    private static string SchemeOf(string input)
    {
        var colon = input.IndexOf(':', StringComparison.Ordinal);
        if (colon < 2)
        {
            return "";
        }

        var scheme = input[..colon];
        return char.IsAsciiLetter(scheme[0]) && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            ? scheme.ToLowerInvariant()
            : "";
    }
}
