using VideoDefects.LipSync.Models;

namespace VideoDefects.LipSync.Speech;

/// <summary>Silero VAD v5: the probability that each 32 ms of 16 kHz audio is speech. Stateful: feed chunks in order.</summary>
internal sealed class SpeechDetector : IDisposable
{
    /// <summary>New samples per call (32 ms at 16 kHz).</summary>
    public const int Chunk = 512;
    private const int Context = 64;

    private readonly OnnxModel _model;

    public SpeechDetector(string modelsDirectory)
    {
        _model = new OnnxModel(
            ModelFile.SpeechDetector,
            modelsDirectory,
            [("input", [1, Context + Chunk]), ("state", [2, 1, 128])],
            [("output", [1, 1]), ("stateN", [2, 1, 128])],
            ("sr", Resampler.OutputRate));
    }

    /// <summary>The model's recurrent state and the context it carries over: what a checkpoint must keep.</summary>
    public float[] State => _model.Inputs[1];

    /// <summary>The last <see cref="Context"/> samples seen.</summary>
    public Span<float> ContextSamples => _model.Inputs[0].AsSpan(0, Context);

    /// <summary>The speech probability of <paramref name="chunk"/> (<see cref="Chunk"/> samples at 16 kHz).</summary>
    public float Probability(ReadOnlySpan<float> chunk)
    {
        var input = _model.Inputs[0];
        chunk.CopyTo(input.AsSpan(Context));
        _model.Run();
        _model.Outputs[1].CopyTo(_model.Inputs[1], 0);
        input.AsSpan(Chunk, Context).CopyTo(input); // the next call's context: this chunk's tail
        return _model.Outputs[0][0];
    }

    /// <summary>Forgets what was heard (a new stream).</summary>
    public void Reset()
    {
        Array.Clear(_model.Inputs[0]);
        Array.Clear(_model.Inputs[1]);
    }

    public void Dispose() => _model.Dispose();
}
