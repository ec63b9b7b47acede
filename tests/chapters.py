#!/usr/bin/python3
"""chapters.py MANIFEST: check every audio file the manifest lists with real
readers -- ffprobe (cue+labl / chapters) and mutagen (ID3 CHAP in the id3
chunk of WAV and in MP3; CHAPTERnnn Vorbis comments in FLAC, Ogg Vorbis and
Opus) -- against the manifest's chapter starts (50 ms) and titles.
Prints one line per failed check and "N passed, N failed"."""
import json
import os
import subprocess
import sys

TOL = 0.050
passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def ffprobe_chapters(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters",
         "-show_format", path], capture_output=True, text=True, check=True)
    j = json.loads(out.stdout)
    # an MP3's format duration counts from the encoder delay's start time
    return ([(float(c["start_time"]), c.get("tags", {}).get("title", ""))
             for c in j.get("chapters", [])],
            float(j["format"]["duration"]) -
            float(j["format"].get("start_time", 0)))


def vorbis_chapters(tags):
    """CHAPTERnnn=HH:MM:SS.mmm / CHAPTERnnnNAME=title (Xiph extension)."""
    times = {}
    names = {}
    for key, value in tags:
        k = key.upper()
        if not k.startswith("CHAPTER"):
            continue
        if k.endswith("NAME"):
            names[k[7:-4]] = value
        else:
            h, m, sec = value.split(":")
            times[k[7:]] = int(h) * 3600 + int(m) * 60 + float(sec)
    return sorted((t, names.get(n, "")) for n, t in times.items())


def mutagen_chapters(path):
    import mutagen
    from mutagen.wave import WAVE
    if path.endswith(".wav"):
        tags = WAVE(path).tags
    else:
        f = mutagen.File(path)
        tags = f.tags if f is not None else None
        if tags is not None and not hasattr(tags, "getall"):
            return vorbis_chapters(list(tags))
    if tags is None:
        return []
    chaps = []
    for f in tags.getall("CHAP"):
        title = f.sub_frames["TIT2"].text[0] if "TIT2" in f.sub_frames else ""
        chaps.append((f.start_time / 1000.0, title))
    return sorted(chaps)


def main():
    manifest = sys.argv[1]
    base = os.path.dirname(manifest)
    with open(manifest, encoding="utf-8") as f:
        m = json.load(f)
    for sec in m["sections"]:
        path = os.path.join(base, sec["file"])
        want = [(c["start"], c["title"]) for c in sec["chapters"]]
        for reader, fn in (("ffprobe", lambda p: ffprobe_chapters(p)[0]),
                           ("mutagen", mutagen_chapters)):
            try:
                got = fn(path)
            except Exception as e:  # a reader that fails is a failure
                check(False, "%s: %s: %s" % (sec["file"], reader, e))
                continue
            check(len(got) == len(want), "%s: %s sees %d chapters, want %d"
                  % (sec["file"], reader, len(got), len(want)))
            for (gs, gt), (ws, wt) in zip(got, want):
                check(abs(gs - ws) <= TOL, "%s: %s start %.3f, want %.3f"
                      % (sec["file"], reader, gs, ws))
                check(gt == wt, "%s: %s title %r, want %r"
                      % (sec["file"], reader, gt, wt))
        dur = ffprobe_chapters(path)[1]
        check(abs(dur - sec["duration"]) <= TOL, "%s: duration %.3f, want %.3f"
              % (sec["file"], dur, sec["duration"]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
