#!/usr/bin/env python3
"""Check what langdu wrote for podcast apps against the done-when list of
issue 5.  Usage: podcast_check.py DIR [--book-only] [--base-url URL]
Prints one line per problem; the last line is "N passed, N failed"."""
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0"}
TOL = 0.050  # seconds

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def local(url, base):
    """The file a feed URL points at, relative to the folder."""
    if base:
        if not url.startswith(base.rstrip("/") + "/"):
            return None
        url = url[len(base.rstrip("/")) + 1:]
    return urllib.parse.unquote(url)


def ffprobe_json(path, *args):
    out = subprocess.run(["ffprobe", "-v", "error", "-of", "json", *args, path],
                         capture_output=True, text=True)
    return out.returncode, (json.loads(out.stdout) if out.stdout.strip() else {})


def parse_cues(path, vtt):
    """(start, end, text) of every cue, by the format's own rules."""
    text = open(path, encoding="utf-8").read()
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if vtt:
        check(blocks and blocks[0].startswith("WEBVTT"), path + ": WEBVTT header")
        blocks = blocks[1:]
    cues = []
    sep = "." if vtt else ","
    pat = re.compile(r"^(\d\d):(\d\d):(\d\d)%s(\d\d\d) --> (\d\d):(\d\d):(\d\d)%s(\d\d\d)$"
                     % (re.escape(sep), re.escape(sep)))
    for i, b in enumerate(blocks):
        lines = b.split("\n")
        check(lines[0] == str(i + 1), "%s: cue %d numbered" % (path, i + 1))
        m = pat.match(lines[1]) if len(lines) > 1 else None
        check(m is not None, "%s: cue %d timing line %r" % (path, i + 1, lines[1:2]))
        if not m:
            continue
        g = [int(x) for x in m.groups()]
        a = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        e = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        t = "\n".join(lines[2:])
        if vtt:
            t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        cues.append((a, e, t))
    return cues


def check_track(d, audio, chapters_file, vtt, srt, sentences, spans):
    """One audio file and its sidecars."""
    # chapters JSON: required fields, ascending, = the audio's chapters
    rc, probe = ffprobe_json(os.path.join(d, audio), "-show_chapters")
    check(rc == 0, audio + ": ffprobe reads it")
    starts = [float(c["start_time"]) for c in probe.get("chapters", [])]
    if chapters_file:
        cj = json.load(open(os.path.join(d, chapters_file), encoding="utf-8"))
        check(cj.get("version") == "1.2.0", chapters_file + ": version 1.2.0")
        chs = cj.get("chapters")
        check(isinstance(chs, list) and chs, chapters_file + ": chapters")
        chs = chs or []
        st = [c.get("startTime") for c in chs]
        check(all(isinstance(x, (int, float)) for x in st), chapters_file + ": startTime numbers")
        check(all(isinstance(c.get("title"), str) and c["title"] for c in chs), chapters_file + ": titles")
        check(st == sorted(st) and len(set(st)) == len(st), chapters_file + ": ascending")
        check(len(st) == len(starts) and all(abs(a - b) <= TOL for a, b in zip(st, starts)),
              "%s: %s vs audio %s" % (chapters_file, st[:5], starts[:5]))
    # transcripts: ffprobe reads them; in order, apart, every sentence once
    for path, is_vtt in ((vtt, True), (srt, False)):
        full = os.path.join(d, path)
        rc, pk = ffprobe_json(full, "-show_packets")
        npk = len(pk.get("packets", []))
        check(rc == 0 and npk == len(sentences),
              "%s: ffprobe reads %d cues, want %d" % (path, npk, len(sentences)))
        cues = parse_cues(full, is_vtt)
        check([c[2] for c in cues] == sentences, path + ": every sentence once, in order")
        ok = all(a <= e for a, e, _ in cues) and \
            all(cues[i][1] <= cues[i + 1][0] for i in range(len(cues) - 1))
        check(ok, path + ": cues in order, no overlap")
        check(len(cues) == len(spans) and
              all(abs(c[0] - s[0]) <= 0.0015 and abs(c[1] - s[1]) <= 0.0015
                  for c, s in zip(cues, spans)), path + ": times = the manifest's")


