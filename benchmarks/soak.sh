#!/usr/bin/env bash
# Soak test of the worker service: runs the sample worker against local UDP/MPEG-TS senders for MINUTES and samples
# its memory, threads and descriptors once a second.
#
#   benchmarks/soak.sh [MINUTES=30] [OUT=artifacts/soak]          # 4 streams: clean, damaged, dropping out, dead
#   SOAK_EXTRA_CLEAN=12 benchmarks/soak.sh 10 artifacts/soak16    # the same plus 12 more clean streams (16 in all)
#   SOAK_MALLOC_ARENA_MAX= benchmarks/soak.sh 30 artifacts/soak   # glibc's default malloc arenas instead of 2 (see below)
#
# Writes OUT/samples.csv (second, rss_kb, threads, fds, cpu_s: the worker plus its FFmpeg children), OUT/events.jsonl
# (what the worker reported), OUT/summary.txt and OUT/soak.html (the curves). Needs ffmpeg and the .NET SDK; uses the
# shared clips beside the repository (../shared/media).
set -euo pipefail
minutes=${1:-30}
out=$(realpath -m "${2:-artifacts/soak}")
extra=${SOAK_EXTRA_CLEAN:-0}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
rm -f "$out/samples.csv" "$out/events.jsonl"

clip="$out/clip-720p25-mp2.ts"
if [ ! -f "$clip" ]; then
  # 720p25 H.264 + MPEG-1 Layer II, a keyframe every 2 s: what a contribution feed looks like. Exactly 30 s of both
  # (750 frames, 1250 audio frames of 24 ms), so that looping it splices cleanly: with AAC (1024-sample frames and an
  # encoder delay) the sound is shorter than the picture and each loop steps the audio timestamps, which the monitor
  # rightly reports as an A/V sync change.
  ffmpeg -v error -y -i "$root/../shared/media/bbb_720p_30s.webm" -vf scale=1280:720,fps=25,trim=0:30,setpts=PTS-STARTPTS \
    -af apad,atrim=0:30,asetpts=PTS-STARTPTS -c:v libx264 -preset veryfast -g 50 -bf 0 -c:a mp2 -b:a 192k -ar 48000 -f mpegts "$clip"
fi

dotnet publish "$root/samples/VideoDefects.Samples.Worker" -c Release -o "$out/worker" -v q >/dev/null

pids=()
killtree() { local p=$1 c; for c in $(pgrep -P "$p" || true); do killtree "$c"; done; kill "$p" 2>/dev/null || true; }
cleanup() { for p in "${pids[@]}"; do killtree "$p"; done; for p in $(pgrep -P $$ || true); do killtree "$p"; done; }
trap cleanup EXIT

send() { # PORT: the clip in real time, for ever
  ffmpeg -v quiet -re -stream_loop -1 -i "$clip" -map 0 -c copy -f mpegts "udp://127.0.0.1:$1?pkt_size=1316"
}

send_damaged() { # PORT: the same with a bit error every ~20 kB of video (most frames damaged). The noise filter sits
  # in a second FFmpeg that never loops: in the looping one it takes the loop for the end of the stream and drops all
  # video after the first pass (FFmpeg 5.1: "A non-NULL packet sent after an EOF").
  ffmpeg -v quiet -re -stream_loop -1 -i "$clip" -map 0 -c copy -f mpegts - |
    ffmpeg -v quiet -i - -map 0 -c copy -bsf:v noise=amount=20000 -f mpegts "udp://127.0.0.1:$1?pkt_size=1316"
}

send 24000 & pids+=($!)                                           # clean
send_damaged 24001 & pids+=($!)                                   # damaged
( while :; do timeout 110 bash -c "$(declare -f send); clip='$clip'; send 24002" || true; sleep 10; done ) & pids+=($!)  # 10 s out every 2 min
# 24003: dead, nobody sends
for i in $(seq 1 "$extra"); do send $((24100 + i)) & pids+=($!); done

export DOTNET_gcServer=0
# glibc gives each new thread one of up to 8 x cores malloc arenas and keeps what is freed in them: measured here, a
# worker's native memory grew for ~15 minutes before levelling off (2 streams: +23 MB in 16 min, managed heap flat at
# 15 MB) and stayed flat with 2 arenas. The deployment setting the README recommends; SOAK_MALLOC_ARENA_MAX= to compare.
export MALLOC_ARENA_MAX=${SOAK_MALLOC_ARENA_MAX-2}
[ -n "$MALLOC_ARENA_MAX" ] || unset MALLOC_ARENA_MAX
export VideoDefects__EventLog__Path="$out/events.jsonl"
names=(clean damaged dropout dead)
ports=(24000 24001 24002 24003)
for i in $(seq 1 "$extra"); do names+=("clean$i"); ports+=($((24100 + i))); done
for i in "${!names[@]}"; do
  export "VideoDefects__Streams__${i}__Name=${names[$i]}"
  export "VideoDefects__Streams__${i}__Source=udp://127.0.0.1:${ports[$i]}"
