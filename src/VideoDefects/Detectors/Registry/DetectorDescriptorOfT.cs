using System.Text.Json.Serialization.Metadata;
using VideoDefects.Analysis;

namespace VideoDefects.Detectors.Registry;

/// <summary>A detector with options of type <typeparamref name="TOptions"/>: the one thing to write, beside the
/// detector, for hosts to offer it.</summary>
/// <typeparam name="TOptions">Its options: an immutable record whose defaults are the recommended settings.</typeparam>
/// <example><code>
/// var registry = DetectorRegistry.Default.With(new DetectorDescriptor&lt;MyOptions&gt;(
///     "mine", "What it finds.", o =&gt; new MyDetector(o), MyJsonContext.Default.MyOptions, new MyOptions()));
/// </code></example>
public sealed class DetectorDescriptor<TOptions> : DetectorDescriptor
    where TOptions : class
{
    private readonly Func<TOptions, IFrameAnalyzer> _create;
    private readonly JsonTypeInfo<TOptions> _json;
    private readonly TOptions _defaults;

    /// <summary>Describes a detector.</summary>
    /// <param name="name">Its name (lower-case letters, digits, '-').</param>
    /// <param name="summary">One line: what it finds.</param>
    /// <param name="create">Builds it; throws <see cref="ArgumentException"/> for options it refuses.</param>
    /// <param name="optionsJson">Source-generated JSON metadata of the options (AOT-safe reading).</param>
    /// <param name="defaultOptions">The options used when none are given.</param>
    /// <param name="onByDefault">Whether it runs when no detectors are named.</param>
    public DetectorDescriptor(string name, string summary, Func<TOptions, IFrameAnalyzer> create, JsonTypeInfo<TOptions> optionsJson, TOptions defaultOptions, bool onByDefault = true)
        : base(name, summary, onByDefault)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(optionsJson);
        ArgumentNullException.ThrowIfNull(defaultOptions);
        (_create, _json, _defaults) = (create, optionsJson, defaultOptions);
    }

    /// <inheritdoc/>
    public override Type OptionsType => typeof(TOptions);

    /// <inheritdoc/>
    public override JsonTypeInfo OptionsJson => _json;

    /// <inheritdoc/>
    public override object DefaultOptions => _defaults;

    /// <inheritdoc/>
    public override IFrameAnalyzer Create(object? options)
    {
        var typed = options switch
        {
            null => _defaults,
            TOptions o => o,
            _ => throw new InvalidDetectorOptionsException(Name, $"takes {typeof(TOptions).Name}, not {options.GetType().Name}."),
        };
        try
        {
            return _create(typed);
        }
        catch (ArgumentException e) when (e is not InvalidDetectorOptionsException)
        {
            throw new InvalidDetectorOptionsException(Name, e.Message, e);
        }
    }
}
