#!/usr/bin/env bash
# Side-by-side, in one run, on the same 1080p25 H.264 clip (made from FFmpeg's testsrc2 unless a clip is given):
#   1. FFmpeg decoding to a rawvideo pipe (the floor any FFmpeg-fed analyser pays),
#   2. FFmpeg's own freezedetect + blockdetect in one pass (what a user would run instead),
#   3. videodefects analyze with every detector (the seven: freeze, corruption, AV sync, black, silence, loudness,
#      clipping), as the native executable (Native AOT, the README's publish command) and as the dotnet tool (JIT),
#   4. the same three detectors each in its own process with its own decode (the Prime Video comparison: one decode
#      fanned out in memory versus one decode per detector; native executable),
#   5. the floor again through a 1 MB pipe, the buffer our own FIFO gets on Linux (shell pipes have 64 KB): how much of
#      our lead over the floor is that buffer,
#   6. the monitor checks: FFmpeg's blackdetect + silencedetect + ebur128 (true peak) in one pass, beside ours with the
#      first three detectors only and with black, silence, loudness and clipping only (what "all" adds to them),
# and prints wall times and ratios. Usage: benchmarks/compare-ffmpeg.sh [clip.mp4] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
clip="${1:-}"
repeats="${2:-3}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$clip" ]; then
  clip="$work/clip1080p25.mp4"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=s=1920x1080:r=25:d=20" -f lavfi -i "sine=f=440:d=20" \
    -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -c:a aac -ac 2 -shortest "$clip"
fi
dotnet build -c Release src/VideoDefects.Cli -v q -nologo >/dev/null
cli="src/VideoDefects.Cli/bin/Release/net10.0/VideoDefects.Cli.dll"
dotnet publish src/VideoDefects.Cli -c Release -r "$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)" -p:PublishAot=true \
  --artifacts-path "$work/artifacts" -o "$work/native" -v q -nologo >/dev/null
native="$work/native/videodefects"
# Reads its standard input to the end through a 1 MB pipe buffer (F_SETPIPE_SZ = 1031), like cat > /dev/null.
cat > "$work/drain.py" <<'PY'
import fcntl, os
fcntl.fcntl(0, 1031, 1 << 20)
buffer = memoryview(bytearray(1 << 20))
while os.readv(0, [buffer]) > 0:
    pass
PY
frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$clip")

# The commands run in turn, N rounds (interleaved, so a slow spell of a noisy machine hits all of them; in a new
# random order each round, so none always follows the 60 s filter run), and each is reported by its median round with
# the fastest and slowest rounds beside it.
commands=(
  "ffmpeg -hide_banner -nostdin -loglevel error -i '$clip' -map 0:v:0 -pix_fmt yuv420p -f rawvideo - | cat > /dev/null"
  "ffmpeg -hide_banner -nostdin -loglevel error -i '$clip' -map 0:v:0 -vf freezedetect,blockdetect -f null -"
  "'$native' analyze '$clip' --output '$work/report.json' -q"
  "for d in frozen corruption avsync; do '$native' analyze '$clip' --detectors \$d --output '$work/\$d.json' -q; done"
  "dotnet '$cli' analyze '$clip' --output '$work/tool-report.json' -q"
  "ffmpeg -hide_banner -nostdin -loglevel error -i '$clip' -map 0:v:0 -pix_fmt yuv420p -f rawvideo - | python3 '$work/drain.py'"
  "ffmpeg -hide_banner -nostdin -loglevel error -i '$clip' -vf blackdetect -af silencedetect,ebur128=peak=true -f null -"
  "'$native' analyze '$clip' --detectors frozen,corruption,avsync --output '$work/three.json' -q"
  "'$native' analyze '$clip' --detectors black,silence,loudness,clipping --output '$work/checks.json' -q"
)
for _ in $(seq "$repeats"); do
  for k in $(shuf -e "${!commands[@]}"); do
    /usr/bin/time -o "$work/time" -f "%e %M" bash -c "${commands[$k]}" >/dev/null 2>&1
    tail -1 "$work/time" >> "$work/times.$k"
  done
