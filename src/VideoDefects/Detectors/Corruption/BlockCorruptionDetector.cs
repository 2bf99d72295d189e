using VideoDefects.Analysis;
using VideoDefects.Frames;

namespace VideoDefects.Detectors.Corruption;

/// <summary>
/// Finds decoder and packet-loss corruption — macroblocks smeared, misplaced or greyed by error concealment, in part
/// of the picture, from a damaged frame until the stream recovers at its next keyframe — and reports each episode
/// once, with its region.
/// </summary>
/// <remarks>
/// <para><b>The decoder's word sets the extent.</b> With the FFmpeg source, the decoder flags each frame it concealed
/// (<see cref="DecoderNoteKind.DamagedFrame"/>), names lost or broken references
/// (<see cref="DecoderNoteKind.ReferenceError"/>), and frames lost outright show as gaps in the timestamps
/// (<see cref="VideoFrame.FramesLostBefore"/>). Damage in a picture that others are predicted from (I, P) spreads to
/// every frame after it — and to the B frames shown just before it, which are predicted from it too — until a
/// keyframe the decoder did not flag; damage in a B picture stays in it. Pixels grade such an episode (how many of its
/// frames show the damage, where); they never cancel it.</para>
/// <para><b>Pixels on their own</b> find damage that decodes without a word — baked in upstream and re-encoded.
/// Evidence is <see cref="BlockSeams"/>: steps along the 16×16 macroblock grid in the picture itself that the
/// neighbourhood of each border does not have. An episode starts where many such seams appear at once (well above
/// what is usual for the stream — in new seams and in seams at all — so low-bitrate blockiness, graphics and cuts do
/// not count), some of them on borders of blocks replaced as wholes (a source turning blocky replaces none), and they
/// stay in most of the next frames; it ends when they are gone for <c>8</c> frames (repaired), at a keyframe (files), or at a scene
/// cut. The temporal grid measure <see cref="GridInnovation"/> grades decoder episodes (how many of their frames show
/// grid-aligned change, where).</para>
/// <para><see cref="DefectKind.DecodeError"/> is left for decoder errors that reach no picture (logged after the
/// last frame).</para>
/// </remarks>
public sealed class BlockCorruptionDetector : IFrameAnalyzer, IDecoderNoteConsumer
{
    private const int StateVersion = 6;
    private const int HistoryLength = 24;
    private const int BaselineLength = 48;

    /// <summary>Decoder notes held until a frame claims them; a corrupt stream can log one per macroblock row.</summary>
    private const int MaxPendingNotes = 256;

    /// <summary>Mean absolute luma change (levels) below which a frame repeats the previous one (a freeze encoded
    /// as skipped blocks, or a concealed copy).</summary>
    private const double RepeatMafd = 0.05;

    /// <summary>Repeats in a row that make a freeze rather than a concealment dip (about half a second at 25 fps).</summary>
    private const int FreezeRepeats = 12;

    /// <summary>A pixel-only onset needs this many of the next frames to keep its seams…</summary>
    private const int ConfirmingFrames = 3;

    /// <summary>…out of this many (damage stays until it is repaired; an encoder's refresh after a cut does not).</summary>
    private const int ConfirmationWindow = 4;

    /// <summary>A frame keeps an onset's seams when it has the norm plus this share of the onset's excess…</summary>
    private const double ConfirmingShare = 0.3;

    /// <summary>…and an episode found from pixels goes on while frames have the norm plus this share.</summary>
    private const double PersistingShare = 0.2;

