using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.Corruption;

/// <summary>
/// Finds decoder and packet-loss corruption — macroblocks smeared, misplaced or greyed by error concealment, in part
/// of the picture, from a damaged frame until the next keyframe — and reports each episode once, with its region.
/// </summary>
/// <remarks>
/// <para>Evidence per frame is <see cref="GridInnovation"/>: how many macroblocks changed along the 16×16 grid rather
/// than along object contours, against the stream's own recent norm (so low-bitrate blockiness, which is there all
/// the time, does not count; nor do cuts, fades or motion, whose changes do not follow the grid).</para>
/// <para>An episode starts at a strong grid-aligned change, or — with the FFmpeg source — at the frame near a decoder
/// error message where that change peaks (the message names the macroblock, which joins the region). It ends at the
/// next keyframe when the source knows keyframes (files), at a scene cut, or, live, after
/// <see cref="BlockCorruptionDetectorOptions.QuietEnd"/> without fresh evidence.</para>
/// </remarks>
public sealed class BlockCorruptionDetector : IFrameAnalyzer, IDecoderNoteConsumer
{
    private const int StateVersion = 3;
    private const int HistoryLength = 24;
    private const int BaselineLength = 48;

    /// <summary>Mean absolute luma change (levels) below which a frame repeats the previous one (a freeze encoded
    /// as skipped blocks, or a concealed copy).</summary>
    private const double RepeatMafd = 0.05;

    /// <summary>Repeats in a row that make a freeze rather than a concealment dip (about half a second at 25 fps).</summary>
    private const int FreezeRepeats = 12;

    /// <summary>A pixel-only onset needs this many frames of grid-aligned change (itself included)…</summary>
    private const int ConfirmingFrames = 3;

    /// <summary>…within this many frames of it.</summary>
    private const int ConfirmationWindow = 6;
    private readonly BlockCorruptionDetectorOptions _options;
    private readonly GridInnovation _innovation;
    private readonly FrameRecord[] _history = new FrameRecord[HistoryLength];
    private readonly int[] _baseline = new int[BaselineLength];
    private readonly int[] _baselineSorted = new int[BaselineLength];
    private readonly List<(long Near, int? X, int? Y, bool FlagOnly, char Concealed)> _pendingNotes = [];
    private int _baselineCount;
    private int _repeatRun;
    private long _framesSeen;
    private double _frameDuration = 0.04;
    private int _width;
    private int _height;
    private Episode? _episode;
    private FrameRecord? _candidate;
    private int _candidateEvidence;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    public BlockCorruptionDetector(BlockCorruptionDetectorOptions? options = null)
    {
        _options = options ?? new BlockCorruptionDetectorOptions();
        _options.Validate();
        _innovation = new GridInnovation(_options);
    }

    /// <summary><c>corruption</c>.</summary>
    public string Name => "corruption";

    /// <inheritdoc />
    public bool WantsAudio => false;

    /// <inheritdoc />
    public bool NeedsChroma => false;

    /// <inheritdoc />
    public bool HasPendingEvent => _episode is not null || _candidate is not null || _pendingNotes.Count > 0;

    /// <inheritdoc />
    public void Start(MediaInfo media)
    {
        ArgumentNullException.ThrowIfNull(media);
        _frameDuration = 1.0 / media.Video.FrameRate;
        _width = media.Video.Width;
        _height = media.Video.Height;
        _innovation.Start(_width, _height);
    }

    /// <inheritdoc />
    public void OnDecoderNote(DecoderNote note, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!_options.UseDecoderMessages || !IsDamageReport(note.Message))
        {
            return;
        }

        if (_episode is { } open)
        {
            open.DecoderErrors++;
            open.AddMacroblock(note.MacroblockX, note.MacroblockY);
        }

