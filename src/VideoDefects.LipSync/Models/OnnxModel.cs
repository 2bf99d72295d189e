using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace VideoDefects.LipSync.Models;

/// <summary>A model's inputs and outputs in buffers allocated once, bound to the process-wide session of its file: a
/// call writes the input buffers, runs, and reads the output buffers, allocating nothing of its own per frame. Sessions
/// are shared (ONNX Runtime's <c>Run</c> is thread-safe) so that a monitor of many streams loads each model once.</summary>
internal sealed class OnnxModel : IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<InferenceSession>> Sessions = new();
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtIoBinding _binding;
    private readonly OrtValue[] _inputValues;
    private readonly OrtValue[] _outputValues;

    /// <summary>Loads <paramref name="model"/> from <paramref name="directory"/> (checked) with tensors of the shapes
    /// given, in the order given.</summary>
    public OnnxModel(ModelFile model, string directory, (string Name, long[] Shape)[] inputs, (string Name, long[] Shape)[] outputs, (string Name, long Value)? scalarInput = null)
    {
        var path = LipSyncModels.Locate(model, directory);
        var session = Sessions.GetOrAdd(path, p => new Lazy<InferenceSession>(() => Load(p)));
        try
        {
            _session = session.Value;
        }
        catch (OnnxRuntimeException e)
        {
            Sessions.TryRemove(path, out _);
            throw new LipSyncModelException(model, directory, $"ONNX Runtime cannot load '{path}': {e.Message}", e);
        }

        Inputs = [.. inputs.Select(i => new float[Elements(i.Shape)])];
        Outputs = [.. outputs.Select(o => new float[Elements(o.Shape)])];
        var inputValues = inputs.Select((i, k) => OrtValue.CreateTensorValueFromMemory(Inputs[k], i.Shape)).ToList();
        var inputNames = inputs.Select(i => i.Name).ToList();
        if (scalarInput is { } scalar)
        {
            inputValues.Add(OrtValue.CreateTensorValueFromMemory(new[] { scalar.Value }, []));
            inputNames.Add(scalar.Name);
        }

        _inputValues = [.. inputValues];
        _outputValues = [.. outputs.Select((o, k) => OrtValue.CreateTensorValueFromMemory(Outputs[k], o.Shape))];

        // Bound once: a run then marshals no names and allocates nothing on our side.
        _binding = _session.CreateIoBinding();
        for (var i = 0; i < _inputValues.Length; i++)
        {
            _binding.BindInput(inputNames[i], _inputValues[i]);
        }

        for (var i = 0; i < _outputValues.Length; i++)
        {
            _binding.BindOutput(outputs[i].Name, _outputValues[i]);
        }
    }

    /// <summary>The input buffers, one per input given (row-major, in the shapes given).</summary>
    public float[][] Inputs { get; }

    /// <summary>The output buffers, filled by <see cref="Run"/>.</summary>
    public float[][] Outputs { get; }

    /// <summary>Runs the model on <see cref="Inputs"/> into <see cref="Outputs"/>.</summary>
    public void Run() => _session.RunWithBinding(_run, _binding);

    /// <inheritdoc />
    public void Dispose()
    {
        _binding.Dispose();
        foreach (var value in _inputValues.Concat(_outputValues))
        {
            value.Dispose();
        }

        _run.Dispose();
    }

    private static InferenceSession Load(string path)
    {
        // One thread per call: a monitor runs many streams side by side, and one thread keeps results bit-identical.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        return new InferenceSession(path, options);
    }

    private static int Elements(long[] shape) => (int)shape.Aggregate(1L, (a, b) => a * b);
}
