using System.Diagnostics;
using VideoDefects.FFmpeg.Decoding;

namespace VideoDefects.IntegrationTests.FFmpeg;

/// <summary>The Linux FIFO the video leaves FFmpeg through: its buffer, and that neither side can hang on it.</summary>
public class VideoFifoTests
{
    [Fact]
    public void Exists_on_Linux_only_as_a_private_fifo_that_dispose_removes()
    {
        using var fifo = VideoFifo.TryCreate();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(fifo);
            return;
        }

        Assert.NotNull(fifo);
        Assert.Equal("fifo", Stat("%F", fifo.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fifo.Path));
        var folder = Path.GetDirectoryName(fifo.Path)!;
        fifo.Dispose();
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Holds_a_megabyte_before_anyone_reads_and_gives_it_all_back()
    {
        using var fifo = LinuxFifo();
        var data = new byte[VideoFifo.BufferBytes];
        Random.Shared.NextBytes(data);
        // A default 64 KB pipe would block this writer until someone reads.
        var writing = Task.Run(() =>
        {
            using var writer = new FileStream(fifo.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            writer.Write(data);
        });
        await writing.WaitAsync(TimeSpan.FromSeconds(10));

        using var stream = fifo.WaitForWriter(() => true, CancellationToken.None);
        Assert.NotNull(stream);
        var read = new byte[data.Length + 1];
        var got = 0;
        int n;
        while ((n = stream.Read(read, got, read.Length - got)) > 0)
        {
            got += n;
        }

        Assert.Equal(data.Length, got);
        Assert.True(data.AsSpan().SequenceEqual(read.AsSpan(0, got)));
    }

    [Fact]
    public async Task A_writer_that_never_comes_ends_the_wait_once_it_is_known_to_have_exited()
    {
        using var fifo = LinuxFifo();
        var exited = false;
        var waiting = Task.Run(() => fifo.WaitForWriter(() => Volatile.Read(ref exited), CancellationToken.None));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "The wait must last while the writer may still come.");
        Volatile.Write(ref exited, true);
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cancelling_ends_the_wait()
    {
        using var fifo = LinuxFifo();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var waited = Stopwatch.StartNew();
        var stream = await Task.Run(() => fifo.WaitForWriter(() => false, cancel.Token)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(stream);
        Assert.InRange(waited.Elapsed.TotalSeconds, 0.15, 5);
    }

    [Fact]
    public async Task A_writer_that_opened_and_closed_without_writing_reads_as_an_empty_stream()
    {
        using var fifo = LinuxFifo();
        await Task.Run(() => new FileStream(fifo.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite).Dispose());
        using var stream = fifo.WaitForWriter(() => false, CancellationToken.None);
        Assert.NotNull(stream);
        Assert.Equal(0, stream.Read(new byte[16]));
    }

    private static VideoFifo LinuxFifo()
    {
        Assert.True(OperatingSystem.IsLinux(), "The FIFO transport is Linux's; this suite runs on Linux.");
        return VideoFifo.TryCreate() ?? throw new InvalidOperationException("No FIFO with a 1 MB buffer could be made here.");
    }

    private static string Stat(string format, string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return output;
    }
}