    /// <summary>A pixel-only episode ends after this many frames in a row without its seams (repaired).</summary>
    private const int SeamQuietFrames = 8;
    private readonly BlockCorruptionDetectorOptions _options;
    private readonly GridInnovation _innovation;
    private readonly BlockSeams _seams = new();
    private readonly FrameRecord[] _history = new FrameRecord[HistoryLength];
    private readonly RecentCounts _flaggedNorm = new(BaselineLength);
    private readonly List<PendingNote> _pendingNotes = [];
    private int _repeatRun;
    private long _framesSeen;
    private long _lastClosed = -1;
    private double _frameDuration = 0.04;
    private int _width;
    private int _height;
    private Episode? _episode;
    private FrameRecord? _candidate;
    private int _candidateEvidence;
    private int _candidateNorm;

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
        _seams.Start(_width, _height);
    }

    /// <inheritdoc />
    public void OnDecoderNote(DecoderNote note, IDefectEventWriter events)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (_options.UseDecoderMessages && note.Kind != DecoderNoteKind.Other && _pendingNotes.Count < MaxPendingNotes)
        {
            _pendingNotes.Add(new PendingNote(note.NearFrame, note.MacroblockX ?? -1, note.MacroblockY ?? -1, note.Kind, note.PictureType, note.ConcealedMacroblocks));
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

        _seams.Measure(features.LumaMacroblockSeams);
        var word = TakeDecoderWord(frame);
        var cut = features.HasPrevious && mafd > _options.CutMafd;

        // The stream has recovered at a keyframe the decoder did not flag; a scene cut only ends what pixels alone saw
        // (a cut in a predicted picture does not repair what later pictures are predicted from). Frames lost just
        // before such a keyframe were still missing, but nothing after them is predicted from what was lost: the
        // damage is the gap (the previous picture held), and ends here.
        var repaired = frame.IsKeyFrame == true && !word.Flagged && !word.ReferenceBroken && !word.Orphan;
        if (repaired && word.Lost > 0)
        {
            CloseGap(frame, word.Lost, events);
            word.Lost = 0;
        }
        else if (_episode is { } open && (repaired || (cut && !open.FromDecoder)))
        {
            Close(frame.Timestamp - (frame.FramesLostBefore * _frameDuration), frame.Index - 1, events);
        }

        var record = new FrameRecord(frame.Index, frame.Timestamp, 0, 0, (0, 0, -1, -1), 0, frame.IsKeyFrame == true, frame.PictureType, _seams.Count);
        if (features.HasPrevious)
        {
            record = record with
            {
                Flagged = _innovation.Flagged,
                Cluster = _innovation.LargestCluster,
                Box = _innovation.ClusterBox,
                Mafd = mafd,
            };
        }

        var norm = Baseline();
        var evidence = IsEvidence(record, norm);
        if (_episode is { } episode)
        {
            if (word.Any)
            {
                episode.Hear(word, frame.Index);
            }

            Continue(episode, frame, record, evidence, events);
        }

        if (_episode is null && word.Any)
        {
            OpenFromDecoder(frame, record, word, events);
            _candidate = null;
        }
        else if (_episode is null && !cut && features.HasPrevious)
        {
            TryOpen(frame, record);
        }

        // A freeze teaches the norm nothing: learned from its repeats (zero change), the norm would make the motion
        // that follows look like damage. So a long run of repeats makes the detector forget and learn the norm again
        // from the motion after it (the decoder's word still opens episodes meanwhile). Short dips — concealed
        // copies — stay in the norm.
        _repeatRun = features.HasPrevious && record.Mafd < RepeatMafd ? _repeatRun + 1 : 0;
        if (_repeatRun == FreezeRepeats)
        {
            _flaggedNorm.Clear();
            _seams.ForgetNorms();
        }

        if (_episode is null && _repeatRun < FreezeRepeats)
        {
            _flaggedNorm.Add(record.Flagged);
            _seams.Learn();
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

        // Errors logged after the last frame came out: they reached no picture that was shown.
        if (_pendingNotes.Count > 0 && _framesSeen > 0)
        {
            // The latest frame remembered (a run can start at any frame number, so not _framesSeen - 1).
            var last = _history[0];
            foreach (var h in _history)
            {
                last = h.Index > last.Index ? h : last;
            }

            events.Write(new DefectEvent
            {
                Kind = DefectKind.DecodeError,
                Start = last.Time,
                End = last.Time + _frameDuration,
                Confidence = 0.9,
                FirstFrame = last.Index,
                LastFrame = last.Index,
                Detector = Name,
                Metrics = new Dictionary<string, double> { ["decoderErrors"] = _pendingNotes.Count },
            });
        }

        _pendingNotes.Clear();
    }

    /// <inheritdoc />
    public AnalyzerCheckpoint SaveCheckpoint() => CheckpointSerializer.Write(Name, StateVersion, w =>
    {
        w.Write(_framesSeen);
        w.Write(_lastClosed);
        w.Write(_repeatRun);
        _flaggedNorm.Write(w);
        foreach (var h in _history)
        {
            WriteRecord(w, h);
        }

        w.Write(_pendingNotes.Count);
        foreach (var n in _pendingNotes)
        {
            w.Write(n.Near);
            w.Write(n.X);
            w.Write(n.Y);
            w.Write((int)n.Kind);
            w.Write((int)n.Type);
            w.Write(n.Concealed);
        }

        w.Write(_episode is not null);
        _episode?.Write(w);
        w.Write(_candidate is not null);
        if (_candidate is { } c)
        {
            WriteRecord(w, c);
        }

        w.Write(_candidateEvidence);
        w.Write(_candidateNorm);
        _seams.Write(w);
    });

    /// <inheritdoc />
    public void RestoreCheckpoint(AnalyzerCheckpoint checkpoint) => CheckpointSerializer.Read(checkpoint, Name, StateVersion, r =>
    {
        _framesSeen = r.ReadInt64();
        _lastClosed = r.ReadInt64();
        _repeatRun = r.ReadInt32();
        _flaggedNorm.Read(r);
        for (var i = 0; i < HistoryLength; i++)
        {
            _history[i] = ReadRecord(r);
        }

        _pendingNotes.Clear();
        var notes = r.ReadInt32();
        for (var i = 0; i < notes; i++)
        {
            _pendingNotes.Add(new PendingNote(r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), (DecoderNoteKind)r.ReadInt32(), (PictureType)r.ReadInt32(), r.ReadInt32()));
        }

        _episode = r.ReadBoolean() ? Episode.Read(r) : null;
        _candidate = r.ReadBoolean() ? ReadRecord(r) : null;
        _candidateEvidence = r.ReadInt32();
        _candidateNorm = r.ReadInt32();
        _seams.Read(r);
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
        w.Write(h.Key);
        w.Write((int)h.Type);
        w.Write(h.Seams);
    }

    private static FrameRecord ReadRecord(BinaryReader r) =>
        new(r.ReadInt64(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32(), (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()), r.ReadDouble(), r.ReadBoolean(), (PictureType)r.ReadInt32(), r.ReadInt32());

    /// <summary>Visible damage: a group of grid-aligned blocks clearly above the stream's norm.</summary>
    private static bool IsEvidence(FrameRecord record, int norm) => record.Flagged >= norm + 3 && record.Cluster >= 2;

    /// <summary>
    /// What the decoder said of <paramref name="frame"/>: the notes logged before it came out. A flag names this very
    /// frame; the slice errors and concealments logged while pictures were decoded belong to the next flagged frame
    /// (reordering puts it a few frames later) and are held for it, and counted on their own only when none comes
    /// within <see cref="BlockCorruptionDetectorOptions.DecoderMessageWindow"/> frames (a decoder that does not flag
    /// frames, or live placement by frames read).
    /// </summary>
    private DecoderWord TakeDecoderWord(VideoFrame frame)
    {
        var word = new DecoderWord { Box = (int.MaxValue, int.MaxValue, -1, -1), Lost = frame.FramesLostBefore };
        if (_pendingNotes.Count == 0)
        {
            return word;
        }

        var flagged = false;
        foreach (var n in _pendingNotes)
        {
            flagged |= n.Kind == DecoderNoteKind.DamagedFrame && n.Near <= frame.Index;
        }

        var hint = PictureType.Unknown;
        var kept = 0;
        for (var i = 0; i < _pendingNotes.Count; i++)
        {
            var n = _pendingNotes[i];
            var due = n.Near <= frame.Index && (n.Kind != DecoderNoteKind.SliceError || flagged || frame.Index >= n.Near + _options.DecoderMessageWindow);
            if (!due)
            {
                _pendingNotes[kept++] = n;
                continue;
            }

            word.Errors += n.Kind == DecoderNoteKind.DamagedFrame ? 0 : 1;
            word.ReferenceBroken |= n.Kind is DecoderNoteKind.ReferenceError or DecoderNoteKind.PacketLoss;
            word.Orphan |= n.Kind == DecoderNoteKind.SliceError && !flagged;
            word.OrphanFrom = word.Orphan ? Math.Min(word.OrphanFrom ?? n.Near, n.Near) : null;
            hint = Stronger(hint, n.Type);
            word.Concealed = Math.Max(word.Concealed, n.Concealed);
            if (n.X >= 0 && n.Y >= 0)
            {
                word.Box = Union(word.Box, (n.X, n.Y, n.X, n.Y));
            }
        }

        _pendingNotes.RemoveRange(kept, _pendingNotes.Count - kept);
        word.Flagged = flagged;
        word.Type = frame.PictureType != PictureType.Unknown && flagged ? frame.PictureType : hint;
        return word;
    }

    /// <summary>Of two picture types a concealment named, the one whose damage reaches further (unknown counts as a
    /// reference picture only when nothing more precise was said).</summary>
    private static PictureType Stronger(PictureType a, PictureType b) => a is PictureType.I or PictureType.P || b == PictureType.Unknown ? a : b;

    /// <summary>The smallest macroblock box holding both boxes (x0, y0, x1, y1 inclusive).</summary>
    private static (int X0, int Y0, int X1, int Y1) Union((int X0, int Y0, int X1, int Y1) a, (int X0, int Y0, int X1, int Y1) b) =>
        (Math.Min(a.X0, b.X0), Math.Min(a.Y0, b.Y0), Math.Max(a.X1, b.X1), Math.Max(a.Y1, b.Y1));

    /// <summary>The stream's usual count of grid-aligned blocks: the 90th percentile of recent undamaged frames.</summary>
    private int Baseline() => Math.Max(1, _flaggedNorm.Quantile(0.9));

    /// <summary>Opens the episode the decoder's word starts at <paramref name="frame"/>. A damaged reference picture
    /// also damaged the B frames shown just before it (they are predicted from it, and come out of the decoder after
    /// it): the episode starts at the first of them. Lost frames start it at the first missing one (the viewer saw
    /// the previous picture held). Notes with no flagged frame start it where they were logged.</summary>
    private void OpenFromDecoder(VideoFrame frame, FrameRecord current, DecoderWord word, IDefectEventWriter events)
    {
        var start = current;
        var startTime = current.Time - (word.Lost * _frameDuration);
        if (word.Spreads && word.Flagged && word.Type is PictureType.I or PictureType.P)
        {
            for (var i = current.Index - 1; i > _lastClosed && i > current.Index - HistoryLength; i--)
            {
                var h = _history[i % HistoryLength];
                if (h.Index != i || h.Type != PictureType.B || h.Key)
                {
                    break;
                }

                start = h;
                startTime = h.Time;
            }
        }
        else if (word.OrphanFrom is { } near && near < current.Index && near > _lastClosed && _history[near % HistoryLength].Index == near)
        {
            start = _history[near % HistoryLength];
            startTime = start.Time;
        }

        Open(start, startTime, fromDecoder: true, contained: !word.Spreads);
        _episode!.Hear(word, frame.Index);
        CatchUp(start, current, events);
    }

    /// <summary>Ends the damage at a keyframe that came after <paramref name="lost"/> lost frames: an open episode
    /// lasts through the gap; without one, the gap (the previous picture held) is an episode of its own.</summary>
    private void CloseGap(VideoFrame frame, int lost, IDefectEventWriter events)
    {
        var held = _history[(frame.Index - 1 + HistoryLength) % HistoryLength];
        if (_episode is null && held.Index == frame.Index - 1 && frame.Index > 0)
        {
            Open(held, frame.Timestamp - (lost * _frameDuration), fromDecoder: true);
        }

        if (_episode is { } open)
        {
            open.FromDecoder = true;
            open.FramesLost += lost;
            Close(frame.Timestamp, frame.Index - 1, events);
        }
    }

    private void TryOpen(VideoFrame frame, FrameRecord record)
    {
        // Without the decoder's word, damage shows as seams along the macroblock grid in the picture itself: many new
        // ones at once (never on a keyframe, whose change from a damaged picture is the repair), well above what is
        // usual for the stream (graphics, heavy compression), still there in most of the next frames — damage stays
        // until it is repaired, an encoder's blocky refresh after a cut or a flash does not — and made by blocks
        // replaced as wholes (BlockSeams.NewSeamsOnReplacedBlocks), which a source turning blocky does not do.
        if (_candidate is { } candidate)
        {
            var excess = candidate.Seams - _candidateNorm;
            _candidateEvidence += record.Seams >= _candidateNorm + (ConfirmingShare * excess) ? 1 : 0;
            if (_candidateEvidence >= ConfirmingFrames)
            {
                _candidate = null;
                Open(candidate, candidate.Time, fromDecoder: false);
                _episode!.SeamFloor = _candidateNorm + (PersistingShare * excess);
                CatchUp(candidate, record, events: null);
                return;
            }

            if (frame.IsKeyFrame == true || frame.Index - candidate.Index >= ConfirmationWindow)
            {
                _candidate = null;
            }
        }

        // The stream's norm must be known first (one second, at most the norm's window).
        var learned = _seams.Learned >= Math.Min(BaselineLength, (int)Math.Ceiling(1 / _frameDuration));
        if (_candidate is null && learned && frame.IsKeyFrame != true && IsOnset(_seams.Fresh, _seams.Count) && _seams.NewSeamsOnReplacedBlocks(_innovation.Changed))
        {
            _candidate = record with { Box = _seams.FreshBox };
            _candidateNorm = _seams.CountNorm();
            _candidateEvidence = 0;
        }
    }

    /// <summary>An episode opened at an earlier frame covers the frames since, unless a keyframe ended it.</summary>
    private void CatchUp(FrameRecord start, FrameRecord current, IDefectEventWriter? events)
    {
        var norm = Baseline();
        for (var i = start.Index + 1; i <= current.Index && _episode is { } open; i++)
        {
            var h = i == current.Index ? current : _history[i % HistoryLength];
            var seen = IsEvidence(h, norm);
            open.VisibleFrames += seen ? 1 : 0;
            if (events is not null && h.Key && i != current.Index)
            {
                Close(h.Time, i - 1, events);
            }
            else
            {
                open.LastFrame = i;
                open.LastEnd = h.Time + _frameDuration;
                open.Peak = Math.Max(open.Peak, h.Flagged);
                open.LastSeams = h.Seams >= open.SeamFloor ? i : open.LastSeams;
            }
        }
    }

    /// <summary>Whether a frame with <paramref name="fresh"/> new seams among <paramref name="count"/> can start an
    /// episode on pixels alone: a share of the picture (a count would mean less at 4K than at 480p), at least
    /// <see cref="BlockCorruptionDetectorOptions.MinOnsetBlocks"/>, three times the usual number of new seams, and
    /// three times the usual number of seams — the blocks of a heavily compressed stream move with the picture, so a
    /// burst of motion makes many of them new at once, but not more of them (the norms are asked last: they sort
    /// their windows).</summary>
    private bool IsOnset(int fresh, int count) =>
        fresh >= Math.Max(_options.MinOnsetBlocks, (int)Math.Ceiling(_options.MinOnsetShare * _seams.Blocks))
        && fresh >= 3 * _seams.FreshNorm()
        && count >= 3 * _seams.CountNorm();

    private void Open(FrameRecord start, double startTime, bool fromDecoder, bool contained = false)
    {
        var seen = IsEvidence(start, Baseline());
        _episode = new Episode
        {
            FirstFrame = start.Index,
            Start = startTime,
            LastFrame = start.Index,
            LastEnd = start.Time + _frameDuration,
            LastEvidence = start.Index,
            Peak = start.Flagged,
            FromDecoder = fromDecoder,
            Contained = contained,
            VisibleFrames = seen ? 1 : 0,
            LastSeams = start.Index,
        };
        _episode.AddBox(start.Box);
    }

    private void Continue(Episode episode, VideoFrame frame, FrameRecord record, bool evidence, IDefectEventWriter events)
    {
        if (evidence)
        {
            episode.LastEvidence = Math.Max(episode.LastEvidence, frame.Index);
            episode.Peak = Math.Max(episode.Peak, record.Flagged);
            episode.VisibleFrames++;
        }

        if (!episode.FromDecoder)
        {
            if (record.Seams >= episode.SeamFloor)
            {
                episode.LastSeams = frame.Index;
            }
            else if (frame.Index - episode.LastSeams >= SeamQuietFrames)
            {
                // Repaired: the episode ended with the last frame that still had its seams.
                var repaired = _history[(episode.LastSeams + 1) % HistoryLength];
                Close(repaired.Index == episode.LastSeams + 1 ? repaired.Time : episode.LastEnd, episode.LastSeams, events);
                return;
            }
        }

        var quiet = (frame.Index - episode.LastEvidence) * _frameDuration;
        var keyframesUnknown = frame.IsKeyFrame is null;
        if (frame.Timestamp - episode.Start > _options.MaxEpisode.TotalSeconds
            || (keyframesUnknown && quiet > _options.QuietEnd.TotalSeconds)
            || (episode.Contained && episode.LastEvidence < frame.Index))
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
        _lastClosed = Math.Max(_lastClosed, lastFrame);
        if (lastFrame < episode.FirstFrame && episode.FramesLost == 0)
        {
            return;
        }

        lastFrame = Math.Max(lastFrame, episode.FirstFrame);
        var region = episode.Region(_width, _height);
        var area = region is { } r ? (double)r.Area / ((long)_width * _height) : 0;
        var frames = lastFrame - episode.FirstFrame + 1;
        events.Write(new DefectEvent
        {
            Kind = DefectKind.BlockCorruption,
            Start = episode.Start,
            End = Math.Max(end, episode.Start + _frameDuration),
            Confidence = episode.FromDecoder ? 0.95 : Math.Round(Math.Clamp(0.5 + (episode.Peak / 100.0), 0.5, 0.9), 3),
            FirstFrame = episode.FirstFrame,
            LastFrame = lastFrame,
            Detector = Name,
            Region = region,
            Metrics = new Dictionary<string, double>
            {
                ["affectedArea"] = Math.Round(area, 4),
                ["peakGridBlocks"] = episode.Peak,
                ["visibleShare"] = Math.Round(Math.Min(1, (double)episode.VisibleFrames / frames), 3),
                ["decoderErrors"] = episode.DecoderErrors,
                ["decoderFlaggedFrames"] = episode.FlaggedFrames,
                ["framesLost"] = episode.FramesLost,
                ["concealedShare"] = Math.Round(Math.Min(1, (double)episode.Concealed / Math.Max(1, _innovation.Columns * _innovation.Rows)), 4),
            },
        });
    }

    /// <summary>A decoder note not yet tied to a frame.</summary>
    private readonly record struct PendingNote(long Near, int X, int Y, DecoderNoteKind Kind, PictureType Type, int Concealed);

    /// <summary>What the decoder said of one frame (see <see cref="TakeDecoderWord"/>).</summary>
    private struct DecoderWord
    {
        /// <summary>The decoder flagged this frame as concealed.</summary>
        public bool Flagged;

        /// <summary>References were lost or broke before this frame, or packets of the stream were lost.</summary>
        public bool ReferenceBroken;

        /// <summary>Errors with no flagged frame to belong to; <see cref="OrphanFrom"/> is where the first was logged.</summary>
        public bool Orphan;

        public long? OrphanFrom;

        /// <summary>The damaged picture's type: the frame's own when flagged, else what a concealment named.</summary>
        public PictureType Type;

        public int Errors;

        /// <summary>The most macroblocks one concealment named.</summary>
        public int Concealed;

        public int Lost;

        public (int X0, int Y0, int X1, int Y1) Box;

        /// <summary>Whether the decoder said anything about this frame.</summary>
        public readonly bool Any => Flagged || ReferenceBroken || Orphan || Lost > 0;

        /// <summary>Whether the damage reaches later frames: a damaged reference picture (or one of unknown type), a
        /// broken reference, or lost frames (they may have been references: what follows is predicted from a
        /// picture the decoder never had).</summary>
        public readonly bool Spreads => ReferenceBroken || Lost > 0 || ((Flagged || Orphan) && Type != PictureType.B);
    }

    /// <summary>What the detector remembers of a recent frame.</summary>
    private readonly record struct FrameRecord(long Index, double Time, int Flagged, int Cluster, (int X0, int Y0, int X1, int Y1) Box, double Mafd, bool Key, PictureType Type, int Seams);

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

        public int FlaggedFrames { get; set; }

        public int FramesLost { get; set; }

        public int VisibleFrames { get; set; }

        public int Concealed { get; set; }

        public bool FromDecoder { get; set; }

        /// <summary>Found from pixels: frames with at least this many seams still show the damage.</summary>
        public double SeamFloor { get; set; }

        /// <summary>The last frame that still showed the damage's seams.</summary>
        public long LastSeams { get; set; }

        /// <summary>Damage that does not propagate (B pictures only): the episode ends at the first frame without
        /// evidence.</summary>
        public bool Contained { get; set; }

        /// <summary>Takes what the decoder said of frame <paramref name="index"/>: fresh evidence; damage that spreads
        /// makes the whole episode last to the keyframe.</summary>
        public void Hear(DecoderWord word, long index)
        {
            FromDecoder = true;
            Contained &= !word.Spreads;
            LastEvidence = Math.Max(LastEvidence, index);
            DecoderErrors += word.Errors;
            FlaggedFrames += word.Flagged ? 1 : 0;
            FramesLost += word.Lost;
            Concealed = Math.Max(Concealed, word.Concealed);
            AddBox(word.Box);
        }

        public void AddBox((int X0, int Y0, int X1, int Y1) box)
        {
            if (box.X1 >= box.X0)
            {
                _box = Union(_box, box);
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
            w.Write(FlaggedFrames);
            w.Write(FramesLost);
            w.Write(VisibleFrames);
            w.Write(Concealed);
            w.Write(FromDecoder);
            w.Write(Contained);
            w.Write(SeamFloor);
            w.Write(LastSeams);
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
                FlaggedFrames = r.ReadInt32(),
                FramesLost = r.ReadInt32(),
                VisibleFrames = r.ReadInt32(),
                Concealed = r.ReadInt32(),
                FromDecoder = r.ReadBoolean(),
                Contained = r.ReadBoolean(),
                SeamFloor = r.ReadDouble(),
                LastSeams = r.ReadInt64(),
            };
            e._box = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            return e;
        }
    }
}
