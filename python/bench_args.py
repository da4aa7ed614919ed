"""The command line the Python benches share: their inputs (the dev set beside the checkout,
else the fixtures) and the number of runs."""

import argparse
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def parser(doc):
    """An argument parser with ``--input`` (JSON Lines files) and ``--runs``, described by the
    first paragraph of ``doc``."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    dev = sorted(
        str(p)
        for p in (HERE.parent.parent / "shared" / "data" / "dev").glob("*.jsonl")
        if not p.name.endswith(".judgments.jsonl")
    )
    ap.add_argument("--input", nargs="+", default=dev or [str(HERE.parent / "fixtures" / "articles.jsonl")])
    ap.add_argument("--runs", type=int, default=5)
    return ap
