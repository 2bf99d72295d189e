using VideoDefects.Analysis;

namespace VideoDefects.Detectors.AvSync.Timestamps;

/// <summary>
/// Follows the container's audio and video packet timestamps and finds where their relation moves: a step (a splicer,
/// an encoder restart or a clock fault moving one stream's timestamps against the other's) and slow drift (one
/// stream's clock running fast, in ppm). This sees timestamp faults — what a player will do with the streams — not
/// offsets baked into the pictures and sound themselves.
/// </summary>
/// <remarks>
/// Each stream's packets should follow each other by their duration. A packet that does not is a jump of that stream's
/// clock, except a gap of a whole number of packet durations, which is what lost packets look like (the player keeps
/// both streams on their timestamps: no sync change). A jump of both streams alike (a splice or a discontinuity in
/// both) leaves the relation where it was: a step is reported only once both streams have run past it and the relation
/// has settled. Drift is the difference of the two streams' slopes of timestamp against their own packet durations
/// (least squares over every packet, constant memory).
/// </remarks>
internal sealed class TimestampRelation
{
    /// <summary>How long both streams must run past a jump before the relation counts as settled.</summary>
    private const double SettleSeconds = 0.5;

    /// <summary>A gap this close (seconds) to a whole number of packet durations is taken for lost packets.</summary>
    private const double WholePacketsTolerance = 0.0005;

    private readonly StreamClock _video = new();
    private readonly StreamClock _audio = new();
    private double _reportedRelation;
    private double _pendingSince = double.NaN;
    private double _firstVideoTime = double.NaN;

    /// <summary>The relation's net change so far (seconds; positive: audio later against video than at the start).</summary>
    public double Relation => _audio.Jumps - _video.Jumps;

    /// <summary>Steps reported so far.</summary>
    public int Steps { get; private set; }

    /// <summary>How much faster the audio timestamps run than the video's, in ppm (null until each stream has a few
    /// seconds of packets).</summary>
    public double? DriftPpm => _video.Slope is { } v && _audio.Slope is { } a ? (a - v) * 1e6 : null;

    /// <summary>Seconds of input followed (video clock).</summary>
    public double Span => _video.Packets == 0 ? 0 : _video.LastTime - _video.FirstTime;

    /// <summary>Adds one packet; returns a settled step (its time on the video clock and its size in seconds) when
    /// this packet settles one larger than <paramref name="minStep"/>.</summary>
    public (double Time, double Size)? Add(PacketTiming packet, double minStep)
    {
        var clock = packet.Stream == MediaStreamKind.Video ? _video : _audio;
        if (packet.Stream == MediaStreamKind.Video && double.IsNaN(_firstVideoTime))
        {
            _firstVideoTime = packet.PresentationTime;
        }

        if (clock.Add(packet) is { } jumpAt && double.IsNaN(_pendingSince))
        {
            _pendingSince = jumpAt;
        }

        return double.IsNaN(_pendingSince) || _video.Packets == 0 || _audio.Packets == 0
            || Math.Min(_video.LastTime, _audio.LastTime) < _pendingSince + SettleSeconds
            ? null
            : Settle(minStep);
    }

    /// <summary>At the end of the input: a step still settling counts now (null when none, or too small).</summary>
    public (double Time, double Size)? Flush(double minStep) => double.IsNaN(_pendingSince) ? null : Settle(minStep);

    public void Save(BinaryWriter w)
    {
        _video.Save(w);
        _audio.Save(w);
        w.Write(_reportedRelation);
        w.Write(_pendingSince);
        w.Write(_firstVideoTime);
        w.Write(Steps);
    }

    public void Restore(BinaryReader r)
    {
        _video.Restore(r);
        _audio.Restore(r);
        _reportedRelation = r.ReadDouble();
        _pendingSince = r.ReadDouble();
        _firstVideoTime = r.ReadDouble();
        Steps = r.ReadInt32();
    }

    /// <summary>The relation's change since the last reported step, if larger than <paramref name="minStep"/>,
    /// placed where the first unsettled jump happened.</summary>
    private (double Time, double Size)? Settle(double minStep)
    {
        var at = _pendingSince;
        _pendingSince = double.NaN;
        var change = Relation - _reportedRelation;
        if (Math.Abs(change) <= minStep)
        {
            return null;
        }

        _reportedRelation = Relation;
        Steps++;
        return (at - (double.IsNaN(_firstVideoTime) ? 0 : _firstVideoTime), change);
    }

