namespace VideoDefects.Analysis;

/// <summary>Writes and reads analyzer state with a name and version check, so a wrong checkpoint fails loudly. For
/// analyzers in other packages as much as the built-in ones.</summary>
public static class CheckpointSerializer
{
    /// <summary>A checkpoint of <paramref name="analyzer"/> at state <paramref name="version"/> holding what
    /// <paramref name="write"/> writes.</summary>
    public static AnalyzerCheckpoint Write(string analyzer, int version, Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return new AnalyzerCheckpoint(analyzer, version, stream.ToArray());
    }

    /// <summary>Reads <paramref name="checkpoint"/> with <paramref name="read"/> after checking it is
    /// <paramref name="analyzer"/>'s at <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentException">Another analyzer's, or another version's.</exception>
    public static void Read(AnalyzerCheckpoint checkpoint, string analyzer, int version, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Analyzer != analyzer || checkpoint.Version != version)
        {
            throw new ArgumentException(
                $"Checkpoint of '{checkpoint.Analyzer}' v{checkpoint.Version} cannot restore '{analyzer}' v{version}.",
                nameof(checkpoint));
        }

        using var reader = new BinaryReader(new MemoryStream(checkpoint.State), System.Text.Encoding.UTF8);
        read(reader);
    }

    /// <summary>Writes <paramref name="values"/> (null included) for <see cref="ReadArray{T}"/>.</summary>
    public static void WriteArray<T>(this BinaryWriter writer, T[]? values)
        where T : unmanaged
    {
        if (values is null)
        {
            writer.Write(-1);
            return;
        }

        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads what <see cref="WriteArray{T}"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The checkpoint is truncated.</exception>
    public static T[]? ReadArray<T>(this BinaryReader reader)
        where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length < 0)
        {
            return null;
        }

        // A corrupt length must not become a huge allocation: the bytes have to be there.
        var stream = reader.BaseStream;
        if (stream.CanSeek && (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > stream.Length - stream.Position)
        {
            throw new InvalidDataException("Checkpoint is truncated.");
        }

        var values = new T[length];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length)
        {
            throw new InvalidDataException("Checkpoint is truncated.");
        }

        return values;
    }

    /// <summary>Writes sync estimates per window (<see cref="Reports.AvSyncWindow"/>) for <see cref="ReadAvSyncWindows"/>.</summary>
    public static void WriteAvSyncWindows(this BinaryWriter writer, IReadOnlyCollection<Reports.AvSyncWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(windows);
        writer.Write(windows.Count);
        foreach (var window in windows)
        {
            writer.Write(window.Start);
            writer.Write(window.End);
            writer.Write(window.AudioDelayMs ?? double.NaN);
            writer.Write(window.Confidence);
        }
    }

    /// <summary>Replaces <paramref name="windows"/> with what <see cref="WriteAvSyncWindows"/> wrote.</summary>
    public static void ReadAvSyncWindows(this BinaryReader reader, List<Reports.AvSyncWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(windows);
        windows.Clear();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var start = reader.ReadDouble();
            var end = reader.ReadDouble();
            var delay = reader.ReadDouble();
            windows.Add(new Reports.AvSyncWindow(start, end, double.IsNaN(delay) ? null : delay, reader.ReadDouble()));
        }
    }
}
