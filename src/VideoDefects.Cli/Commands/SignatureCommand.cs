using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Reference;

namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects signature SOURCE --output FILE</c>: fingerprints a source once, so that any number of its
/// copies can be measured against it (<c>analyze COPY --reference FILE</c>) without decoding it again.</summary>
internal static class SignatureCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (line.Positional.Count != 1)
        {
            throw new UsageException("signature takes exactly one SOURCE (a file path or URL).");
        }

        var output = line.Value("output") ?? throw new UsageException("signature needs --output FILE.");
        var quiet = line.Flag("quiet");
        var trusted = line.Flag("trusted-input");
        line.RejectUnknown();

        var signature = await ReferenceSignature.LoadAsync(line.Positional[0], new FFmpegSourceOptions { Limits = MediaLimits.Default, TrustedInput = trusted }, ReferenceSampling.Whole, cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(output);
        await using (var file = File.Create(full + ".tmp"))
        {
            signature.Save(file);
        }

        File.Move(full + ".tmp", full, overwrite: true);
        if (!quiet)
        {
            await stdout.WriteLineAsync($"Signature of {line.Positional[0]}: {signature.FrameCount} frames, {signature.AudioSeconds:0.0} s of sound -> {output}").ConfigureAwait(false);
        }

        return CliApp.Ok;
    }
}
