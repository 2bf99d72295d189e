using FsCheck;
using FsCheck.Fluent;

namespace VideoDefects.Tests.Support;

/// <summary>How a source moves the clock from one frame to the next.</summary>
public enum ClockStep
{
    /// <summary>One frame later (0.04 s): what a good source does.</summary>
    Regular,

    /// <summary>Backwards by up to a second.</summary>
    Back,

    /// <summary>The same timestamp again.</summary>
    Repeat,

    /// <summary>Forwards by up to 5 s (a gap).</summary>
    Jump,

    /// <summary>Not a number.</summary>
    NaN,

    /// <summary>Infinity.</summary>
    Infinite,
}

/// <summary>One frame and one audio block a source delivers, and how their clocks move.</summary>
/// <param name="Clock">How the frame's timestamp moves from the previous one.</param>
/// <param name="Amount">How far, as a share of the step's range (0–1), for <see cref="ClockStep.Back"/> and <see cref="ClockStep.Jump"/>.</param>
/// <param name="Content">The frame's pixels: 0 repeats the previous picture's buffer as it is, otherwise the seed of new pixels.</param>
/// <param name="AudioFrames">Samples per channel in the audio block (1–320).</param>
/// <param name="AudioStart">The audio block's start time, seconds (0–10, unrelated to the video clock).</param>
/// <param name="FirstSample">The audio block's sample index.</param>
public sealed record StreamStep(ClockStep Clock, double Amount, byte Content, int AudioFrames, double AudioStart, int FirstSample)
{
    /// <inheritdoc />
    public override string ToString() => $"{Clock}({Amount:0.##}) content {Content}, audio {AudioFrames} @ {AudioStart:0.##} s #{FirstSample}";
}

/// <summary>
/// FsCheck's <see cref="Arbitrary{T}"/> for what a misbehaving source delivers: 1–120 <see cref="StreamStep"/>s. A
/// failure shrinks to fewer steps, each made as regular as the failure allows, instead of to a random seed.
/// </summary>
public static class TestStreams
{
    /// <summary>The generator and shrinker of step sequences.</summary>
    public static Arbitrary<StreamStep[]> Streams() => Arb.From(
        from count in Gen.Choose(1, 120)
        from steps in Gen.ArrayOf(Step(), count)
        select steps,
        Shrink);

    private static Gen<StreamStep> Step() =>
        from clock in Gen.Frequency((3, Gen.Constant(ClockStep.Regular)), (5, Gen.Elements(Enum.GetValues<ClockStep>())))
        from amount in Gen.Choose(0, 1000)
        from content in Gen.Frequency((1, Gen.Constant((byte)0)), (2, Gen.Choose(1, 255).Select(c => (byte)c)))
        from audioFrames in Gen.Choose(1, 320)
        from audioStart in Gen.Choose(0, 10_000)
        from firstSample in Gen.Choose(0, 100_000)
        select new StreamStep(clock, amount / 1000.0, content, audioFrames, audioStart / 1000.0, firstSample);

    private static IEnumerable<StreamStep[]> Shrink(StreamStep[] steps)
    {
        if (steps.Length > 1)
        {
            yield return steps[..(steps.Length / 2)];
            yield return steps[(steps.Length / 2)..];
            yield return steps[..^1];
        }

        for (var i = 0; i < steps.Length; i++)
        {
            var simpler = steps[i] with { Clock = ClockStep.Regular, Amount = 0, AudioStart = 0, FirstSample = 0 };
            if (simpler != steps[i])
            {
                var copy = (StreamStep[])steps.Clone();
                copy[i] = simpler;
                yield return copy;
            }
        }
    }
}
