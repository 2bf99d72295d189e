namespace VideoDefects.Cli;

/// <summary>The text of <c>videodefects --help</c>.</summary>
internal static class HelpText
{
    public const string Main = """
        videodefects — find frozen frames, block corruption, A/V sync offsets, black, silence,
        loudness and clipping in video.

        Usage:
          videodefects analyze INPUT [options]   Analyse a file or live URL; write a JSON report.
          videodefects report REPORT.json --html FILE   Render a saved report as HTML.
          videodefects signature SOURCE --output FILE   Fingerprint a source for --reference.
          videodefects demo [--keep DIR]         Make a clip with known defects, analyse it, compare.
          videodefects --version | --help

        Analyze options:
          --output FILE            Write the JSON report to FILE ('-' = standard output).
          --html FILE              Also write a self-contained HTML report (timeline, plots, thumbnails).
          --json-lines             Print each event as a JSON line the moment it is final (live inputs).
          --no-progress            No progress line (it only shows when stderr is a terminal anyway).
          --detectors LIST         Comma-separated: frozen, corruption, avsync, black, silence,
                                   loudness, clipping (default: all).
          --reference SOURCE       Measure A/V sync against the clean source (a media file or URL,
                                   or a signature file): exact on any content that moves and
                                   makes sound; also reports the copy's video delay. A source of
                                   3 min or more is fingerprinted in samples (a third of it);
                                   'signature' fingerprints it whole.
          --freeze-min-duration S  Shortest freeze reported, seconds (default 0.5).
          --freeze-mode MODE       robust (default) or ffmpeg (freezedetect's rule).
          --freeze-noise N         ffmpeg mode tolerance: ratio (0.001) or decibels (-60dB).
          --ignore-region X,Y,W,H  Leave a picture area out of the freeze decision (clock, ticker,
                                   logo); repeatable. Wins over the graphics the detector learns.
          --no-graphics-learning   Do not learn live graphics (ticker, clock, bug at the top or
                                   bottom edge) to call a freeze under them.
          --black-min-duration S   Shortest black reported, seconds (default 2, as blackdetect d).
          --black-full-range       The picture is full-range (PC/JPEG) YUV: black is 0, not 16.
          --silence-noise DB       Silence is below this level, dBFS (default -60, as silencedetect).
          --silence-min-duration S Shortest silence reported, seconds (default 2).
          --loudness-profile P     Raise loudness events against ebuR128 (-23 LUFS ±1, -1 dBTP) or
                                   atscA85 (-24 LKFS ±2, -2 dBTP); default: measure only.
          --fail-on KINDS          Exit 1 when events of these kinds are found (e.g. frozenFrame).
          --read-timeout S         Give up when the input sends nothing for S seconds (default 15).
          --trusted-input          Lift the input policy (protocol/playlist restrictions).
          --decoder-threads N      FFmpeg decoder threads (default 1: decoder errors land on their
                                   exact frame every run; 0 = FFmpeg's choice, faster on an idle
                                   machine, errors placed within a few frames).
          -q, --quiet              No summary.     -v, --verbose   Stack traces on errors.

        Exit codes: 0 done, 1 defects found (--fail-on), 2 usage, 3 input not found, 4 not media,
          5 no video stream, 6 unsupported format, 7 limit exceeded, 8 timed out, 9 refused by
          input policy, 10 FFmpeg missing or failed, 130 cancelled.

        Examples:
          videodefects analyze movie.mp4 --output report.json --html report.html
          videodefects report report.json --html report.html
          videodefects analyze copy.mp4 --reference master.mov --detectors avsync
          videodefects signature master.mov --output master.vdsig
          videodefects analyze udp://127.0.0.1:23000 --json-lines --fail-on frozenFrame
          videodefects analyze news.ts --ignore-region 1600,40,280,80 --freeze-min-duration 1
          videodefects analyze spot.mxf --loudness-profile ebuR128 --fail-on loudness,clipping

        """;
}
