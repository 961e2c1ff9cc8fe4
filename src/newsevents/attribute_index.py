"""An indexed, exact stand-in for the matching step of spaCy's ``attribute_ruler``.

In ``en_core_web_sm`` 3.8 the ``attribute_ruler`` (179 rules that map fine
tags, words and dependency labels to coarse part of speech, morphology and
some lemmas) finds where its rules apply with spaCy's general token
``Matcher``; on news text that takes about 15% of the whole pipeline's time
(measured on the dev corpus: 5.3 s of 35 s for 386 articles). Every one of
its rules is a fixed-length sequence of token tests on ``TAG``, ``LOWER``,
``DEP`` and ``IS_SPACE`` (equal to, ``IN``, ``NOT_IN``, ``REGEX``), so
whether a rule's token test holds depends only on those four values of one
token. :class:`IndexedRuleMatcher` caches, per distinct combination, which
tests hold, and returns exactly the matches spaCy's ``Matcher`` returns, in
``AttributeRuler.match``'s order; spaCy's own ``set_annotations`` then sets
the attributes. A ruler with any other kind of rule is left unchanged.

Equality with spaCy's matcher is checked by ``tests/test_attribute_index.py``
on every test text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["IndexedRuleMatcher", "use_indexed_matching"]

_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
CACHE_SIZE = 100_000  # distinct (tag, word, label) combinations remembered; about 20 MB
Features = tuple[str, str, str, bool]  # (tag_, lower_, dep_, is_space) of one token


def _test(spec: dict) -> Callable[[Features], bool] | None:
    """A function of a token's features that is True where ``spec`` (one
    token of a Matcher pattern) holds; None for a spec this index cannot read."""
    checks = []
    for attr, wanted in spec.items():
        if attr not in _ATTRS:
            return None
        slot = _ATTRS.index(attr)
        if not isinstance(wanted, dict):
            checks.append(lambda f, s=slot, w=wanted: f[s] == w)
            continue
        if len(wanted) != 1:
            return None
        (op, value), = wanted.items()
        if op == "IN":
            checks.append(lambda f, s=slot, v=frozenset(value): f[s] in v)
        elif op == "NOT_IN":
            checks.append(lambda f, s=slot, v=frozenset(value): f[s] not in v)
        elif op == "REGEX" and slot != 3:
            checks.append(lambda f, s=slot, r=re.compile(value): r.search(f[s]) is not None)
        else:
            return None
    def test(features: Features) -> bool:
        return all(check(features) for check in checks)

    tag = spec.get("TAG")
    test.tag = tag if isinstance(tag, str) else None  # the tag it requires, to index rules by
    return test


class IndexedRuleMatcher:
    """The matches of an ``AttributeRuler``'s rules in a Doc, as
    ``AttributeRuler.match`` returns them: ``(rule_index, match_id, start,
    end)`` tuples, sorted. Build with :meth:`for_ruler`."""

    def __init__(self, rules: list[tuple[int, int, list[list[Callable]]]]) -> None:
        # (rule index, match id, alternatives: a list of token tests each)
        single = [(i, mid, alt[0]) for i, mid, alts in rules for alt in alts if len(alt) == 1]
        self._by_tag: dict[str | None, list] = {}  # one-token rules by the tag they require (None: any)
        for rule in single:
            self._by_tag.setdefault(rule[2].tag, []).append(rule)
        self._multi = [(i, mid, alt) for i, mid, alts in rules for alt in alts if len(alt) > 1]
        self._multi_tests = [test for _, _, alt in self._multi for test in alt]
        self._cache: dict[tuple[int, int, int, int], tuple] = {}
        self._shared: dict[tuple, tuple] = {}  # one copy of each distinct answer

    @classmethod
    def for_ruler(cls, ruler) -> IndexedRuleMatcher | None:
        """The index of ``ruler``'s rules, or None when a rule uses anything
        but fixed-length token tests on TAG, LOWER, DEP and IS_SPACE."""
        rules = []
        for index, entry in enumerate(ruler.patterns):
            alternatives = []
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or any("OP" in spec for spec in pattern):
                    return None
                tests = [_test(spec) for spec in pattern]
                if not tests or any(t is None for t in tests):
                    return None
                alternatives.append(tests)
            rules.append((index, ruler.vocab.strings[str(index)], alternatives))
        return cls(rules)

    def _holds(self, key: tuple[int, int, int, int], strings) -> tuple[tuple[tuple[int, int], ...], tuple[bool, ...]]:
        """The one-token rules that match a token with ``key`` (hashes of its
        tag, lower-case form and dependency label, and is_space), and which
        tests of the longer rules hold on it."""
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:  # new words keep coming; keep the cache bounded
                self._cache.clear()
            features = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
            rules = self._by_tag.get(features[0], []) + self._by_tag.get(None, [])
            found = (tuple(sorted((i, mid) for i, mid, test in rules if test(features))),
                     tuple(test(features) for test in self._multi_tests))
            found = self._cache[key] = self._shared.setdefault(found, found)
        return found

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        strings = doc.vocab.strings
        holds = [self._holds(key, strings) for key in map(tuple, doc.to_array(_ARRAY_ATTRS).tolist())]
        matches = {(i, mid, start, start + 1) for start, (singles, _) in enumerate(holds) for i, mid in singles}
        offset, n = 0, len(doc)
        for i, mid, tests in self._multi:
            width = len(tests)
            for start in range(n - width + 1):
                if holds[start][1][offset] and all(holds[start + k][1][offset + k] for k in range(1, width)):
                    matches.add((i, mid, start, start + width))
            offset += width
        return sorted(matches)


def use_indexed_matching(nlp: Language) -> bool:
    """Make ``nlp``'s ``attribute_ruler`` (if any) find its matches with an
    :class:`IndexedRuleMatcher`. Returns True when it was replaced, False when
    the pipeline has no attribute ruler or one this index cannot read."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    matcher = IndexedRuleMatcher.for_ruler(ruler)
    if matcher is None:
        return False
    ruler.match = matcher
    return True
