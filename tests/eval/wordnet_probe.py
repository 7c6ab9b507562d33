#!/usr/bin/env python3
"""Measures what WordNet synonyms would add to the grader's mechanism rule, before anyone
builds it in C: a decision aid for the "semantics" question of issue 3, not part of the
tests (the companion of semantic_probe.py, which asks the same of GloVe vectors).

A pair the mechanism rule caps (ceiling 0.4: the line lacks the title's mechanism words)
is freed when a title word the line lacks and a line word the title lacks share a WordNet
synset ("departed" / "leave", "retain" / "keep"). Scored like calibrate.py: leave-one-
system-out on practice with the grader's one-to-one assignment and ceilings, then fitted
on practice and measured on dev and holdout. Blind rows are dropped on reading.

Needs python3-numpy, python3-yaml and wordnet-base (Debian: the WordNet 3.0 database in
/usr/share/wordnet, about 30 MB):
  make calibrate        # writes build/features.tsv
  /usr/bin/python3 tests/eval/wordnet_probe.py build/features.tsv
"""
import argparse
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import calibrate as C  # noqa: E402
import semantic_probe as S  # noqa: E402

WORD = re.compile(r"[a-z]+")
POS = {'noun': 'n', 'verb': 'v', 'adj': 'a', 'adv': 'r'}
# WordNet's detachment rules (morphy), by part of speech
RULES = {
    'n': [('s', ''), ('ses', 's'), ('xes', 'x'), ('zes', 'z'), ('ches', 'ch'),
          ('shes', 'sh'), ('men', 'man'), ('ies', 'y')],
    'v': [('s', ''), ('ies', 'y'), ('es', 'e'), ('es', ''), ('ed', 'e'), ('ed', ''),
          ('ing', 'e'), ('ing', '')],
    'a': [('er', ''), ('est', ''), ('er', 'e'), ('est', 'e')],
    'r': [],
}


class WordNet:
    """Lemma -> synsets, and base forms of inflected words, from the database files."""

    def __init__(self, root):
        self.index, self.exc = {}, {}
        for name, pos in POS.items():
            with open(os.path.join(root, 'index.' + name), encoding='latin-1') as f:
                for raw in f:
                    if raw.startswith(' '):
                        continue
                    parts = raw.split()
                    n = int(parts[2])
                    self.index[(parts[0], pos)] = {(pos, o) for o in parts[-n:]}
            with open(os.path.join(root, name + '.exc'), encoding='latin-1') as f:
                for raw in f:
                    parts = raw.split()
                    if len(parts) >= 2:
                        self.exc.setdefault((parts[0], pos), []).extend(parts[1:])
        self.memo = {}

    def synsets(self, word):
        if word in self.memo:
            return self.memo[word]
        out = set()
        for pos in POS.values():
            bases = {word} | set(self.exc.get((word, pos), []))
            for end, rep in RULES[pos]:
                if word.endswith(end) and len(word) > len(end) + 2:
                    bases.add(word[:len(word) - len(end)] + rep)
            for b in bases:
                out |= self.index.get((b, pos), set())
        self.memo[word] = out
        return out


class Texts:
    """Content words of titles and lines (no stop or generic words of the lexicon)."""

    def __init__(self, skip):
        self.skip, self.keys = skip, {}

    def words(self, text):
        return {w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in self.skip}

    def title(self, system_dir, tid):
        if system_dir not in self.keys:
            with open(os.path.join(system_dir, 'key.yaml'), encoding='utf-8') as f:
                k = yaml.safe_load(f)
            self.keys[system_dir] = {t['id']: self.words(t['title']) for t in k['threats']}
        return self.keys[system_dir][tid]


def soften_cap(wn, texts, pairs):
    """Frees capped pairs whose title and line share a synonym; returns (positives, negatives) freed."""
    freed = [0, 0]
    for p in pairs:
        if p['ceiling'] > S.CAPPED + 1e-6:
            continue
        line = texts.words(S.line_text(p['file'], p['line']))
        title = texts.title(os.path.dirname(p['file']), p['threat'])
        if any(wn.synsets(a) & wn.synsets(b) for a in title - line for b in line - title):
            p['ceiling'] = 1.0
            freed[0 if p['label'] else 1] += 1
    return freed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('features')
    ap.add_argument('--wordnet', default='/usr/share/wordnet')
    args = ap.parse_args()
    with open('lexicon/en.yaml', encoding='utf-8') as f:
        lex = yaml.safe_load(f)
    texts = Texts(set(lex['stopwords']) | set(lex['generic']))
    wn = WordNet(args.wordnet)
    _, pairs = C.read_pairs(args.features)
    pairs = [p for p in pairs if p['split'] != 'blind']
    capped = [sum(1 for p in pairs if p['ceiling'] <= S.CAPPED + 1e-6 and p['label'] == v)
              for v in (1, 0)]
    S.evaluate('grader as it is', pairs)
    freed = [dict(p) for p in pairs]
    n = soften_cap(wn, texts, freed)
    print('capped pairs: %d deserve credit, %d do not; WordNet frees %d and %d' %
          (capped[0], capped[1], n[0], n[1]))
    S.evaluate('cap freed by synonyms', freed)
    S.evaluate('no ceiling at all', [dict(p, ceiling=max(p['ceiling'], 1.0)) for p in pairs])


if __name__ == '__main__':
    main()
