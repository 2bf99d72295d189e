namespace VideoDefects.Frames;

/// <summary>A pool of <see cref="AudioBlock"/> objects of one format and capacity.</summary>
public sealed class AudioBlockPool : IDisposable
{
    private readonly ObjectStack<AudioBlock> _free = new();

    /// <summary>Creates a pool of blocks holding <paramref name="capacityFrames"/> sample frames of <paramref name="format"/>.</summary>
    public AudioBlockPool(AudioFormat format, int capacityFrames)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityFrames);
        Format = format;
        CapacityFrames = capacityFrames;
    }

    /// <summary>The format of every block.</summary>
    public AudioFormat Format { get; }

    /// <summary>Sample frames each block holds.</summary>
    public int CapacityFrames { get; }

    /// <summary>Takes a free block or creates one. Dispose it to give it back.</summary>
    public AudioBlock Rent() => _free.TryRent(this) ?? new AudioBlock(Format, CapacityFrames, this);

    internal void Return(AudioBlock block)
    {
        if (!_free.TryReturn(block))
        {
            block.ReleaseBuffer();
        }
    }

    /// <summary>Releases the free blocks' buffers.</summary>
    public void Dispose() => _free.Close(static b => b.ReleaseBuffer());
}
