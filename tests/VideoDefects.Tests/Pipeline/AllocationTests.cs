using VideoDefects.Detectors;
using VideoDefects.Detectors.Registry;
using VideoDefects.Frames;
using VideoDefects.Pipeline;
using VideoDefects.Tests.Support;

namespace VideoDefects.Tests.Pipeline;

/// <summary>The hot path allocates nothing per frame once warmed up (pooled frames, reused buffers): thousands of
/// streams must not feed the garbage collector. Events and AV windows allocate, but only when they happen.</summary>
public class AllocationTests
{
    [Fact]
    public void Analysing_a_frame_with_the_frozen_and_corruption_detectors_allocates_nothing()
    {
        var format = FrameRunner.Format(320, 192);
        var pipeline = new AnalysisPipeline(DetectorRegistry.Default.Create(["frozen", "corruption"]));
        pipeline.Start(new MediaInfo("alloc", format, null));
        using var pool = new VideoFramePool(format);
        var pictures = Enumerable.Range(0, 8).Select(i =>
        {
            var f = VideoFrame.Create(format);
            Synthetic.Fill(f, 3 * i, 2, new Random(i)); // moving content: no event
            return f;
        }).ToArray();

        void Feed(int count, int offset)
        {
            for (var i = 0; i < count; i++)
            {
                var frame = pool.Rent();
                pictures[(offset + i) % pictures.Length].Buffer.CopyTo(frame.GetWritableBuffer());
                frame.Timestamp = (offset + i) / 25.0;
                pipeline.ProcessVideo(frame);
            }
        }

        Feed(100, 0); // warm up: pools, histories, JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        Feed(200, 100);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(pipeline.Events);
        Assert.Equal(0, allocated);
    }
}
