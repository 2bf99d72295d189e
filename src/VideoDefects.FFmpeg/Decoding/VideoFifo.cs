using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace VideoDefects.FFmpeg.Decoding;

/// <summary>
/// The video's (and the sound's) way out of FFmpeg on Linux: a named pipe (FIFO) in a private temporary directory, its
/// buffer raised to 1 MB, which FFmpeg writes as an output file and <see cref="VideoPipeReader"/> (or
/// <see cref="AudioPipeReader"/>) reads — to its end, also after FFmpeg has exited, which FFMpegCore's pipes do not
/// allow (it disposes them when FFmpeg exits, with what was still in flight).
/// </summary>
/// <remarks>
/// FFMpegCore's pipe outputs are Unix sockets, whose writer may have ≈200 KB in flight: a tenth of a 1080p luma frame.
/// FFmpeg writes its output on the thread that also feeds its decoder threads, so every time our reader is briefly
/// busy FFmpeg stops decoding too. A 1 MB pipe absorbs that jitter (measured, 2 min of 1080p25 H.264 on 2 cores: a
/// plain reader takes 8.8 s through the socket, 8.3 s through a 64 KB FIFO, 7.4 s through a 1 MB one; the whole
/// analysis went from 10.1 to 7.9 s). Elsewhere, and when Linux will not raise the buffer, <see cref="TryCreate"/>
/// gives null and the video goes through FFMpegCore's pipe. An unprivileged user's pipes share
/// <c>fs.pipe-user-pages-soft</c> (64 MB by default), past which every new pipe of theirs — FFmpeg's log pipe included —
/// gets 8 KB: such a process keeps at most <see cref="MaxUnprivileged"/> FIFOs (half of it) at a time, and its further
/// sources use FFMpegCore's pipe.
/// <para>The read end is opened first, without blocking, so FFmpeg's open never waits; <see cref="WaitForWriter"/>
/// then tells "FFmpeg opened it" from "FFmpeg ended without opening it" (a failure), so nothing hangs either way.</para>
/// </remarks>
internal sealed partial class VideoFifo : IDisposable
{
    /// <summary>The pipe buffer asked for; Linux lets any process raise its pipes to 1 MB (fs.pipe-max-size).</summary>
    public const int BufferBytes = 1 << 20;

    /// <summary>The most FIFOs an unprivileged process holds at once (see the remarks).</summary>
    public const int MaxUnprivileged = 32;
    private const int OwnerReadWrite = 0x180; // 0600
    private const int ReadOnly = 0, NonBlocking = 0x800, CloseOnExec = 0x80000;
    private const int GetFlags = 3, SetFlags = 4, SetPipeSize = 1031;
    private const short PollIn = 0x1, PollHangUp = 0x10;
    private static int _live;
    private readonly DirectoryInfo _directory;
    private readonly SafeFileHandle _handle;
    private int _disposed;

    private VideoFifo(DirectoryInfo directory, string path, SafeFileHandle handle)
    {
        _directory = directory;
        Path = path;
        _handle = handle;
    }

    /// <summary>The FIFO's path, for FFmpeg's output.</summary>
    public string Path { get; }

    /// <summary>Makes the FIFO, opens its read end (without blocking) and raises its buffer to
    /// <see cref="BufferBytes"/>; null where that cannot be done (not Linux, refused, no temporary directory) or should
    /// not (<see cref="MaxUnprivileged"/>).</summary>
    /// <param name="fileName">The FIFO's name in its directory (shown in FFmpeg's messages).</param>
    public static VideoFifo? TryCreate(string fileName = "video.raw")
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (Interlocked.Increment(ref _live) > MaxUnprivileged && !Environment.IsPrivilegedProcess)
        {
            Interlocked.Decrement(ref _live);
            return null;
        }

        var fifo = TryMake(fileName);
        if (fifo is null)
        {
            Interlocked.Decrement(ref _live);
        }

        return fifo;
    }

    private static VideoFifo? TryMake(string fileName)
    {
        DirectoryInfo directory;
        try
        {
            directory = Directory.CreateTempSubdirectory("videodefects-");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var path = System.IO.Path.Combine(directory.FullName, fileName);
        SafeFileHandle? handle = null;
        if (MakeFifo(path, OwnerReadWrite) == 0)
        {
            handle = new SafeFileHandle((nint)Open(path, ReadOnly | NonBlocking | CloseOnExec), ownsHandle: true);
            if (handle.IsInvalid || Control(handle, SetPipeSize, BufferBytes) < BufferBytes)
            {
                handle.Dispose();
                handle = null;
            }
        }

        if (handle is null)
        {
            directory.Delete(recursive: true);
            return null;
        }

        return new VideoFifo(directory, path, handle);
    }

    /// <summary>Waits until FFmpeg has opened the FIFO and written (or closed it), then makes reads block.</summary>
    /// <param name="writerDone">Whether FFmpeg has exited: if it has and never wrote, there is nothing to read.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The read end as a stream, or null when FFmpeg ended without writing.</returns>
    public Stream? WaitForWriter(Func<bool> writerDone, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Looked at before polling: a writer that wrote and left is still seen by the poll that follows.
            var done = writerDone();
            var poll = new PollFd { Fd = (int)_handle.DangerousGetHandle(), Events = PollIn };
            var ready = Poll(ref poll, 1, done ? 0 : 100);
            if (ready > 0 && (poll.ReturnedEvents & (PollIn | PollHangUp)) != 0)
            {
                var flags = Control(_handle, GetFlags, 0);
                if (flags < 0 || Control(_handle, SetFlags, flags & ~NonBlocking) < 0)
                {
                    throw Failure("fcntl");
                }

                return new FileStream(_handle, FileAccess.Read, bufferSize: 0);
            }

            if (done || cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>Reads what FFmpeg writes to the FIFO to its end on a thread of its own (the readers block), then disposes
    /// the FIFO: also after FFmpeg has exited, so nothing still in flight is lost.</summary>
    /// <param name="ffmpegExited">Whether FFmpeg has exited (see <see cref="WaitForWriter"/>).</param>
    /// <param name="read">Reads the stream to its end.</param>
    /// <param name="cancellationToken">Stops waiting for FFmpeg to open the FIFO.</param>
    public Task ReadToEndAsync(Func<bool> ffmpegExited, Action<Stream> read, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                using (this)
                {
                    using var stream = WaitForWriter(ffmpegExited, cancellationToken);
                    if (stream is not null)
                    {
                        read(stream);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>Closes the read end (a writer still writing gets a broken pipe) and removes the directory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Decrement(ref _live);
        _handle.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Temporary files: the OS cleans up what we could not.
        }
    }

    private IOException Failure(string call) =>
        new($"{call} failed for {Path}.", new Win32Exception(Marshal.GetLastPInvokeError()));

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, int mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Control(SafeFileHandle fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);
}
