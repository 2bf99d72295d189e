using System.CommandLine;
using VideoDefects.Errors;
using VideoDefects.FFmpeg;
using VideoDefects.FFmpeg.Reference;

namespace VideoDefects.Cli.Commands;

/// <summary><c>videodefects signature SOURCE --output FILE</c>: fingerprints a source once, so that any number of its
/// copies can be measured against it (<c>analyze COPY --reference FILE</c>) without decoding it again.</summary>
internal sealed class SignatureCommand : Command
{
    private readonly Argument<string> _source = new("SOURCE") { Description = "The clean source: a media file or URL." };
    private readonly Option<string> _output = new("--output") { HelpName = "FILE", Description = "The signature file to write.", Required = true };
    private readonly Option<bool> _trusted = CliOptions.TrustedInput();
    private readonly Option<bool> _quiet = CliOptions.Quiet();

    public SignatureCommand()
        : base("signature", "Fingerprint a source for 'analyze --reference'.")
    {
        Add(_source);
        Add(_output);
        Add(_trusted);
        Add(_quiet);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult line, CancellationToken cancellationToken)
    {
        var source = line.GetRequiredValue(_source);
        var output = line.GetRequiredValue(_output);
        var options = new FFmpegSourceOptions { Limits = MediaLimits.Default, TrustedInput = line.GetValue(_trusted) };
        var signature = await ReferenceSignature.LoadAsync(source, options, ReferenceSampling.Whole, cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(output);
        await using (var file = File.Create(full + ".tmp"))
        {
            signature.Save(file);
        }

        File.Move(full + ".tmp", full, overwrite: true);
        if (!line.GetValue(_quiet))
        {
            await line.InvocationConfiguration.Output.WriteLineAsync($"Signature of {source}: {signature.FrameCount} frames, {signature.AudioSeconds:0.0} s of sound -> {output}").ConfigureAwait(false);
        }

        return CliApp.Ok;
    }
}