done

(cd "$out" && exec dotnet worker/VideoDefects.Samples.Worker.dll >"$out/worker.log" 2>&1) & worker=$!
pids+=($worker)
sleep 1
hz=$(getconf CLK_TCK)
echo "second,rss_kb,threads,fds,cpu_s" >"$out/samples.csv"
# Wall-clock seconds: under load one round of sampling takes longer than a second, and counting rounds would stretch
# the run (a "10-minute" 16-stream run took 35 minutes that way).
start=$(date +%s)
end=$((start + minutes * 60))
while [ "$(date +%s)" -le "$end" ]; do
  s=$(($(date +%s) - start))
  [ -d "/proc/$worker" ] || { echo "worker exited; see $out/worker.log" >&2; exit 1; }
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$worker/status")
  threads=$(awk '/^Threads/ {print $2}' "/proc/$worker/status")
  fds=$(ls "/proc/$worker/fd" | wc -l)
  # utime+stime+cutime+cstime of the worker (reaped FFmpeg processes included) plus its live FFmpeg children
  ticks=$(awk '{print $14+$15+$16+$17}' "/proc/$worker/stat")
  for c in $(pgrep -P "$worker" || true); do ticks=$((ticks + $(awk '{print $14+$15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "$s,$rss,$threads,$fds,$(awk -v t="$ticks" -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')" >>"$out/samples.csv"
  while [ "$(($(date +%s) - start))" -le "$s" ]; do sleep 0.2; done
done

python3 - "$out" "${#names[@]}" <<'EOF'
import csv, json, sys, collections
out, streams = sys.argv[1], int(sys.argv[2])
rows = [dict((k, float(v)) for k, v in r.items()) for r in csv.DictReader(open(f"{out}/samples.csv"))]
window = [r for r in rows if r["second"] >= 120] or rows
first, last = window[0], window[-1]
minutes = (last["second"] - first["second"]) / 60 or 1
events = collections.Counter()
for line in open(f"{out}/events.jsonl") if __import__("os").path.exists(f"{out}/events.jsonl") else []:
    e = json.loads(line)
    events[(e.get("stream") or e.get("source") or "?", e["kind"])] += 1
lines = [
    f"window: second {first['second']:.0f} to {last['second']:.0f} ({minutes:.1f} min), {streams} streams",
    f"RSS: {first['rss_kb'] / 1024:.1f} -> {last['rss_kb'] / 1024:.1f} MB (growth {(last['rss_kb'] - first['rss_kb']) / 1024:+.1f} MB; "
    f"min {min(r['rss_kb'] for r in window) / 1024:.1f}, max {max(r['rss_kb'] for r in window) / 1024:.1f})",
    f"threads: {min(r['threads'] for r in window):.0f}..{max(r['threads'] for r in window):.0f}; "
    f"descriptors: {min(r['fds'] for r in window):.0f}..{max(r['fds'] for r in window):.0f}",
    f"CPU: {(last['cpu_s'] - first['cpu_s']) / (minutes * 60) * 100:.1f} % of one core in all, "
    f"{(last['cpu_s'] - first['cpu_s']) / (minutes * 60) * 100 / streams:.1f} % per stream (worker + its FFmpeg processes)",
    "events: " + (", ".join(f"{s} {k} {n}" for (s, k), n in sorted(events.items())) or "none"),
]
open(f"{out}/summary.txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))

def curve(key, scale, colour):
    top = max(r[key] for r in rows) * scale or 1
    span = rows[-1]["second"] or 1
    pts = " ".join(f"{r['second'] / span * 800:.1f},{200 - r[key] * scale / top * 190:.1f}" for r in rows)
    return f'<h2>{key} (max {top:.1f})</h2><svg width="800" height="200" style="border:1px solid #ccc"><polyline fill="none" stroke="{colour}" points="{pts}"/></svg>'

html = "<!doctype html><meta charset=utf-8><title>VideoDefects soak</title><pre>" + "\n".join(lines) + "</pre>"
html += curve("rss_kb", 1 / 1024, "#c00") + curve("threads", 1, "#06c") + curve("fds", 1, "#090")
open(f"{out}/soak.html", "w").write(html)
EOF