    /// <summary>One stream's packet clock: where the next packet is due, the jumps seen, and the drift fit.</summary>
    private sealed class StreamClock
    {
        /// <summary>The drift fit needs this much of the stream (seconds).</summary>
        private const double MinFitSeconds = 2;

        /// <summary>Containers with a millisecond time base (Matroska, WebM, FLV) state durations in whole milliseconds:
        /// 1024 samples at 48 kHz become 21 ms for 21.333. Summed, such durations drift from the timestamps by
        /// thousands of ppm (15 625 ppm here) — rounding, not a clock. A stream whose whole-millisecond durations miss
        /// its timestamps' steps by less than a millisecond on this share of packets or more has no drift measure.</summary>
        private const double RoundedShare = 0.1;

        private long _roundedMisses;

        private double _expected = double.NaN;
        private double _nominal;
        private double _clock;

        // Least-squares sums of (time, offset from the packet durations' own clock).
        private double _n;
        private double _sumT;
        private double _sumY;
        private double _sumTT;
        private double _sumTY;

        public long Packets { get; private set; }

        public double FirstTime { get; private set; }

        public double LastTime { get; private set; }

        /// <summary>The sum of this stream's jumps (seconds).</summary>
        public double Jumps { get; private set; }

        public double? Slope
        {
            get
            {
                if (_roundedMisses > RoundedShare * Packets)
                {
                    return null;
                }

                var d = (_n * _sumTT) - (_sumT * _sumT);
                return LastTime - FirstTime >= MinFitSeconds && _n > 2 && d > 0 ? ((_n * _sumTY) - (_sumT * _sumY)) / d : null;
            }
        }

        /// <summary>Adds a packet; returns where (seconds, this stream's old clock) its clock jumped, if it did.</summary>
        public double? Add(PacketTiming p)
        {
            var time = p.DecodeTime;
            var duration = p.Duration > 0 ? p.Duration : _nominal;
            double? jumpedAt = null;
            if (Packets == 0)
            {
                FirstTime = time;
                _clock = time;
            }
            else
            {
                // Where this packet was due (the previous one's time plus its duration), and where the durations alone
                // would put it (for drift). A stream without durations learns its step from the first two packets.
                var gap = time - _expected;
                var step = duration > 0 ? duration : time - LastTime;
                var lost = step > 0 && gap > 0 && Math.Abs(gap - (Math.Round(gap / step) * step)) <= WholePacketsTolerance;
                if (Math.Abs(gap) > Math.Max(0.002, 0.25 * step))
                {
                    _clock += gap;
                    if (!lost)
                    {
                        Jumps += gap;
                        jumpedAt = _expected;
                    }
                }

                var wholeMs = duration > 0 && Math.Abs((duration * 1000) - Math.Round(duration * 1000)) < 1e-6;
                _roundedMisses += wholeMs && Math.Abs(gap) is > 1e-6 and <= 0.0011 ? 1 : 0;
                var y = time - _clock;
                _n++;
                _sumT += time;
                _sumY += y;
                _sumTT += time * time;
                _sumTY += time * y;
                duration = duration > 0 ? duration : step;
            }

            _nominal = duration;
            _clock += duration;
            _expected = time + duration;
            LastTime = time;
            Packets++;
            return jumpedAt;
        }

        public void Save(BinaryWriter w)
        {
            foreach (var v in (double[])[_expected, _nominal, _clock, _n, _sumT, _sumY, _sumTT, _sumTY, FirstTime, LastTime, Jumps])
            {
                w.Write(v);
            }

            w.Write(Packets);
            w.Write(_roundedMisses);
        }

        public void Restore(BinaryReader r)
        {
            (_expected, _nominal, _clock, _n, _sumT, _sumY) = (r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
            (_sumTT, _sumTY) = (r.ReadDouble(), r.ReadDouble());
            FirstTime = r.ReadDouble();
            LastTime = r.ReadDouble();
            Jumps = r.ReadDouble();
            Packets = r.ReadInt64();
            _roundedMisses = r.ReadInt64();
        }
    }
}
