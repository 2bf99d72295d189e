using VideoDefects.FFmpeg.Decoding;

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
}
