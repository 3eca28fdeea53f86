"""Print search relevance (nDCG@10, recall@10) of the embedded backend and, when an engine
address is given, of Elasticsearch/OpenSearch, on the demo and a generated catalog.

    python bench/relevance.py [--engine-url http://127.0.0.1:9200] [--size 3000] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.relevance_set import demo_documents, demo_judgments, evaluate, generated_catalog  # noqa: E402
from search import make_backend  # noqa: E402


def backends(engine_url: str | None, tmp: str):
    yield "embedded", lambda: make_backend(None, str(Path(tmp) / f"{uuid.uuid4().hex}.sqlite"))
    if engine_url:
        yield (
            "engine",
            lambda: make_backend(engine_url, "", index_prefix=f"tepian-rel-{uuid.uuid4().hex[:8]}"),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine-url")
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    collections = {
        "demo": (demo_documents(), demo_judgments()),
        f"generated-{args.size}": generated_catalog(args.size),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for label, make in backends(args.engine_url, tmp):
            for name, (docs, judged) in collections.items():
                backend = make()
                backend.bulk_load(docs)
                started = time.perf_counter()
                scores = evaluate(backend, judged)
                took = (time.perf_counter() - started) / scores["queries"] * 1000
                print(
                    f"{label:9s} {name:16s} queries={scores['queries']:3d} "
                    f"nDCG@10={scores['ndcg@10']:.3f} recall@10={scores['recall@10']:.3f} "
                    f"({took:.1f} ms/query)"
                )
                if args.verbose:
                    for q, (ndcg, recall) in sorted(
                        scores["per_query"].items(), key=lambda kv: kv[1]
                    ):
                        print(f"    {ndcg:.2f} {recall:.2f}  {q}")
                if hasattr(backend, "drop"):
                    backend.drop()


if __name__ == "__main__":
    main()
