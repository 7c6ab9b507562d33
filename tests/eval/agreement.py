#!/usr/bin/env python3
"""How far two graders agree on the evaluation corpus.

Usage: python3 tests/eval/agreement.py [CORPUS_DIR]   (default: the directory of this script)

Some submissions carry a second, independent labelling next to the first:
NAME.lab2 beside NAME.lab, same lines, labelled by a second grader who saw
the design, the key and the lines but not the first labels. This prints,
over every such pair, the first grader's labels taken as the truth:
  - precision, recall and F1 of the threats each submission is credited with
    (the figure `tmdojo eval` reports for the grader);
  - the share of lines with identical labels;
  - line precision: of the lines the second grader credits, the share the
    first grader credits with one of the same threats.
Exits 1 when a .lab2 has no .lab, or the two differ in line count or text.
"""
import os
import sys


def read_labels(path):
    """[(set of ids, text)] of a .lab or .lab2 file."""
    out = []
    with open(path, encoding='utf-8') as f:
        for no, raw in enumerate(f, 1):
            raw = raw.rstrip('\n')
            if not raw:
                continue
            if '\t' not in raw:
                sys.exit('%s:%d:1: no TAB between labels and text' % (path, no))
            ids, text = raw.split('\t', 1)
            out.append((set() if ids == '-' else set(ids.split(',')), text))
    return out


def pairs_under(root):
    """(first, second) paths of every NAME.lab2 under root, sorted."""
    found = []
    for d, _, files in os.walk(root):
        for name in files:
            if name.endswith('.lab2'):
                second = os.path.join(d, name)
                first = second[:-1]
                if not os.path.isfile(first):
                    sys.exit('%s: no %s beside it' % (second, os.path.basename(first)))
                found.append((first, second))
    return sorted(found)


def compare(first, second, c):
    """Adds one submission's counts to c."""
    a, b = read_labels(first), read_labels(second)
    if [t for _, t in a] != [t for _, t in b]:
        sys.exit('%s: lines differ from %s' % (second, first))
    ga, gb = set().union(*(i for i, _ in a)), set().union(*(i for i, _ in b))
    c['tp'] += len(ga & gb)
    c['fp'] += len(gb - ga)
    c['fn'] += len(ga - gb)
    for (ia, _), (ib, _) in zip(a, b):
        c['lines'] += 1
        c['same'] += ia == ib
        if ib:
            c['credited'] += 1
            c['right'] += bool(ia & ib)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    found = pairs_under(root)
    if not found:
        sys.exit('agreement.py: no *.lab2 second labellings under %s' % root)
    c = dict.fromkeys(('tp', 'fp', 'fn', 'lines', 'same', 'credited', 'right'), 0)
    for first, second in found:
        compare(first, second, c)
    p = c['tp'] / max(1, c['tp'] + c['fp'])
    r = c['tp'] / max(1, c['tp'] + c['fn'])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    systems = len({os.path.dirname(f) for f, _ in found})
    print('second grader against the first: %d submissions of %d systems, %d lines' %
          (len(found), systems, c['lines']))
    print('threats found: P %.3f  R %.3f  F1 %.3f' % (p, r, f1))
    print('identical line labels: %.3f   line precision: %.3f' %
          (c['same'] / max(1, c['lines']), c['right'] / max(1, c['credited'])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
