#!/usr/bin/env python3
"""Screens a lexicon proposal one entry at a time against dev, practice and keycheck.

Usage (from the top of the tree, after make):
  python3 tests/eval/screen_lexicon.py [--tmdojo build/tmdojo] [PROPOSAL.yaml]
  (default proposal: docs/lexicon-proposal.yaml)

A proposal has lexicon/en.yaml's layout: `expansions:` (phrase -> expansion),
`synonyms:` (new groups) and `extend:` (groups whose first member names an en.yaml group,
the rest are members to add to it). Each entry is applied alone to lexicon/en.yaml in a
temporary content root; `tmdojo eval` then grades dev and practice with the current
calibration and `tmdojo keycheck` runs every exercise's samples. Printed: every entry that
changes anything, with the change in F1 summed over the two splits, the smaller change in
line precision, and the number of exercises whose keycheck fails. Holdout and blind are
never read. A gain here is a hint, not a proof: keep entries that help without hurting,
then `make calibrate` and compare its leave-one-system-out line.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

SPLITS = ('dev', 'practice')


def quote(x):
    return json.dumps(x)


def apply_entry(base, kind, item):
    """en.yaml text with one proposal entry applied, or None when it names no group."""
    if kind == 'expansion':
        i = base.index('\nsynonyms:')
        return base[:i] + '\n  %s: %s' % (quote(item[0]), quote(item[1])) + base[i:]
    if kind == 'group':
        i = base.index('\nstopwords:')
        return base[:i] + '\n  - [%s]' % ', '.join(quote(m) for m in item) + base[i:]
    lines = base.split('\n')
    for j, line in enumerate(lines):
        if re.match(r'\s*- \["?%s"?[,\]]' % re.escape(item[0]), line) and line.rstrip().endswith(']'):
            lines[j] = line.rstrip()[:-1] + ', ' + ', '.join(quote(m) for m in item[1:]) + ']'
            return '\n'.join(lines)
    return None


def measure(tmdojo, root, text, corpus):
    """({split: (F1, line precision)}, keycheck failures) for one lexicon text; None if invalid."""
    os.makedirs(os.path.join(root, 'lexicon'), exist_ok=True)
    path = os.path.join(root, 'lexicon', 'en.yaml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    if subprocess.run([tmdojo, 'validate', path], capture_output=True).returncode:
        return None
    out = subprocess.run([tmdojo, '--content', root, 'eval', corpus],
                         capture_output=True, text=True).stdout
    figures = {}
    for line in out.split('\n'):
        f = line.split()
        if f and f[0] in SPLITS:
            figures[f[0]] = (float(f[6]), float(f[7]))
    failures = sum(subprocess.run([tmdojo, '--content', root, 'keycheck',
                                   os.path.join('exercises', e)],
                                  capture_output=True).returncode != 0
                   for e in sorted(os.listdir('exercises')))
    return figures, failures


def entries(proposal, path):
    """(kind, item) of every proposal entry; exits naming the first malformed one."""
    if not isinstance(proposal, dict):
        sys.exit('%s: not a lexicon proposal (expansions:, synonyms:, extend:)' % path)
    expansions = proposal.get('expansions') or {}
    if not isinstance(expansions, dict) or not all(
            isinstance(v, str) and v for v in expansions.values()):
        sys.exit('%s: expansions: must map each phrase to text' % path)
    out = [('expansion', (k, v)) for k, v in expansions.items()]
    for kind, key in (('group', 'synonyms'), ('extend', 'extend')):
        for n, g in enumerate(proposal.get(key) or [], 1):
            if not isinstance(g, list) or len(g) < 2 or not all(isinstance(m, str) and m for m in g):
                sys.exit('%s: %s: entry %d must be a list of two or more words' % (path, key, n))
            out.append((kind, g))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('proposal', nargs='?', default='docs/lexicon-proposal.yaml')
    ap.add_argument('--tmdojo', default='build/tmdojo')
    args = ap.parse_args()
    try:
        with open(args.proposal, encoding='utf-8') as f:
            proposal = yaml.load(f, Loader=yaml.BaseLoader) or {}
        with open('lexicon/en.yaml', encoding='utf-8') as f:
            base = f.read()
    except (OSError, yaml.YAMLError) as e:
        sys.exit('screen_lexicon.py: %s (run from the top of the tree)' % e)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, 'corpus')
        os.makedirs(corpus)
        for s in SPLITS:
            os.symlink(os.path.abspath(os.path.join('tests', 'eval', s)), os.path.join(corpus, s))
        root = os.path.join(tmp, 'content')
        before = measure(args.tmdojo, root, base, corpus)
        if before is None:
            sys.exit('screen_lexicon.py: lexicon/en.yaml does not validate')
        print('now: %s, keycheck failures %d' % (before[0], before[1]))
        n = 0
        for kind, item in entries(proposal, args.proposal):
            text = apply_entry(base, kind, item)
            got = None if text is None else measure(args.tmdojo, root, text, corpus)
            n += 1
            if got is None:
                print('%-9s %-50s names no group or does not validate' % (kind, str(item)[:50]))
                continue
            figures, failures = got
            df = sum(figures[s][0] - before[0][s][0] for s in SPLITS)
            dlp = min(figures[s][1] - before[0][s][1] for s in SPLITS)
            if abs(df) > 1e-9 or dlp < 0 or failures != before[1]:
                print('%-9s %-50s F1 %+.3f  line precision %+.3f  keycheck failures %d' %
                      (kind, str(item)[:50], df, dlp, failures))
        print('%d entries screened' % n)
    return 0


if __name__ == '__main__':
    sys.exit(main())
