using System.Text.Json.Serialization;

namespace VideoDefects.Analysis;

/// <summary>What kind of defect an event reports; serialized with the report schema's names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DefectKind>))]
public enum DefectKind
{
    /// <summary>The picture stopped changing (<c>frozenFrame</c>).</summary>
    [JsonStringEnumMemberName("frozenFrame")]
    FrozenFrame,

    /// <summary>Decoder or packet-loss macroblocking (<c>blockCorruption</c>).</summary>
    [JsonStringEnumMemberName("blockCorruption")]
    BlockCorruption,

    /// <summary>Sound and picture out of sync beyond the alarm profile (<c>avSyncOffset</c>).</summary>
    [JsonStringEnumMemberName("avSyncOffset")]
    AvSyncOffset,

    /// <summary>Black picture (<c>black</c>).</summary>
    [JsonStringEnumMemberName("black")]
    Black,

    /// <summary>Silent audio (<c>silence</c>).</summary>
    [JsonStringEnumMemberName("silence")]
    Silence,

    /// <summary>The input delivered nothing: not connected, stalled or failed (<c>signalLoss</c>).</summary>
    [JsonStringEnumMemberName("signalLoss")]
    SignalLoss,

    /// <summary>The decoder reported an error in the bitstream (<c>decodeError</c>).</summary>
    [JsonStringEnumMemberName("decodeError")]
    DecodeError,

    /// <summary>Loudness outside the chosen profile: integrated loudness off target, true peak or short-term loudness
    /// above the maximum (<c>loudness</c>).</summary>
    [JsonStringEnumMemberName("loudness")]
    Loudness,

    /// <summary>Audio samples stuck at full scale (<c>clipping</c>).</summary>
    [JsonStringEnumMemberName("clipping")]
    Clipping,
}
