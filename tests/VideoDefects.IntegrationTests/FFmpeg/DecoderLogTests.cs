using VideoDefects.Analysis;
using VideoDefects.FFmpeg.Decoding;
using VideoDefects.Frames;

namespace VideoDefects.IntegrationTests.FFmpeg;

public class DecoderLogTests
{
    [Theory]
    [InlineData(false, 20.0, 25.0, true)]
    [InlineData(false, 3 * 3600.0, 25.0, true)] // exactly MaxMarkedFrames
    [InlineData(false, (3 * 3600.0) + 1, 25.0, false)]
    [InlineData(false, 2 * 3600.0, 60.0, false)] // 432 000 frames: the budget is frames (log lines), not time
    [InlineData(false, null, 25.0, false)] // a file of unknown length could be a day long
    [InlineData(true, 20.0, 25.0, false)] // live: never ends
    public void Frames_are_marked_only_for_inputs_that_end_within_the_log_budget(bool isLive, double? seconds, double frameRate, bool expected)
    {
        var duration = seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        Assert.Equal(expected, DecoderLog.MarksFrames(isLive, duration, frameRate));
    }

    /// <summary>FFmpeg's wording, as logged by its H.264 decoder on the corpus' damaged streams.</summary>
    [Theory]
    [InlineData("corrupt decoded frame", DecoderNoteKind.DamagedFrame)]
    [InlineData("error while decoding MB 14 0, bytestream 4710", DecoderNoteKind.SliceError)]
    [InlineData("concealing 8160 DC, 8160 AC, 8160 MV errors in B frame", DecoderNoteKind.SliceError)]
    [InlineData("left block unavailable for requested intra mode", DecoderNoteKind.SliceError)]
    [InlineData("cabac decode of qscale diff failed at 74 44", DecoderNoteKind.SliceError)]
    [InlineData("reference picture missing during reorder", DecoderNoteKind.ReferenceError)]
    [InlineData("Missing reference picture, default is 65560", DecoderNoteKind.ReferenceError)]
    [InlineData("mmco: unref short failure", DecoderNoteKind.ReferenceError)]
    [InlineData("illegal short term buffer state detected", DecoderNoteKind.ReferenceError)]
    [InlineData("co located POCs unavailable", DecoderNoteKind.ReferenceError)]
    [InlineData("Increasing reorder buffer to 1", DecoderNoteKind.Other)]
    public void Decoder_lines_are_classified(string message, DecoderNoteKind expected) => Assert.Equal(expected, DecoderLog.Classify(message));

    [Fact]
    public void Frame_markers_give_time_keyframe_and_picture_type_and_notes_land_before_their_frame()
    {
        using var log = new DecoderLog(0, markers: true, () => 0);
        Assert.True(log.Offer("[Parsed_showinfo_0 @ 0x55e723c756c0] n:   0 pts:      0 pts_time:0       pos:       48 fmt:yuv420p sar:0/1 s:1920x1080 i:P iskey:1 type:I "));
        Assert.False(log.Offer("[h264 @ 0x561916142080] concealing 7586 DC, 7586 AC, 7586 MV errors in P frame"));
        Assert.False(log.Offer("clip.mp4: corrupt decoded frame in stream 0"));
        Assert.True(log.Offer("[Parsed_showinfo_0 @ 0x55e723c756c0] n:   1 pts:    512 pts_time:0.0833333 pos:     1239 fmt:yuv420p sar:0/1 s:1920x1080 i:P iskey:0 type:P "));

        Assert.Equal(new FrameMark(0, true, PictureType.I), log.WaitForNextFrame(TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.False(log.TryTakeNoteBefore(0, out _));
        Assert.Equal(new FrameMark(0.0833333, false, PictureType.P), log.WaitForNextFrame(TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.True(log.TryTakeNoteBefore(1, out var concealment));
        Assert.Equal((DecoderNoteKind.SliceError, PictureType.P, 7586, 1L), (concealment.Kind, concealment.PictureType, concealment.ConcealedMacroblocks, concealment.NearFrame));
        Assert.True(log.TryTakeNoteBefore(1, out var flag));
        Assert.Equal((DecoderNoteKind.DamagedFrame, 1L), (flag.Kind, flag.NearFrame));
    }

    /// <summary>The MPEG-TS demuxer's "Packet corrupt" says where only on a live input (it reads a file far ahead of
    /// the decoder; there the markers' timestamps show lost frames instead).</summary>
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Demuxer_packet_loss_is_a_note_on_live_inputs_only(bool markers, bool expected)
    {
        using var log = new DecoderLog(0, markers, () => 7);
        log.Offer("[mpegts @ 0x55fdc23fa940] Packet corrupt (stream = 0, dts = 430490).");
        Assert.Equal(expected, log.TryTakeNoteBefore(long.MaxValue, out var note));
        Assert.True(!expected || note!.Kind == DecoderNoteKind.PacketLoss);
    }

    /// <summary>An FFmpeg too old for our options, or built without an encoder the demo uses, is named as such (exit
    /// 10 in the CLI), not reported as an unreadable input.</summary>
    [Theory]
    [InlineData("Unrecognized option 'fps_mode'.\nError splitting the argument list: Option not found", "too old")]
    [InlineData("Unknown encoder 'libx264'", "lacks an encoder")]
    public void An_unfit_FFmpeg_is_a_decoder_error_that_says_why(string log, string expected)
    {
        var error = Assert.IsType<VideoDefects.Errors.DecoderException>(FFmpegErrors.FromLog("clip.mp4", log, "failed"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
