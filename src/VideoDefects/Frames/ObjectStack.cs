namespace VideoDefects.Frames;

/// <summary>The free list shared by the frame and audio pools: a locked stack that stops accepting once closed.</summary>
internal sealed class ObjectStack<T>
    where T : class
{
    private readonly Stack<T> _free = new();
    private readonly Lock _gate = new();
    private bool _closed;

    public int Created { get; private set; }

    /// <summary>Pops a free item, or counts a new one the caller must create (returns <see langword="null"/>).</summary>
    public T? TryRent(object owner)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, owner);
            if (_free.TryPop(out var item))
            {
                return item;
            }

            Created++;
            return null;
        }
    }

    /// <summary>Keeps <paramref name="item"/> for reuse; <see langword="false"/> once closed (the caller releases it).</summary>
    public bool TryReturn(T item)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _free.Push(item);
            return true;
        }
    }

    /// <summary>Stops reuse and hands every free item to <paramref name="release"/>.</summary>
    public void Close(Action<T> release)
    {
        lock (_gate)
        {
            _closed = true;
            while (_free.TryPop(out var item))
            {
                release(item);
            }
        }
    }
}
