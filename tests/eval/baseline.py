#!/usr/bin/env python3
"""A naive lexical baseline on the evaluation corpus, and the scoring rules it uses.

Usage: python3 tests/eval/baseline.py [--tokenset] [--threshold T] [CORPUS_DIR]

Not a grader: it only shows how far plain word overlap gets, so that a real grader's numbers
have something to be compared with. Each line is compared with each threat's title and
description (lowercased words, a small stop list, crude suffix stripping, Dice coefficient);
lines and threats are then paired greedily, best pair first, each at most once, keeping pairs
whose similarity is at least the threshold.

--tokenset is the off-the-shelf approach the grader issue compares against: fuzzywuzzy's
token_set_ratio (re-implemented here with difflib, default processing) between the line
and each threat's title, then the optimal one-to-one assignment of calibrate.py; try
thresholds 0.4 to 0.7.

Scoring (the same rules any harness over this corpus should use):
- threat level, per submission: gold = union of the line labels, found = threats credited;
  micro-averaged precision, recall and F1 over all submissions of a split.
- line precision: the share of credited lines credited with one of their label ids (the
  figure `tmdojo eval` reports).
- line level: a line is right when it is credited with one of its label ids; or it is not
  credited and labelled '-'; or it is not credited and every id on its label was credited
  to another line of the same submission (one-to-one grading credits a threat once, so the
  second of two duplicate lines cannot earn it again).
"""
import difflib
import os
import re
import sys

import yaml

from check import splits_of

STOP = set("""a an the of to in on and or for by with from at as is are be can could would
should it its this that there their they them we our us you your any all via into than then
so if not no only just also when while which who what how be been being has have had does do
""".split())


def words(text):
    """Lowercased word stems of text minus stop words."""
    out = set()
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        if w in STOP:
            continue
        for suf in ("ing", "ed", "es", "s"):
            if len(w) > len(suf) + 3 and w.endswith(suf):
                w = w[: -len(suf)]
                break
        out.add(w)
    return out


def similarity(a, b):
    return 2.0 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def plain(text):
    """fuzzywuzzy's default processing: lowercase, runs of non-alphanumerics to one space."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def token_set_ratio(a, b):
    """fuzzywuzzy's token_set_ratio, 0..1: the best difflib ratio among the sorted shared
    tokens and the shared tokens followed by each side's own."""
    ta, tb = set(plain(a).split()), set(plain(b).split())
    shared = " ".join(sorted(ta & tb))
    with_a = (shared + " " + " ".join(sorted(ta - tb))).strip()
    with_b = (shared + " " + " ".join(sorted(tb - ta))).strip()

    def ratio(x, y):
        return difflib.SequenceMatcher(None, x, y).ratio() if x or y else 0.0
    return max(ratio(shared, with_a), ratio(shared, with_b), ratio(with_a, with_b))


def grade_tokenset(threats, lines, threshold):
    """Returns {line index: threat id}: token_set_ratio on titles, optimal assignment."""
    from calibrate import assign
    scores = {(i, t["id"]): token_set_ratio(text, t["title"])
              for i, (_, text) in enumerate(lines) for t in threats}
    return {i: tid for tid, i in assign(scores, threshold).items()}


def grade(threats, lines, threshold):
    """Returns {line index: threat id} for one submission."""
    tw = {t["id"]: words(t["title"] + " " + t.get("description", "")) for t in threats}
    pairs = []
    for i, (_, text) in enumerate(lines):
        lw = words(text)
        for tid, w in tw.items():
            s = similarity(lw, w)
            if s >= threshold:
                pairs.append((s, i, tid))
    pairs.sort(reverse=True)
    used_l, used_t, out = set(), set(), {}
    for s, i, tid in pairs:
        if i in used_l or tid in used_t:
            continue
        used_l.add(i)
        used_t.add(tid)
        out[i] = tid
    return out


def read_lab(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if raw:
                label, text = raw.split("\t", 1)
                lines.append((set() if label == "-" else set(label.split(",")), text))
    return lines


def parse_args(argv):
    """(method, threshold, root) from the command line; exits 2 with the usage on a bad one."""
    method, threshold, root = grade, None, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--tokenset":
            method = grade_tokenset
        elif a == "--threshold" and args:
            try:
                threshold = float(args.pop(0))
            except ValueError:
                threshold = -1.0
            if not 0.0 < threshold <= 1.0:
                sys.exit("baseline.py: --threshold takes a number in (0, 1]")
        elif a in ("-h", "--help"):
            print(__doc__.split("\n\n")[0] + "\n\n" + __doc__.split("\n\n")[1])
            sys.exit(0)
        elif a.startswith("-") or root is not None:
            sys.stderr.write("usage: python3 tests/eval/baseline.py [--tokenset] [--threshold T] "
                             "[CORPUS_DIR]\n")
            sys.exit(2)
        else:
            root = a
    if threshold is None:
        threshold = 0.5 if method is grade_tokenset else 0.2
    if root is None:
        root = os.path.dirname(os.path.abspath(__file__))
    if not os.path.isdir(root):
        sys.exit("baseline.py: %s: not a directory" % root)
    return method, threshold, root


def main():
    method, threshold, root = parse_args(sys.argv[1:])
    for split in splits_of(root):
        tp = fp = fn = right = total = credited = credited_right = 0
        sdir = os.path.join(root, split)
        for system in sorted(os.listdir(sdir)):
            d = os.path.join(sdir, system)
            if not os.path.isfile(os.path.join(d, "key.yaml")):
                continue
            with open(os.path.join(d, "key.yaml"), encoding="utf-8") as f:
                threats = yaml.safe_load(f)["threats"]
            for lab in sorted(x for x in os.listdir(d) if x.endswith(".lab")):
                lines = read_lab(os.path.join(d, lab))
                pred = method(threats, lines, threshold)
                gold = set().union(*(ids for ids, _ in lines))
                found = set(pred.values())
                tp += len(found & gold)
                fp += len(found - gold)
                fn += len(gold - found)
                for i, (ids, _) in enumerate(lines):
                    total += 1
                    if i in pred:
                        right += pred[i] in ids
                        credited += 1
                        credited_right += pred[i] in ids
                    else:
                        right += not ids or ids <= found
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{split}: threshold {threshold:.2f}  threats P {p:.3f} R {r:.3f} F1 {f1:.3f}"
              f"  lines right {right}/{total} ({100.0 * right / max(total, 1):.1f}%)"
              f"  line precision {credited_right / max(credited, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
