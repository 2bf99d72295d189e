#!/usr/bin/env python3
"""Black, silence and loudness: ours beside FFmpeg's blackdetect, silencedetect and ebur128 on the same clips.

    python3 benchmarks/compare-checks.py ../shared/media/*.mp4 ../shared/media/*.webm ../shared/media/*.ts

Prints, per clip, integrated loudness / loudness range / true peak (ours, FFmpeg's printed value) and the black and
silence intervals of both. Builds the CLI first (Release). Python 3 standard library and FFmpeg only."""
import json, os, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(root, "src/VideoDefects.Cli"), "-v", "q", "-nologo"],
               check=True, stdout=subprocess.DEVNULL)
cli = os.path.join(root, "src/VideoDefects.Cli/bin/Release/net10.0/VideoDefects.Cli.dll")
work = tempfile.mkdtemp()
for clip in sys.argv[1:]:
    out = os.path.join(work, os.path.basename(clip) + ".json")
    subprocess.run(["dotnet", cli, "analyze", clip, "--detectors", "black,silence,loudness", "--output", out, "-q"], check=True)
    report = json.load(open(out))
    log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", clip, "-vf", "blackdetect",
                          "-af", "silencedetect,ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True).stderr
    summary = log[log.rfind("Summary:"):] if "Summary:" in log else ""

    def ffmpeg(what):
        m = re.search(r"^\s+" + what + r":\s+(-?[\d.]+|-inf)", summary, re.M)
        return None if not m or m.group(1) == "-inf" else float(m.group(1))

    ours = report.get("loudness") or {}
    events = [(e["kind"], e["start"], e["end"], e.get("scope")) for e in report["events"]]
    print(f"{os.path.basename(clip)[:36]:36} I {ours.get('integratedLufs')} / {ffmpeg('I')}  "
          f"LRA {ours.get('loudnessRangeLu')} / {ffmpeg('LRA')}  true peak {ours.get('maxTruePeakDbtp')} / {ffmpeg('Peak')}")
    black = re.findall(r"black_start:([\d.]+) black_end:([\d.]+)", log)
    silence = re.findall(r"silence_(?:start|end): ([\d.]+)", log)
    print(f"{'':36} black {[e[1:3] for e in events if e[0] == 'black']} / {black}"
          f"  silence {[e[1:] for e in events if e[0] == 'silence']} / {silence}")
