#!/usr/bin/env python3
"""Checks the grader evaluation corpus and prints its counts.

Usage: python3 tests/eval/check.py [CORPUS_DIR]   (default: the directory of this script)

Checks, for every <split>/<system>/ directory: key.yaml parses, has 12..20 threats with only
id/title/description/stride/severity, ids share one prefix letter, all six STRIDE categories
are covered; system.md exists; there are 4..6 *.lab files; every .lab line is IDS<TAB>text
with IDS either '-' or a comma-separated list of ids from the key. Exits 1 on any problem.
"""
import os
import sys

import yaml

STRIDE = {"spoofing", "tampering", "repudiation", "information-disclosure",
          "denial-of-service", "elevation-of-privilege"}
SEVERITY = {"critical", "high", "medium", "low"}
FIELDS = {"id", "title", "description", "stride", "severity"}


def check_key(path, problems):
    """Returns the set of threat ids of the key at path; appends problems."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    threats = doc.get("threats") or []
    if not 12 <= len(threats) <= 20:
        problems.append(f"{path}: {len(threats)} threats, expected 12..20")
    ids, seen_stride, prefixes = set(), set(), set()
    for t in threats:
        extra = set(t) - FIELDS
        if extra:
            problems.append(f"{path}: {t.get('id')}: unexpected fields {sorted(extra)}")
        for field in ("id", "title", "stride", "severity"):
            if field not in t:
                problems.append(f"{path}: {t.get('id')}: missing {field}")
        if t.get("id") in ids:
            problems.append(f"{path}: duplicate id {t.get('id')}")
        ids.add(t.get("id"))
        prefixes.add(str(t.get("id"))[:1])
        if "\n" in str(t.get("title", "")).strip():
            problems.append(f"{path}: {t.get('id')}: title is more than one line")
        for s in t.get("stride", []):
            if s not in STRIDE:
                problems.append(f"{path}: {t.get('id')}: unknown stride '{s}'")
            seen_stride.add(s)
        if t.get("severity") not in SEVERITY:
            problems.append(f"{path}: {t.get('id')}: bad severity")
    if len(prefixes) != 1:
        problems.append(f"{path}: ids use several prefixes {sorted(prefixes)}")
    if seen_stride != STRIDE:
        problems.append(f"{path}: stride not covered: {sorted(STRIDE - seen_stride)}")
    return ids


def check_lab(path, ids, problems, stats):
    """Checks one submission; adds to stats (lines, none, multi, credited ids)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    n = 0
    for lineno, line in enumerate(lines, 1):
        where = f"{path}:{lineno}"
        if "\t" not in line:
            problems.append(f"{where}: no TAB")
            continue
        label, text = line.split("\t", 1)
        if not text.strip() or "\t" in text:
            problems.append(f"{where}: empty text or extra TAB")
        n += 1
        if label == "-":
            stats["none"] += 1
            continue
        labels = label.split(",")
        if len(labels) > 1:
            stats["multi"] += 1
        for l in labels:
            if l not in ids:
                problems.append(f"{where}: unknown id '{l}'")
            stats["credited"].add(l)
    if not 8 <= n <= 22:
        problems.append(f"{path}: {n} lines, expected about 10..20")
    stats["lines"] += n


def splits_of(root):
    """Every split directory under root (dev, practice, holdout, blind...)."""
    return sorted(d for d in os.listdir(root)
                  if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    problems, total = [], {"lines": 0, "none": 0, "multi": 0, "subs": 0}
    for split in splits_of(root):
        sdir = os.path.join(root, split)
        split_tot = {"lines": 0, "none": 0, "multi": 0, "subs": 0}
        for system in sorted(os.listdir(sdir)):
            d = os.path.join(sdir, system)
            if not os.path.isdir(d):
                continue
            if not os.path.isfile(os.path.join(d, "system.md")):
                problems.append(f"{d}: no system.md")
            ids = check_key(os.path.join(d, "key.yaml"), problems)
            labs = sorted(x for x in os.listdir(d) if x.endswith(".lab"))
            if not 4 <= len(labs) <= 6:
                problems.append(f"{d}: {len(labs)} submissions, expected 4..6")
            stats = {"lines": 0, "none": 0, "multi": 0, "credited": set()}
            for lab in labs:
                check_lab(os.path.join(d, lab), ids, problems, stats)
            never = sorted(ids - stats["credited"])
            print(f"{split}/{system}: {len(ids)} threats, {len(labs)} submissions, "
                  f"{stats['lines']} lines, {stats['none']} '-' "
                  f"({100.0 * stats['none'] / max(stats['lines'], 1):.0f}%), "
                  f"{stats['multi']} multi-id"
                  + (f", never credited: {' '.join(never)}" if never else ""))
            for k in ("lines", "none", "multi"):
                split_tot[k] += stats[k]
            split_tot["subs"] += len(labs)
        print(f"{split}: {split_tot['subs']} submissions, {split_tot['lines']} lines, "
              f"{split_tot['none']} '-' "
              f"({100.0 * split_tot['none'] / max(split_tot['lines'], 1):.0f}%), "
              f"{split_tot['multi']} multi-id")
        for k in total:
            total[k] += split_tot[k]
    print(f"total: {total['subs']} submissions, {total['lines']} lines, {total['none']} '-' "
          f"({100.0 * total['none'] / max(total['lines'], 1):.0f}%), "
          f"{total['multi']} multi-id")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
