using System.Collections;
using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Registry;

/// <summary>The detectors made for one analysis (<see cref="DetectorRegistry.Create"/>), in the order they run.
/// Dispose it when the analysis ends: it releases the detectors that hold resources (the lip-sync detector's model
/// buffers) and leaves the others to the garbage collector.</summary>
public sealed class DetectorSet : IReadOnlyList<IFrameAnalyzer>, IDisposable
{
    private readonly IFrameAnalyzer[] _detectors;

    internal DetectorSet(IFrameAnalyzer[] detectors) => _detectors = detectors;

    /// <inheritdoc />
    public int Count => _detectors.Length;

    /// <inheritdoc />
    public IFrameAnalyzer this[int index] => _detectors[index];

    /// <inheritdoc />
    public IEnumerator<IFrameAnalyzer> GetEnumerator() => ((IEnumerable<IFrameAnalyzer>)_detectors).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes every detector that is <see cref="IDisposable"/>.</summary>
    public void Dispose() => DisposeAll(_detectors);

    /// <summary>Disposes those of <paramref name="analyzers"/> that are <see cref="IDisposable"/> (for hosts that hold
    /// their analyzers as a plain list).</summary>
    public static void DisposeAll(IEnumerable<IFrameAnalyzer> analyzers)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        foreach (var analyzer in analyzers.OfType<IDisposable>())
        {
            analyzer.Dispose();
        }
    }
}
