#!/usr/bin/env python3
"""Check talking books against manifest.json (tests/e2e_books.sh).

books.py MANIFEST [--epub FILE] [--daisy DIR]

For each book: every sentence of the manifest is in exactly one `par`, in
order; its text there is the sentence as written; its clip matches the
manifest's start/end within 10 ms; clips are in order and do not overlap.
EPUB: mimetype first and stored without extra field, media:duration in
total is the sum of the overlays', media:active-class set, nav lists every
section.  DAISY: ncc.html has the required metadata, one heading per
section linking to a SMIL text element, ncc:totalTime within 1 s of the
sum of the audio durations.  Prints one "ok"/"FAIL" line per check and the
measured maxima; exits 1 when a check failed.
"""
import json
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile

TOL = 0.010
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
SMIL3 = "{http://www.w3.org/ns/SMIL}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
failed = 0


def check(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failed += 1


def clock(v):
    """SMIL clock value (npt=, Ns, h:mm:ss.fff) in seconds."""
    v = v.strip()
    if v.startswith("npt="):
        v = v[4:]
    if v.endswith("ms"):
        return float(v[:-2]) / 1000
    if v.endswith("s"):
        return float(v[:-1])
    parts = [float(p) for p in v.split(":")]
    t = 0.0
    for p in parts:
        t = t * 60 + p
    return t


def text_of(el):
    return "".join(el.itertext())


def ids_in(root):
    return {el.get("id"): el for el in root.iter() if el.get("id")}


def compare(book, secs, pars):
    """pars: per section, a list of (text, clips[(begin, end)]) in order."""
    worst = 0.0
    check(len(pars) == len(secs), f"{book}: {len(pars)} sections of {len(secs)}")
    for si, (sec, ps) in enumerate(zip(secs, pars)):
        sents = sec["sentences"]
        check(len(ps) == len(sents),
              f"{book}: section {si + 1}: {len(ps)} pars for {len(sents)} sentences")
        last_end = -1.0
        in_order = True
        for (text, clips), s in zip(ps, sents):
            if text != s["text"]:
                check(False, f"{book}: section {si + 1}: text {text!r} != {s['text']!r}")
            b, e = clips[0]
            worst = max(worst, abs(b - s["start"]), abs(e - s["end"]))
            for cb, ce in clips:
                if cb < last_end - 1e-9 or ce < cb:
                    in_order = False
                last_end = ce
        check(in_order, f"{book}: section {si + 1}: clips in order, no overlap")
    check(worst <= TOL, f"{book}: max clip deviation {worst * 1000:.3f} ms")
    return worst


def epub(path, secs):
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    first = infos[0]
    check(first.filename == "mimetype" and first.compress_type == 0,
          "epub: mimetype first and stored")
    raw = open(path, "rb").read(30 + len("mimetype") + 20)
    extra_len = struct.unpack("<H", raw[28:30])[0]
    check(extra_len == 0 and raw[38:58] == b"application/epub+zip",
          "epub: mimetype without extra field")
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
    base = os.path.dirname(opf_path)
    opf = ET.fromstring(z.read(opf_path))
    meta = opf.find(OPF + "metadata")
    total = None
    per = {}
    active = None
    for m in meta.findall(OPF + "meta"):
        prop = m.get("property")
        if prop == "media:duration":
            if m.get("refines"):
                per[m.get("refines")[1:]] = clock(m.text)
            else:
                total = clock(m.text)
        elif prop == "media:active-class":
            active = m.text
    check(total is not None and abs(total - sum(per.values())) < 0.0015,
          f"epub: media:duration {total} = sum of overlays {sum(per.values()):.3f}")
    check(bool(active), "epub: media:active-class")
    lang = meta.find("{http://purl.org/dc/elements/1.1/}language").text
    check(lang in ("zh-Hant", "zh-Hans", "zh"), f"epub: dc:language {lang}")
    items = {i.get("id"): i for i in opf.find(OPF + "manifest")}
    spine = [i.get("idref") for i in opf.find(OPF + "spine")]
    pars = []
    for idref in spine:
        item = items[idref]
        mo = item.get("media-overlay")
        check(mo in per, f"epub: {item.get('href')} has an overlay with a duration")
        smil = ET.fromstring(z.read(os.path.join(base, items[mo].get("href"))))
        docs = {}
        ps = []
        seen = set()
        for par in smil.iter(SMIL3 + "par"):
            t = par.find(SMIL3 + "text").get("src")
            a = par.find(SMIL3 + "audio")
            f, frag = t.split("#")
            if f not in docs:
                docs[f] = ids_in(ET.fromstring(z.read(os.path.join(base, f))))
            el = docs[f].get(frag)
            check(el is not None and frag not in seen, f"epub: {t} exists, once")
            seen.add(frag)
            ps.append((text_of(el) if el is not None else None,
                       [(clock(a.get("clipBegin")), clock(a.get("clipEnd")))]))
            check(os.path.join(base, os.path.dirname(items[mo].get("href")),
                               a.get("src")) in z.namelist(),
                  f"epub: audio {a.get('src')} inside")
        # every sentence span of the document is in a par
        spans = {k for d in docs.values() for k, v in d.items() if v.tag == XHTML + "span"}
        check(spans == seen, f"epub: {item.get('href')}: every sentence in one par")
        pars.append(ps)
    nav = [i for i in items.values() if "nav" in (i.get("properties") or "")][0]
    navdoc = ET.fromstring(z.read(os.path.join(base, nav.get("href"))))
    toc = [n for n in navdoc.iter(XHTML + "nav") if n.get(EPUB_NS + "type") == "toc"][0]
    links = list(toc.iter(XHTML + "a"))
    check(len(links) == len(secs), f"epub: nav lists {len(links)} of {len(secs)} sections")
    return compare("epub", secs, pars)


def daisy(d, secs):
    ncc = ET.parse(os.path.join(d, "ncc.html")).getroot()
    metas = {m.get("name"): m.get("content") for m in ncc.iter(XHTML + "meta") if m.get("name")}
    need = ["dc:title", "dc:language", "dc:format", "dc:identifier", "dc:creator",
            "ncc:narrator", "ncc:totalTime", "ncc:tocItems", "ncc:charset",
            "ncc:pageFront", "ncc:pageNormal", "ncc:pageSpecial", "ncc:depth",
            "ncc:multimediaType", "ncc:files", "ncc:setInfo", "ncc:generator"]
    missing = [n for n in need if n not in metas]
    check(not missing, f"daisy: required metadata (missing: {missing})")
    check(metas.get("dc:format") == "Daisy 2.02", "daisy: dc:format Daisy 2.02")
    check(metas.get("ncc:multimediaType") == "audioFullText", "daisy: audioFullText")
    check(metas.get("ncc:narrator") == "langdu", "daisy: ncc:narrator langdu")
    total = clock(metas.get("ncc:totalTime", "0"))
    audio = sum(s["duration"] for s in secs)
    check(abs(total - audio) <= 1.0,
          f"daisy: ncc:totalTime {total:.0f} s vs audio {audio:.3f} s")
    heads = [h for h in ncc.find(XHTML + "body")
             if re.fullmatch(XHTML.replace("{", r"\{").replace("}", r"\}") + "h[1-6]", h.tag)]
    check(len(heads) == len(secs), f"daisy: ncc lists {len(heads)} of {len(secs)} sections")
    check(bool(heads) and heads[0].tag == XHTML + "h1" and heads[0].get("class") == "title",
          "daisy: first heading is h1 class=title")
    check(int(metas.get("ncc:tocItems", -1)) == len(heads), "daisy: ncc:tocItems")
    content = {}
    pars = []
    smils = {}
    for h in heads:
        href = h.find(XHTML + "a").get("href")
        f, frag = href.split("#")
        if f not in smils:
            smils[f] = ET.parse(os.path.join(d, f)).getroot()
        el = ids_in(smils[f]).get(frag)
        check(el is not None and el.tag == "text", f"daisy: ncc {href} is a SMIL text")
    files = 1
    for f in sorted(smils):
        smil = smils[f]
        files += 1
        ps = []
        seen = set()
        srcs = set()
        for par in smil.iter("par"):
            t = par.find("text").get("src")
            cf, frag = t.split("#")
            if cf not in content:
                content[cf] = ids_in(ET.parse(os.path.join(d, cf)).getroot())
            el = content[cf].get(frag)
            check(el is not None and frag not in seen, f"daisy: {t} exists, once")
            seen.add(frag)
            clips = [(clock(a.get("clip-begin")), clock(a.get("clip-end")))
                     for a in par.iter("audio")]
            srcs.update(a.get("src") for a in par.iter("audio"))
            ps.append((text_of(el) if el is not None else None, clips))
        for s in srcs:
            check(os.path.exists(os.path.join(d, s)), f"daisy: audio {s} exists")
        files += len(srcs)
        pars.append(ps)
    files += len(content)
    check(int(metas.get("ncc:files", -1)) == files, f"daisy: ncc:files {metas.get('ncc:files')} = {files}")
    return compare("daisy", secs, pars)


def main():
    args = sys.argv[1:]
    man = json.load(open(args[0]))
    secs = [s for s in man["sections"]]
    i = 1
    while i < len(args):
        if args[i] == "--epub":
            w = epub(args[i + 1], secs)
            print(f"epub max deviation: {w * 1000:.3f} ms")
        elif args[i] == "--daisy":
            w = daisy(args[i + 1], secs)
            print(f"daisy max deviation: {w * 1000:.3f} ms")
        i += 2
    print(f"{failed} checks failed")
    sys.exit(1 if failed else 0)


main()
