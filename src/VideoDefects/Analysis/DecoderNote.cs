namespace VideoDefects.Analysis;

/// <summary>What a decoder said about the bitstream, e.g. FFmpeg's "error while decoding MB 12 7".</summary>
/// <param name="Message">The decoder's line (input names redacted).</param>
/// <param name="NearFrame">The index of the next frame to come out of the decoder when the message was logged (with the
/// FFmpeg source: by FFmpeg's frame markers for files, by the frames read so far for live inputs): the damaged frame is
/// this one or a few after it (decoders work ahead of their output).</param>
/// <param name="MacroblockX">The macroblock column the error names, when it names one.</param>
/// <param name="MacroblockY">The macroblock row the error names, when it names one.</param>
public sealed record DecoderNote(string Message, long NearFrame, int? MacroblockX = null, int? MacroblockY = null);

/// <summary>Implemented by analyzers that use decoder messages as evidence (the pipeline forwards them).</summary>
public interface IDecoderNoteConsumer
{
    /// <summary>Receives one decoder message, in stream order relative to the frames already analysed.</summary>
    void OnDecoderNote(DecoderNote note, IDefectEventWriter events);
}
