namespace VideoDefects.Analysis;

/// <summary>Implemented by analyzers that use decoder messages as evidence (the pipeline forwards them).</summary>
public interface IDecoderNoteConsumer
{
    /// <summary>Receives one decoder message, in stream order relative to the frames already analysed.</summary>
    void OnDecoderNote(DecoderNote note, IDefectEventWriter events);
}