done
median() { sort -n "$work/times.$1" | awk '{a[NR]=$0} END{print a[int((NR+1)/2)]}'; }
spread() { sort -n "$work/times.$1" | awk 'NR==1{lo=$1} {hi=$1} END{printf "%s–%s s", lo, hi}'; }
floor=$(median 0)
filters=$(median 1)
ours=$(median 2)
separate=$(median 3)
tool=$(median 4)
floor1m=$(median 5)
ffchecks=$(median 6)
three=$(median 7)
checks=$(median 8)

echo "clip: $clip ($frames frames), $(nproc) cores, median of $repeats interleaved rounds, $(date -u +%F)"
printf '%-40s %7s s (%s) %7s ms/frame %5s MB peak\n' \
  "FFmpeg decode to rawvideo pipe (floor)" "${floor%% *}" "$(spread 0)" "$(awk "BEGIN{printf \"%.2f\", ${floor%% *}*1000/$frames}")" "$(( ${floor##* } / 1024 ))" \
  "the floor through a 1 MB pipe" "${floor1m%% *}" "$(spread 5)" "$(awk "BEGIN{printf \"%.2f\", ${floor1m%% *}*1000/$frames}")" "$(( ${floor1m##* } / 1024 ))" \
  "FFmpeg freezedetect,blockdetect" "${filters%% *}" "$(spread 1)" "$(awk "BEGIN{printf \"%.2f\", ${filters%% *}*1000/$frames}")" "$(( ${filters##* } / 1024 ))" \
  "videodefects analyze (native, all)" "${ours%% *}" "$(spread 2)" "$(awk "BEGIN{printf \"%.2f\", ${ours%% *}*1000/$frames}")" "$(( ${ours##* } / 1024 ))" \
  "videodefects analyze (dotnet tool, all)" "${tool%% *}" "$(spread 4)" "$(awk "BEGIN{printf \"%.2f\", ${tool%% *}*1000/$frames}")" "$(( ${tool##* } / 1024 ))" \
  "one decode per detector (3 processes)" "${separate%% *}" "$(spread 3)" "$(awk "BEGIN{printf \"%.2f\", ${separate%% *}*1000/$frames}")" "$(( ${separate##* } / 1024 ))" \
  "FFmpeg blackdetect,silencedetect,ebur128" "${ffchecks%% *}" "$(spread 6)" "$(awk "BEGIN{printf \"%.2f\", ${ffchecks%% *}*1000/$frames}")" "$(( ${ffchecks##* } / 1024 ))" \
  "native, frozen+corruption+avsync" "${three%% *}" "$(spread 7)" "$(awk "BEGIN{printf \"%.2f\", ${three%% *}*1000/$frames}")" "$(( ${three##* } / 1024 ))" \
  "native, black+silence+loudness+clipping" "${checks%% *}" "$(spread 8)" "$(awk "BEGIN{printf \"%.2f\", ${checks%% *}*1000/$frames}")" "$(( ${checks##* } / 1024 ))"
awk "BEGIN{printf \"native / decode floor: %.2fx    FFmpeg filters / native: %.2fx    per-detector decodes / fan-out: %.2fx\n\", ${ours%% *}/${floor%% *}, ${filters%% *}/${ours%% *}, ${separate%% *}/${ours%% *}}"
awk "BEGIN{printf \"native / floor through a 1 MB pipe: %.2fx\n\", ${ours%% *}/${floor1m%% *}}"
awk "BEGIN{printf \"dotnet tool / decode floor: %.2fx    FFmpeg filters / dotnet tool: %.2fx\n\", ${tool%% *}/${floor%% *}, ${filters%% *}/${tool%% *}}"
awk "BEGIN{printf \"all seven / the first three: %.2fx    FFmpeg's three checks / ours (four checks alone): %.2fx\n\", ${ours%% *}/${three%% *}, ${ffchecks%% *}/${checks%% *}}"