        // Kept even while an episode is open: a keyframe may end that one before this note's frame comes.
        if (_pendingNotes.Count < 256)
        {
            _pendingNotes.Add((note.NearFrame, note.MacroblockX, note.MacroblockY, IsFrameFlagOnly(note.Message), ConcealedFrameType(note.Message)));
        }
    }

    /// <inheritdoc />
    public void OnVideoFrame(VideoFrame frame, FrameFeatures features, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(events);
        _framesSeen++;
        double mafd = 0;
        if (features.HasPrevious)
        {
            // Measured first: the difference picture yields the frame's mean absolute change in the same pass.
            _innovation.Measure(features);
            mafd = features.LumaMafdToPrevious;
        }

        var cut = features.HasPrevious && mafd > _options.CutMafd;
        if (_episode is not null && (frame.IsKeyFrame == true || cut))
        {
            Close(frame.Timestamp, frame.Index - 1, events);
        }

        var record = new FrameRecord(frame.Index, frame.Timestamp, 0, 0, (0, 0, -1, -1), 0, false, frame.IsKeyFrame == true);
        if (features.HasPrevious)
        {
            var typical = RecentMedianMafd(frame.Index);
            record = record with
            {
                Flagged = _innovation.Flagged,
                Cluster = _innovation.LargestCluster,
                Box = _innovation.ClusterBox,
                Mafd = mafd,
                Stall = typical >= 1.0 && mafd < 0.25 * typical,
            };
        }

        var norm = Baseline();
        var evidence = IsEvidence(record, norm);
        if (_episode is { } episode)
        {
            Continue(episode, frame, record, evidence, events);
            // Notes about frames this open episode already covers are absorbed by it. (A loop, not RemoveAll with a
            // lambda: capturing the frame would allocate a closure on every call, even with no notes.)
            for (var i = _pendingNotes.Count - 1; i >= 0 && _episode is not null; i--)
            {
                if (frame.Index >= _pendingNotes[i].Near + _options.DecoderMessageWindow)
                {
                    _pendingNotes.RemoveAt(i);
                }
            }
        }

        if (_episode is null && !cut && features.HasPrevious)
        {
            TryOpen(frame, record, norm, evidence, events);
        }

        // A freeze teaches the norm nothing: learned from its repeats (zero change), the norm would make the motion
        // that follows look like damage. So a long run of repeats makes the detector forget and learn the norm again
        // from the motion after it (the decoder's word still opens episodes meanwhile). Short dips — concealed
        // copies — stay in the norm.
        _repeatRun = features.HasPrevious && record.Mafd < RepeatMafd ? _repeatRun + 1 : 0;
        if (_repeatRun == FreezeRepeats)
        {
            _baselineCount = 0;
        }

        if (_episode is null && _repeatRun < FreezeRepeats)
        {
            _baseline[_baselineCount++ % BaselineLength] = record.Flagged;
        }

        _history[frame.Index % HistoryLength] = record;
    }

    /// <inheritdoc />
    public void OnAudio(AudioBlock block, IDefectEventWriter events)
    {
    }

    /// <inheritdoc />
    public void Complete(IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_episode is { } open)
        {
            Close(open.LastEnd, open.LastFrame, events);
        }

        _pendingNotes.Clear();
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_framesSeen);
        w.Write(_baselineCount);
        w.Write(_repeatRun);
        w.WriteArray(_baseline);
        foreach (var h in _history)
        {
            WriteRecord(w, h);
        }

        w.Write(_pendingNotes.Count);
        foreach (var (near, x, y, flagOnly, concealed) in _pendingNotes)
        {
            w.Write(near);
            w.Write(x ?? -1);
            w.Write(y ?? -1);
            w.Write(flagOnly);
            w.Write(concealed);
        }

        w.Write(_episode is not null);
        _episode?.Write(w);
        w.Write(_candidate is not null);
        if (_candidate is { } c)
        {
            WriteRecord(w, c);
        }

        w.Write(_candidateEvidence);
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _framesSeen = r.ReadInt64();
        _baselineCount = r.ReadInt32();
        _repeatRun = r.ReadInt32();
        var baseline = r.ReadArray<int>() ?? throw new InvalidDataException("Checkpoint is missing the baseline.");
        baseline.CopyTo(_baseline, 0);
        for (var i = 0; i < HistoryLength; i++)
        {
            _history[i] = ReadRecord(r);
        }

        _pendingNotes.Clear();
        var notes = r.ReadInt32();
        for (var i = 0; i < notes; i++)
        {
            var near = r.ReadInt64();
            var x = r.ReadInt32();
            var y = r.ReadInt32();
            _pendingNotes.Add((near, x < 0 ? null : x, y < 0 ? null : y, r.ReadBoolean(), r.ReadChar()));
        }

        _episode = r.ReadBoolean() ? Episode.Read(r) : null;
        _candidate = r.ReadBoolean() ? ReadRecord(r) : null;
        _candidateEvidence = r.ReadInt32();
    });

    private static void WriteRecord(BinaryWriter w, FrameRecord h)
    {
        w.Write(h.Index);
        w.Write(h.Time);
        w.Write(h.Flagged);
        w.Write(h.Cluster);
        w.Write(h.Box.X0);
        w.Write(h.Box.Y0);
        w.Write(h.Box.X1);
        w.Write(h.Box.Y1);
        w.Write(h.Mafd);
        w.Write(h.Stall);
        w.Write(h.Key);
    }

    private static FrameRecord ReadRecord(BinaryReader r) =>
        new(r.ReadInt64(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32(), (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()), r.ReadDouble(), r.ReadBoolean(), r.ReadBoolean());

    private static bool IsFrameFlagOnly(string message) => message.StartsWith("corrupt decoded frame", StringComparison.Ordinal);

    /// <summary>The picture type of H.264's "concealing N DC, N AC, N MV errors in B frame" ('I', 'P', 'B'), or '\0'
    /// for any other message.</summary>
    private static char ConcealedFrameType(string message) =>
        message.StartsWith("concealing", StringComparison.Ordinal) && message.EndsWith(" frame", StringComparison.Ordinal) && message.Length > 8
            ? message[^7]
            : '\0';

    /// <summary>Lines that report damage, as opposed to notices (e.g. "Increasing reorder buffer").</summary>
    private static bool IsDamageReport(string message) =>
        message.Contains("error", StringComparison.OrdinalIgnoreCase)
        || message.Contains("conceal", StringComparison.OrdinalIgnoreCase)
        || message.Contains("corrupt", StringComparison.OrdinalIgnoreCase)
        || message.Contains("invalid", StringComparison.OrdinalIgnoreCase)
        || message.Contains("unavailable", StringComparison.OrdinalIgnoreCase)
        || message.Contains("out of range", StringComparison.OrdinalIgnoreCase)
        || message.Contains("missing", StringComparison.OrdinalIgnoreCase);

    /// <summary>The stream's usual count of grid-aligned blocks: the 90th percentile of recent undamaged frames.</summary>
    private int Baseline()
    {
        var n = Math.Min(_baselineCount, BaselineLength);
        if (n == 0)
        {
            return 1;
        }

        _baseline.AsSpan(0, n).CopyTo(_baselineSorted);
        var sorted = _baselineSorted.AsSpan(0, n);
        sorted.Sort();
        return Math.Max(1, sorted[(int)(0.9 * (n - 1))]);
    }

    private void TryOpen(VideoFrame frame, FrameRecord record, int norm, bool evidence, IDefectEventWriter events)
    {
        var t = frame.Index;
        if (_pendingNotes.Count > 0 && t >= _pendingNotes[0].Near + _options.DecoderMessageWindow)
        {
            OpenFromDecoder(record, events);
            if (_episode is not null)
            {
                _candidate = null;
                return;
            }
        }

        // Without the decoder's word, only a strong grid-aligned change counts — never on a keyframe, whose change
        // from a damaged picture is the repair, grid-aligned by construction — and only once confirmed: damage
        // propagates, so grid-aligned changes go on in the next frames; an encoder's one-off refresh of skipped
        // blocks does not.
        if (_candidate is { } candidate)
        {
            // Propagated damage is weaker than the onset: any grid-aligned group above the norm confirms it.
            _candidateEvidence += record.Flagged > norm && record.Cluster >= 2 ? 1 : 0;
            if (_candidateEvidence >= ConfirmingFrames)
            {
                _candidate = null;
                if (_pendingNotes.Count > 0 && _pendingNotes[0].Near <= candidate.Index)
                {
                    // The decoder already named this damage: it says what kind it is (and whether it propagates).
                    OpenWithNotes(candidate);
                }
                else
                {
                    Open(candidate, fromDecoder: false);
                }

                CatchUp(candidate, record, events);
                return;
            }

            if (t - candidate.Index >= ConfirmationWindow)
            {
                _candidate = null;
            }
        }

        // The stream's norm must be known first (one second, at most the baseline window): graphics or heavy
        // compression can make grid-aligned change normal for a stream.
        var learned = _baselineCount >= Math.Min(BaselineLength, (int)Math.Ceiling(1 / _frameDuration));
        if (_candidate is null && learned && frame.IsKeyFrame != true && record.Flagged >= MinOnset(norm) && record.Cluster >= 4)
        {
            _candidate = record;
            _candidateEvidence = 1;
        }
    }

    /// <summary>
    /// The damaged frame is the one delivered when the decoder complained or one of the next few (decoders run ahead
    /// of their output and reorder frames). Once that window has passed, the episode starts at its first concealed
    /// (copied) frame, else at its strongest grid-aligned change; if nothing visible happened there, the error itself
    /// is reported as <see cref="DefectKind.DecodeError"/>.
    /// </summary>
    private void OpenFromDecoder(FrameRecord current, IDefectEventWriter events)
    {
        var near = _pendingNotes[0].Near;
        var first = Math.Max(near, current.Index - HistoryLength + 1);
        FrameRecord? stall = null, changed = null;
        var norm = Baseline();
        for (var i = first; i <= Math.Min(current.Index, near + _options.DecoderMessageWindow); i++)
        {
            var h = i == current.Index ? current : _history[i % HistoryLength];
            if (h.Index != i)
            {
                continue;
            }

            stall ??= h.Stall && RecoversAfter(h, current) ? h : null;
            changed ??= h.Flagged > norm ? h : null;
        }

        // A bitstream error plus a frame that did not update is a concealed frame; a bare "corrupt frame" flag
        // needs a visible grid-aligned change too (decoders flag frames whose damage concealment hid well).
        var hardError = _pendingNotes.Exists(n => !n.FlagOnly);
        var errors = _pendingNotes.Count;
        if (((hardError ? stall : null) ?? changed) is not { } start)
        {
            events.Write(new DefectEvent
            {
                Kind = DefectKind.DecodeError,
                Start = _history[near % HistoryLength].Index == near ? _history[near % HistoryLength].Time : current.Time,
                End = current.Time + _frameDuration,
                Confidence = 0.9,
                FirstFrame = near,
                LastFrame = current.Index,
                Detector = Name,
                Metrics = new Dictionary<string, double> { ["decoderErrors"] = errors },
            });
            _pendingNotes.Clear();
            return;
        }

        OpenWithNotes(start);
        CatchUp(start, current, events);
    }

    /// <summary>Opens an episode at <paramref name="start"/> that the pending decoder notes describe.</summary>
    private void OpenWithNotes(FrameRecord start)
    {
        // Damage the decoder concealed only in B-frames does not propagate: the rest of the GOP is not predicted from
        // them, so such an episode lasts as long as it is seen rather than to the next keyframe.
        var contained = _pendingNotes.Exists(n => n.Concealed == 'B') && !_pendingNotes.Exists(n => n.Concealed is 'I' or 'P');
        Open(start, fromDecoder: true, contained);
        foreach (var (_, x, y, _, _) in _pendingNotes)
        {
            _episode!.AddMacroblock(x, y);
        }

        _episode!.DecoderErrors = _pendingNotes.Count;
        _pendingNotes.Clear();
    }

    /// <summary>Visible damage: a group of grid-aligned blocks clearly above the stream's norm.</summary>
    private static bool IsEvidence(FrameRecord record, int norm) => record.Flagged >= norm + 3 && record.Cluster >= 2;

    /// <summary>An episode opened at an earlier frame covers the frames since, unless a keyframe ended it.</summary>
    private void CatchUp(FrameRecord start, FrameRecord current, IDefectEventWriter events)
    {
        var norm = Baseline();
        for (var i = start.Index + 1; i <= current.Index && _episode is { } open; i++)
        {
            var h = i == current.Index ? current : _history[i % HistoryLength];
            open.Seen |= IsEvidence(h, norm);
            if (h.Key || (open.Contained && !IsEvidence(h, norm)))
            {
                Close(h.Time, i - 1, events);
            }
            else
            {
                open.LastFrame = i;
                open.LastEnd = h.Time + _frameDuration;
                open.Peak = Math.Max(open.Peak, h.Flagged);
            }
        }
    }

    /// <summary>Grid-aligned blocks a frame needs to start an episode on pixels alone: a share of the picture (a
    /// count would mean less at 4K than at 480p), at least <see cref="BlockCorruptionDetectorOptions.MinOnsetBlocks"/>,
    /// and four times the stream's norm.</summary>
    private int MinOnset(int norm) =>
        Math.Max(Math.Max(_options.MinOnsetBlocks, (int)Math.Ceiling(_options.MinOnsetShare * _innovation.Columns * _innovation.Rows)), 4 * norm);

    /// <summary>A concealed copy is a dip: the picture moves again within two frames. A calmer shot after a busy one
    /// also changes less than before, but stays calm.</summary>
    private bool RecoversAfter(FrameRecord dip, FrameRecord current)
    {
        for (var i = dip.Index + 1; i <= Math.Min(dip.Index + 2, current.Index); i++)
        {
            var next = i == current.Index ? current : _history[i % HistoryLength];
            if (next.Index == i && next.Mafd >= 3 * Math.Max(dip.Mafd, 0.1))
            {
                return true;
            }
        }

        return false;
    }

    private double RecentMedianMafd(long index)
    {
        Span<double> recent = stackalloc double[8];
        var n = 0;
        for (var i = Math.Max(0, index - 8); i < index; i++)
        {
            var h = _history[i % HistoryLength];
            if (h.Index == i && h.Mafd > 0)
            {
                recent[n++] = h.Mafd;
            }
        }

        if (n == 0)
        {
            return 0;
        }

        recent = recent[..n];
        recent.Sort();
        return recent[n / 2];
    }

    private void Open(FrameRecord start, bool fromDecoder, bool contained = false)
    {
        _episode = new Episode
        {
            FirstFrame = start.Index,
            Start = start.Time,
            LastFrame = start.Index,
            LastEnd = start.Time + _frameDuration,
            LastEvidence = start.Index,
            Peak = start.Flagged,
            FromDecoder = fromDecoder,
            Contained = contained,
            Seen = IsEvidence(start, Baseline()),
        };
        _episode.AddBox(start.Box);
    }

    private void Continue(Episode episode, VideoFrame frame, FrameRecord record, bool evidence, IDefectEventWriter events)
    {
        if (evidence)
        {
            episode.LastEvidence = frame.Index;
            episode.Peak = Math.Max(episode.Peak, record.Flagged);
            episode.Seen = true;
        }

        var quiet = (frame.Index - episode.LastEvidence) * _frameDuration;
        var keyframesUnknown = frame.IsKeyFrame is null;
        if (frame.Timestamp - episode.Start > _options.MaxEpisode.TotalSeconds
            || (keyframesUnknown && quiet > _options.QuietEnd.TotalSeconds)
            || (episode.Contained && !evidence))
        {
            Close(frame.Timestamp, frame.Index - 1, events);
            return;
        }

        episode.LastFrame = frame.Index;
        episode.LastEnd = frame.Timestamp + _frameDuration;
    }

    private void Close(double end, long lastFrame, IDefectEventWriter events)
    {
        var episode = _episode!;
        _episode = null;
        if (lastFrame < episode.FirstFrame)
        {
            return;
        }

        var region = episode.Region(_width, _height);
        var area = region is { } r ? (double)r.Area / ((long)_width * _height) : 0;
        events.Write(new DefectEvent
        {
            // The decoder's word, but no frame of the episode showed visible damage: concealment hid it well.
            // Reported as what is known — a decode error — not as visible blocks.
            Kind = episode.FromDecoder && !episode.Seen ? DefectKind.DecodeError : DefectKind.BlockCorruption,
            Start = episode.Start,
            End = end,
            Confidence = episode.FromDecoder ? 0.95 : Math.Round(Math.Clamp(0.5 + (episode.Peak / 100.0), 0.5, 0.9), 3),
            FirstFrame = episode.FirstFrame,
            LastFrame = lastFrame,
            Detector = Name,
            Region = region,
            Metrics = new Dictionary<string, double>
            {
                ["affectedArea"] = Math.Round(area, 4),
                ["peakGridBlocks"] = episode.Peak,
                ["decoderErrors"] = episode.DecoderErrors,
            },
        });
    }

    /// <summary>What the detector remembers of a recent frame. <c>Stall</c>: the frame barely changed while its
    /// neighbours moved — a concealed (copied) frame.</summary>
    private readonly record struct FrameRecord(long Index, double Time, int Flagged, int Cluster, (int X0, int Y0, int X1, int Y1) Box, double Mafd, bool Stall, bool Key);

    /// <summary>An open corruption episode.</summary>
    private sealed class Episode
    {
        private (int X0, int Y0, int X1, int Y1) _box = (int.MaxValue, int.MaxValue, -1, -1);

        public long FirstFrame { get; init; }

        public double Start { get; init; }

        public long LastFrame { get; set; }

        public double LastEnd { get; set; }

        public long LastEvidence { get; set; }

        public int Peak { get; set; }

        public int DecoderErrors { get; set; }

        public bool FromDecoder { get; init; }

        /// <summary>Damage that does not propagate (B-frames only): the episode ends at the first frame without
        /// evidence.</summary>
        public bool Contained { get; init; }

        /// <summary>Whether any of its frames showed visible damage (see <c>IsEvidence</c>).</summary>
        public bool Seen { get; set; }

        public void AddBox((int X0, int Y0, int X1, int Y1) box)
        {
            if (box.X1 >= box.X0)
            {
                _box = (Math.Min(_box.X0, box.X0), Math.Min(_box.Y0, box.Y0), Math.Max(_box.X1, box.X1), Math.Max(_box.Y1, box.Y1));
            }
        }

        public void AddMacroblock(int? x, int? y)
        {
            if (x is { } mx && y is { } my && mx >= 0 && my >= 0)
            {
                AddBox((mx, my, mx, my));
            }
        }

        public PixelRegion? Region(int width, int height)
        {
            if (_box.X1 < _box.X0)
            {
                return null;
            }

            var x = Math.Min(_box.X0 * 16, width - 1);
            var y = Math.Min(_box.Y0 * 16, height - 1);
            return new PixelRegion(x, y, Math.Min(((_box.X1 + 1) * 16) - x, width - x), Math.Min(((_box.Y1 + 1) * 16) - y, height - y));
        }

        public void Write(BinaryWriter w)
        {
            w.Write(FirstFrame);
            w.Write(Start);
            w.Write(LastFrame);
            w.Write(LastEnd);
            w.Write(LastEvidence);
            w.Write(Peak);
            w.Write(DecoderErrors);
            w.Write(FromDecoder);
            w.Write(Contained);
            w.Write(Seen);
            w.Write(_box.X0);
            w.Write(_box.Y0);
            w.Write(_box.X1);
            w.Write(_box.Y1);
        }

        public static Episode Read(BinaryReader r)
        {
            var e = new Episode
            {
                FirstFrame = r.ReadInt64(),
                Start = r.ReadDouble(),
                LastFrame = r.ReadInt64(),
                LastEnd = r.ReadDouble(),
                LastEvidence = r.ReadInt64(),
                Peak = r.ReadInt32(),
                DecoderErrors = r.ReadInt32(),
                FromDecoder = r.ReadBoolean(),
                Contained = r.ReadBoolean(),
                Seen = r.ReadBoolean(),
            };
            e._box = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            return e;
        }
    }
}
