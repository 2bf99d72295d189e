using VideoDefects.Detectors.AvSync.Reference;
using VideoDefects.Errors;
using VideoDefects.Pipeline;

namespace VideoDefects.FFmpeg.Reference;

/// <summary>
/// Gets the <see cref="SyncSignature"/> of a reference for AV-sync measurement against it: read from a signature file
/// saved earlier (<see cref="SyncSignature.Save"/>), or recorded by decoding the media with FFmpeg.
/// </summary>
public static class ReferenceSignature
{
    /// <summary>Frames are fingerprinted at most this wide.</summary>
    private const int FingerprintWidth = 320;

    /// <summary>Source options for recording a signature (<see cref="SyncSignatureRecorder"/>,
    /// <see cref="LiveSyncReference.Recorder"/>) from <paramref name="options"/>: any number of decoder threads (where a
    /// decoder error lands does not matter for a fingerprint), no loop filter, frames scaled down in FFmpeg — the
    /// signature averages 4×4 cells of the picture, which none of these change, and the reference's decode costs a
    /// fraction of the copy's analysis.</summary>
    public static FFmpegSourceOptions FingerprintOptions(FFmpegSourceOptions? options = null) =>
        (options ?? new FFmpegSourceOptions()) with { DecoderThreads = 0, FingerprintWidth = FingerprintWidth, DecodeAudio = true };

    /// <summary>
    /// Loads the signature at <paramref name="reference"/> when it is a saved signature file, otherwise decodes as much
    /// of the media (file or URL) as <paramref name="sampling"/> says and records one.
    /// </summary>
    /// <param name="reference">A saved signature file, or the media.</param>
    /// <param name="options">How the media is decoded (scaled down for a fingerprint whatever is given).</param>
    /// <param name="sampling">How much of long media is decoded; default <see cref="ReferenceSampling.Default"/>
    /// (samples of 45 s every 135 s from 3 minutes on).</param>
    /// <param name="cancellationToken">Stops the decode.</param>
    /// <exception cref="MediaException">The reference is missing, not media, or not decodable — named as the
    /// reference in the message.</exception>
    public static async Task<SyncSignature> LoadAsync(string reference, FFmpegSourceOptions? options = null, ReferenceSampling? sampling = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        sampling ??= ReferenceSampling.Default;
        if (SyncSignature.IsSignatureFile(reference))
        {
            try
            {
                await using var file = File.OpenRead(reference);
                return SyncSignature.Load(file);
            }
            catch (InvalidDataException e)
            {
                throw new NotMediaException(reference, $"Reference '{reference}': {e.Message}", e);
            }
        }

        var fingerprint = FingerprintOptions(options);
        IReadOnlyList<long>? samples;
        double expectedFrames;
        await using (var whole = new FFmpegSource(reference, fingerprint))
        {
            var media = await whole.ProbeAsync(cancellationToken).ConfigureAwait(false);
            samples = sampling.FirstFrames(media.Duration, media.Video.FrameRate);
            expectedFrames = (media.Duration ?? TimeSpan.Zero).TotalSeconds * media.Video.FrameRate;
            if (samples is null)
            {
                return await RecordAsync(whole, cancellationToken).ConfigureAwait(false);
            }
        }

        // The sound from a whole pass that decodes the keyframes only: where sound resumes after a seek differs by codec
        // (a Vorbis stream came out 23.5 ms early), so it is never taken from the samples. An intra-only reference
        // (every frame a keyframe) gets its whole picture from this pass too, and nothing is saved by sampling it.
        SyncSignature sound;
        await using (var keyframes = new FFmpegSource(reference, fingerprint with { KeyframesOnly = true }))
        {
            sound = await RecordAsync(keyframes, cancellationToken).ConfigureAwait(false);
        }

        if (sound.FrameCount >= 0.9 * expectedFrames)
        {
            return sound;
        }

        // The picture in samples, each decoded by its own FFmpeg from the keyframe before it (exactly the frames a whole
        // decode gives there); the recorder carries on across them, the stretches between marked as not recorded.
        var picture = new SyncSignatureRecorder();
        foreach (var first in samples)
        {
            await using var source = new FFmpegSource(reference, fingerprint with { StartFrame = first, DecodeDuration = sampling.Span, DecodeAudio = false });
            using var pipeline = new AnalysisPipeline([picture]);
            pipeline.Configure(source);
            var media = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            var start = first / media.Video.FrameRate;
            if (first > 0)
            {
                picture.ContinueAt(TimeSpan.FromSeconds(start));
            }

            pipeline.Start(media, first, start);
            await pipeline.ProcessAsync(source, cancellationToken).ConfigureAwait(false);
        }

        return SyncSignature.Combine(picture.Signature, sound);
    }

    private static async Task<SyncSignature> RecordAsync(FFmpegSource source, CancellationToken cancellationToken)
    {
        var recorder = new SyncSignatureRecorder();
        await new AnalysisPipeline([recorder]).RunAsync(source, cancellationToken).ConfigureAwait(false);
        return recorder.Signature;
    }
}