def book_spans(m):
    """Sentence times in the book: each section's, moved by its start."""
    spans = []
    off = 0
    for s in m["sections"]:
        spans += [(t["start"] + off, t["end"] + off) for t in s["sentences"]]
        off += s["frames"] / m["sample_rate"]
    return spans


def main():
    d = sys.argv[1]
    book_only = "--book-only" in sys.argv
    base = sys.argv[sys.argv.index("--base-url") + 1] if "--base-url" in sys.argv else None
    m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
    secs = m["sections"]

    # manifest: every file listed, sizes and SHA-256 right, nothing missing
    listed = {f["path"]: f for f in m.get("files", [])}
    for p, f in listed.items():
        full = os.path.join(d, p)
        ok = os.path.isfile(full)
        check(ok, p + ": listed file exists")
        if ok:
            data = open(full, "rb").read()
            check(len(data) == f["size"], p + ": size")
            check(hashlib.sha256(data).hexdigest() == f["sha256"], p + ": sha256")
    on_disk = sorted(x for x in os.listdir(d) if x != "manifest.json")
    check(sorted(listed) == on_disk, "files listed = files on disk: %s"
          % sorted(set(on_disk) ^ set(listed)))

    # the feed
    tree = ET.parse(os.path.join(d, "feed.xml"))
    ch = tree.getroot().find("channel")
    items = ch.findall("item")
    tracks = []
    if book_only:
        b = m["book"]
        check(all(s["file"] is None for s in secs), "--book-only: no section files")
        check(len(items) == 1, "--book-only: one item")
        tracks.append(b)
    else:
        check(len(items) == len(secs), "one item per section: %d vs %d" % (len(items), len(secs)))
        tracks.extend(secs)
    check(ch.findtext("language") == m["language"], "channel language")
    check(bool(ch.findtext("title")), "channel title")
    check(bool(ch.findtext("description")), "channel description")
    guids = set()
    for it, tr in zip(items, tracks):
        enc = it.find("enclosure")
        f = local(enc.get("url"), base)
        check(f == tr["file"], "enclosure %s = %s" % (f, tr["file"]))
        if f is None or not os.path.isfile(os.path.join(d, f)):
            check(False, "enclosure file exists: %s" % f)
            continue
        check(int(enc.get("length")) == os.path.getsize(os.path.join(d, f)),
              f + ": enclosure length = file size")
        check(enc.get("type") == "audio/" + {"wav": "wav", "mp3": "mpeg", "flac": "flac",
                                             "ogg": "ogg", "opus": "opus"}[m["format"]],
              f + ": enclosure type")
        g = it.findtext("guid")
        check(g and g not in guids and it.find("guid").get("isPermaLink") == "false", f + ": guid")
        guids.add(g)
        check(abs(int(it.findtext("itunes:duration", namespaces=NS)) - tr["duration"]) <= 1,
              f + ": itunes:duration")
        check(bool(it.findtext("pubDate")), f + ": pubDate")
        chap = it.find("podcast:chapters", NS)
        trs = {t.get("type"): local(t.get("url"), base) for t in it.findall("podcast:transcript", NS)}
        refs = [local(chap.get("url"), base)] if chap is not None else []
        refs += list(trs.values())
        for r in refs:
            check(r is not None and os.path.isfile(os.path.join(d, r)), "referenced file exists: %s" % r)
        if chap is not None:
            check(chap.get("type") == "application/json+chapters", f + ": chapters type")
        check(set(trs) == {"text/vtt", "application/x-subrip"}, f + ": VTT and SRT transcripts")
        if book_only or tr is m.get("book"):
            sentences = [t["text"] for s in secs for t in s["sentences"]]
            spans = book_spans(m)
        else:
            sentences = [t["text"] for t in tr["sentences"]]
            spans = [(t["start"], t["end"]) for t in tr["sentences"]]
        check_track(d, f, refs[0] if chap is not None else None,
                    trs.get("text/vtt"), trs.get("application/x-subrip"), sentences, spans)
    if "book" in m and not book_only:
        b = m["book"]
        stem = b["file"].rsplit(".", 1)[0]
        sentences = [t["text"] for s in secs for t in s["sentences"]]
        spans = book_spans(m)
        check_track(d, b["file"], stem + ".chapters.json", stem + ".vtt", stem + ".srt",
                    sentences, spans)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
