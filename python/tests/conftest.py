"""Shared fixtures: the project's fixture articles and the Rust API's reference results."""

import json
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "articles.jsonl"
REFERENCE = pathlib.Path(__file__).resolve().parent / "data" / "fixture_reference.json"
# The dev set beside the checkout; BILINGUAL_DEDUP_DEV points elsewhere (a folder without it
# runs the Spark test on the fixtures, as on a clone without ../shared).
DEV = pathlib.Path(os.environ.get("BILINGUAL_DEDUP_DEV", ROOT.parent / "shared" / "data" / "dev"))


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def articles():
    return read_jsonl(FIXTURES)


@pytest.fixture(scope="session")
def reference():
    with open(REFERENCE, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def dedup():
    import bilingual_dedup

    return bilingual_dedup.Dedup()


@pytest.fixture(scope="session")
def fps(dedup, articles):
    return dedup.fingerprint_many(articles)
