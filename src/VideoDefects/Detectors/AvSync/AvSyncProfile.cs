namespace VideoDefects.Detectors.AvSync;

/// <summary>Broadcast limits for audio/video offset, as (audio early, audio late) in milliseconds.</summary>
public enum AvSyncProfile
{
    /// <summary>ITU-R BT.1359 detectability: 45 ms early, 125 ms late (default).</summary>
    Bt1359Detectability,

    /// <summary>ITU-R BT.1359 acceptability: 90 ms early, 185 ms late.</summary>
    Bt1359Acceptability,

    /// <summary>EBU R37 (distribution): 40 ms early, 60 ms late.</summary>
    EbuR37,

    /// <summary>ATSC IS-191: 15 ms early, 45 ms late.</summary>
    AtscIs191,
}
