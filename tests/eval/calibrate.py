#!/usr/bin/env python3
"""Fits the grader's calibration (grader/calibrate.c) on labelled submissions.

Input: the TSV that `tmdojo eval --features FILE tests/eval` writes, one row per
(line, threat) pair that shares a word: split, file, line, threat, label, the
calibration inputs, and the ceiling the grader's hard rules put on the pair's
score (applied when measuring, as the grader does). The fit is a logistic
regression (L2, plain gradient descent, no dependencies) over the inputs and
their pairwise products (second order: with thirteen practice systems it beat
the inputs alone on leave-one-system-out, F1 0.874 against 0.862 and line
precision 0.926 against 0.909 at 0.45), on the training splits only: by default practice, the lists written the way practitioners write them
(fitting on dev too was worse on practice's own leave-one-system-out: F1 0.871
against 0.883). dev, holdout and blind are never read for fitting; dev and
holdout then measure the fit on lists written the other way.

It prints:
  - leave-one-system-out estimates over the training systems (each system
    scored by a model fitted on the others) for a range of thresholds, with
    the grader's one-to-one assignment, so the threshold is chosen on data no
    model saw;
  - the weights of a model fitted on all training systems, as the C arrays for
    grader/calibrate.c (the inputs and the intercept; the products).

Usage: python3 tests/eval/calibrate.py FEATURES.tsv [--train practice]   (from the top of the tree)
"""
import argparse
import collections
import csv
import itertools
import math
import os
import sys

L2 = 1e-3
EPOCHS = 400
RATE = 0.5
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55)
# grader/calibrate.c: the ceiling of a pair the mechanism rules cap (CAPPED_SCORE),
# lowered to CAPPED_SHARE of the threshold when that is lower, as the grader does
CAPPED_SCORE = 0.4
CAPPED_SHARE = 0.9


def model_inputs(f):
    """The calibration inputs f, their pairwise products (i < j, in the order
    grader/calibrate.c's calib_pair_weights lists them) and 1 for the intercept."""
    return f + [a * b for a, b in itertools.combinations(f, 2)] + [1.0]


def read_pairs(path):
    """The rows of a features TSV; exits with path:line:column on a malformed row."""
    try:
        with open(path, newline='', encoding='utf-8') as f:
            rows = list(csv.reader(f, delimiter='\t'))
    except (OSError, UnicodeDecodeError) as e:
        sys.exit('%s: cannot read: %s' % (path, e))
    if not rows or rows[0][:5] != ['split', 'file', 'line', 'threat', 'label']:
        sys.exit('%s:1:1: not a features file: write one with '
                 '`tmdojo eval --features FILE tests/eval`' % path)
    names = rows[0][5:-1]      # the last column is the ceiling, not an input
    pairs = []
    for no, r in enumerate(rows[1:], 2):
        if len(r) != len(rows[0]):
            sys.exit('%s:%d:1: %d columns, the header has %d' % (path, no, len(r), len(rows[0])))
        try:
            pairs.append({'split': r[0], 'file': r[1], 'line': int(r[2]), 'threat': r[3],
                          'label': int(r[4]), 'x': model_inputs([float(v) for v in r[5:-1]]),
                          'ceiling': float(r[-1])})
        except ValueError as e:
            sys.exit('%s:%d:1: %s' % (path, no, e))
    return names, pairs


def read_gold(path):
    """Labels of every line of a .lab file: {line_no: set(ids)}."""
    gold = {}
    try:
        with open(path, encoding='utf-8') as f:
            for no, raw in enumerate(f, 1):
                ids = raw.rstrip('\n').split('\t', 1)[0]
                gold[no] = set() if ids == '-' else set(ids.split(','))
    except (OSError, UnicodeDecodeError) as e:
        sys.exit('%s: cannot read the labels the features file names: %s '
                 '(run from the top of the tree, on a features file of this corpus)' % (path, e))
    return gold


def system_of(file):
    return os.path.basename(os.path.dirname(file))


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit(pairs):
    """Weights of the model inputs (see model_inputs), the intercept last."""
    n = len(pairs[0]['x'])
    sparse = [[(i, v) for i, v in enumerate(p['x']) if v != 0.0] for p in pairs]
    w = [0.0] * n
    m = float(len(pairs))
    for _ in range(EPOCHS):
        g = [0.0] * n
        for p, xs in zip(pairs, sparse):
            d = sigmoid(sum(w[i] * v for i, v in xs)) - p['label']
            for i, v in xs:
                g[i] += d * v
        for i in range(n):
            w[i] -= RATE * (g[i] / m + (L2 * w[i] if i < n - 1 else 0.0))
    return w


