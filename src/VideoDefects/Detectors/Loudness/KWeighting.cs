namespace VideoDefects.Detectors.Loudness;

/// <summary>
/// ITU-R BS.1770-4's K-weighting for one channel: a high-shelf "pre-filter" (+4 dB above ~1.7 kHz, the head's
/// effect) followed by the RLB high-pass (~38 Hz). The coefficients are derived for any sample rate from the analog
/// prototypes (as libebur128 and FFmpeg do); at 48 kHz they equal the standard's table.
/// </summary>
internal struct KWeighting
{
    private readonly double _b0;
    private readonly double _b1;
    private readonly double _b2;
    private readonly double _a1;
    private readonly double _a2;
    private readonly double _ra1;
    private readonly double _ra2;
    private double _x1;
    private double _x2;
    private double _y1;
    private double _y2;
    private double _z1;
    private double _z2;

    public KWeighting(int sampleRate)
    {
        // Stage 1: the high shelf.
        var f0 = 1681.974450955533;
        var g = 3.999843853973347;
        var q = 0.7071752369554196;
        var k = Math.Tan(Math.PI * f0 / sampleRate);
        var vh = Math.Pow(10, g / 20);
        var vb = Math.Pow(vh, 0.4996667741545416);
        var a0 = 1 + (k / q) + (k * k);
        _b0 = (vh + (vb * k / q) + (k * k)) / a0;
        _b1 = 2 * ((k * k) - vh) / a0;
        _b2 = (vh - (vb * k / q) + (k * k)) / a0;
        _a1 = 2 * ((k * k) - 1) / a0;
        _a2 = (1 - (k / q) + (k * k)) / a0;

        // Stage 2: the RLB high-pass; its numerator is 1, −2, 1 as in the standard (written out in Process).
        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        k = Math.Tan(Math.PI * f0 / sampleRate);
        _ra1 = 2 * ((k * k) - 1) / (1 + (k / q) + (k * k));
        _ra2 = (1 - (k / q) + (k * k)) / (1 + (k / q) + (k * k));
        (_x1, _x2, _y1, _y2, _z1, _z2) = (0, 0, 0, 0, 0, 0);
    }

    /// <summary>Filters one sample.</summary>
    public double Process(double x)
    {
        var y = (_b0 * x) + (_b1 * _x1) + (_b2 * _x2) - (_a1 * _y1) - (_a2 * _y2);
        (_x2, _x1) = (_x1, x);
        var z = y - (2 * _y1) + _y2 - (_ra1 * _z1) - (_ra2 * _z2);
        (_y2, _y1) = (_y1, y);
        (_z2, _z1) = (_z1, z);
        return z;
    }

    /// <summary>Drops denormal-range state after long silence (it would slow the filter down, and means nothing).</summary>
    public void Flush()
    {
        if (Math.Abs(_y1) + Math.Abs(_y2) + Math.Abs(_z1) + Math.Abs(_z2) < 1e-30)
        {
            (_y1, _y2, _z1, _z2) = (0, 0, 0, 0);
        }
    }

    public readonly void Write(BinaryWriter w)
    {
        w.Write(_x1);
        w.Write(_x2);
        w.Write(_y1);
        w.Write(_y2);
        w.Write(_z1);
        w.Write(_z2);
    }

    public void Read(BinaryReader r) => (_x1, _x2, _y1, _y2, _z1, _z2) = (r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
}
