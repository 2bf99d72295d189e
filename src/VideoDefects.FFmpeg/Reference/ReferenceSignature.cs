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
    /// Loads the signature at <paramref name="reference"/> when it is a saved signature file, otherwise decodes the
    /// media (file or URL) and records one.
    /// </summary>
    /// <exception cref="MediaException">The reference is missing, not media, or not decodable — named as the
    /// reference in the message.</exception>
    public static async Task<SyncSignature> LoadAsync(string reference, FFmpegSourceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
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

        var recorder = new SyncSignatureRecorder();
        await using var source = new FFmpegSource(reference, FingerprintOptions(options));
        await new AnalysisPipeline([recorder]).RunAsync(source, cancellationToken).ConfigureAwait(false);
        return recorder.Signature;
    }
}
