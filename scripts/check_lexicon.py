#!/usr/bin/env python3
"""Check the French->English concept lexicon (data/lexicon/fr_en.tsv).

What it checks
--------------
* every non-comment, non-blank line has exactly two TAB-separated fields,
  both non-empty, lowercase, without spaces;
* identical duplicate lines (same French word and same English word);
* CONFLICTS: two lines whose French keys are equal but whose English keys
  differ (the crate maps one French key to one English key, so this is a bug).

Keys are computed exactly as the crate does:
    fold(s)     = lowercase -> NFD -> drop U+0300..U+036F -> oe/ae ligatures
    French key  = fold(snowball_french(lowercase(french_word)))
    English key = fold(snowball_english(lowercase(english_word)))

It prints the number of entry lines, distinct French keys, distinct English
keys, per-section counts (sections are `# == name ==` comment headers), and
every conflict / malformed line / duplicate.  Exit status is 1 if there is any
conflict or malformed line, 0 otherwise.

How to run (from the crate root):
    pip install snowballstemmer
    python3 scripts/check_lexicon.py [path/to/fr_en.tsv] [--min-keys N]
"""
import os
import re
import sys
import unicodedata
from collections import OrderedDict, defaultdict

try:
    import snowballstemmer
except ImportError:  # pragma: no cover
    sys.exit("check_lexicon.py needs the 'snowballstemmer' package: pip install snowballstemmer")

FR = snowballstemmer.stemmer("french")
EN = snowballstemmer.stemmer("english")
SECTION_RE = re.compile(r"^#\s*==\s*(.*?)\s*==\s*$")


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(c for c in s if not (0x300 <= ord(c) <= 0x36F))
    return s.replace("œ", "oe").replace("æ", "ae")


def fr_key(word):
    return fold(FR.stemWord(word.lower()))


def en_key(word):
    return fold(EN.stemWord(word.lower()))


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "data", "lexicon", "fr_en.tsv")
    min_keys = 0
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--min-keys":
            min_keys = int(args.pop(0))
        else:
            path = a

    section = "(no section)"
    sections = OrderedDict()
    malformed = []
    seen_lines = {}
    duplicates = []
    by_fr_key = defaultdict(list)  # fr key -> [(lineno, fr, en, en key)]
    en_keys = set()
    n_entries = 0

    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            if line.startswith("#"):
                m = SECTION_RE.match(line)
                if m:
                    section = m.group(1)
                    sections.setdefault(section, 0)
                continue
            n_entries += 1
            sections[section] = sections.get(section, 0) + 1
            fields = line.split("\t")
            problems = []
            if len(fields) != 2:
                problems.append("expected 2 tab-separated fields, got %d" % len(fields))
            else:
                for fld in fields:
                    if not fld:
                        problems.append("empty field")
                    if fld != fld.lower():
                        problems.append("uppercase in %r" % fld)
                    if any(c.isspace() for c in fld):
                        problems.append("whitespace in %r" % fld)
            if problems:
                malformed.append((lineno, line, "; ".join(problems)))
                continue
            fr, en = fields
            if (fr, en) in seen_lines:
                duplicates.append((lineno, seen_lines[(fr, en)], fr, en))
                continue
            seen_lines[(fr, en)] = lineno
            fk, ek = fr_key(fr), en_key(en)
            by_fr_key[fk].append((lineno, fr, en, ek))
            en_keys.add(ek)

    conflicts = {k: v for k, v in by_fr_key.items() if len({e[3] for e in v}) > 1}

    print("file:                 %s" % path)
    print("entry lines:          %d" % n_entries)
    print("distinct French keys: %d" % len(by_fr_key))
    print("distinct English keys: %d" % len(en_keys))
    print("per-section entry lines:")
    for name, n in sections.items():
        print("  %-40s %5d" % (name, n))

    print("malformed lines: %d" % len(malformed))
    for lineno, line, why in malformed:
        print("  line %d: %s   [%r]" % (lineno, why, line))
    print("duplicate lines: %d" % len(duplicates))
    for lineno, first, fr, en in duplicates:
        print("  line %d duplicates line %d: %s\t%s" % (lineno, first, fr, en))
    print("conflicts: %d" % len(conflicts))
    for fk, entries in sorted(conflicts.items()):
        desc = ", ".join("l%d %s->%s[%s]" % (ln, fr, en, ek) for ln, fr, en, ek in entries)
        print("  fr key %r: %s" % (fk, desc))

    ok = not conflicts and not malformed
    if min_keys and len(by_fr_key) < min_keys:
        print("too few distinct French keys: %d < %d" % (len(by_fr_key), min_keys))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