def hungarian_max(w):
    """Maximum-weight assignment of rows to columns (rows <= cols)."""
    n, m = len(w), len(w[0])
    inf = float('inf')
    u, v, p, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -w[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    res = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            res[p[j] - 1] = j - 1
    return res


def assign(scores, threshold):
    """scores: {(line, threat): s}; returns {threat: line} one-to-one."""
    lines = sorted({k[0] for k in scores})
    threats = sorted({k[1] for k in scores})
    if not lines:
        return {}

    def s(l, t):
        v = scores.get((l, t), 0.0)
        return v + 1e-9 * (len(lines) - lines.index(l)) if v >= threshold else 0.0
    if len(threats) <= len(lines):
        r = hungarian_max([[s(l, t) for l in lines] for t in threats])
        pick = {threats[i]: lines[j] for i, j in enumerate(r) if j >= 0}
    else:
        r = hungarian_max([[s(l, t) for t in threats] for l in lines])
        pick = {threats[j]: lines[i] for i, j in enumerate(r) if j >= 0}
    return {t: l for t, l in pick.items() if scores.get((l, t), 0.0) >= threshold}


def measure(pairs, w, threshold, counts):
    """Adds tp, fp, fn, credited lines right, credited lines to counts."""
    by_file = collections.defaultdict(dict)
    for p in pairs:
        ceiling = p['ceiling']
        if abs(ceiling - CAPPED_SCORE) < 1e-9:
            ceiling = min(ceiling, CAPPED_SHARE * threshold)
        by_file[p['file']][(p['line'], p['threat'])] = min(ceiling, sigmoid(
            sum(a * b for a, b in zip(w, p['x']))))
    for file, scores in by_file.items():
        gold_lines = read_gold(file)
        gold = set().union(*gold_lines.values())
        picked = assign(scores, threshold)
        found = set(picked)
        counts[0] += len(found & gold)
        counts[1] += len(found - gold)
        counts[2] += len(gold - found)
        for t, l in picked.items():
            counts[4] += 1
            counts[3] += t in gold_lines[l]
    # (a submission sharing no word with its key at all has no rows here and is
    # left out of these counts; tmdojo eval counts it)
    return counts


def report(counts):
    tp, fp, fn, ok, credited = counts
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    lp = ok / credited if credited else 0.0
    return 'P %.3f  R %.3f  F1 %.3f  line precision %.3f' % (p, r, f1, lp)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('features')
    ap.add_argument('--train', default='practice')
    args = ap.parse_args()
    names, pairs = read_pairs(args.features)
    train_splits = set(args.train.split(','))
    train = [p for p in pairs if p['split'] in train_splits]
    if not train:
        sys.exit('calibrate.py: no pairs of the training splits %s' % args.train)
    systems = sorted({system_of(p['file']) for p in train})
    print('training pairs: %d (%d credited) from %d systems' %
          (len(train), sum(p['label'] for p in train), len(systems)))
    loso = {t: [0, 0, 0, 0, 0] for t in THRESHOLDS}
    if len(systems) < 2:
        print('leave-one-system-out: needs two training systems or more, skipped')
        systems = []
    for held in systems:
        w = fit([p for p in train if system_of(p['file']) != held])
        test = [p for p in train if system_of(p['file']) == held]
        for t in THRESHOLDS:
            measure(test, w, t, loso[t])
    for t in THRESHOLDS if systems else ():
        print('leave-one-system-out, threshold %.2f: %s' % (t, report(loso[t])))
    w = fit(train)
    n = len(names)
    print('/* Fitted weights, in feature order, then the intercept (make calibrate). */')
    print('static const double calib_weights[GRADER_N_FEATURES + 1] = {')
    for name, v in zip(names + ['intercept'], w[:n] + [w[-1]]):
        print('\t%.4f, /* %s */' % (v, name))
    print('};')
    print('/* Fitted weights of the products of two inputs, i < j (make calibrate). */')
    print('static const double calib_pair_weights[GRADER_N_PAIRS] = {')
    for (a, b), v in zip(itertools.combinations(names, 2), w[n:-1]):
        print('\t%.4f, /* %s * %s */' % (v, a, b))
    print('};')


if __name__ == '__main__':
    main()
