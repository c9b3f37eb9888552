"""Write the ``handouts merge`` cases of tests/cases (issue 17): shard folders with small files and the
index.json a batch would write for them. Run from the repository root; expected.txt is kept."""

import hashlib
import json
import shutil
from pathlib import Path

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"
CONTENT_A, CONTENT_B = "a" * 64, "b" * 64


def entry(name: str, data: bytes, row: int, content: str) -> dict:
    return {"file": name, "row": row, "status": "ok", "built": True, "audience": "general", "lang": "en",
            "layout": "handout", "paper": "letter", "format": "html", "pages": 1, "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "reading_score": None, "reading_measure": "",
            "inputs": "0" * 64, "content": content, "error": "", "owned": True}


def shard(folder: Path, files: dict[str, bytes], rows: dict[str, int], content: str = CONTENT_A,
          listed: dict[str, bytes] | None = None) -> None:
    """``files`` on disk; the index lists ``listed`` (default: the same files)."""
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    leaflets = [entry(name, data, rows[name], content) for name, data in sorted((listed or files).items())]
    doc = {"handouts": "0.1.0", "leaflets": leaflets}
    (folder / "index.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def case(name: str, build) -> None:
    folder = CASES / name
    kept = (folder / "expected.txt").read_bytes() if (folder / "expected.txt").is_file() else None
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    build(folder)
    (folder / "args.txt").write_text("merge\n{case}/a\n{case}/b\n--out-dir\n{tmp}/out\n", encoding="utf-8")
    if kept is not None:
        (folder / "expected.txt").write_bytes(kept)


ROWS = {"x.html": 2, "y.html": 3, "z.html": 4}
case("merge-same-file-different-bytes", lambda f: (
    shard(f / "a", {"x.html": b"<p>one</p>\n"}, ROWS), shard(f / "b", {"x.html": b"<p>two</p>\n"}, ROWS)))
case("merge-overlapping-shards", lambda f: (
    shard(f / "a", {"x.html": b"<p>one</p>\n", "y.html": b"<p>y</p>\n"}, ROWS),
    shard(f / "b", {"x.html": b"<p>one</p>\n", "z.html": b"<p>z</p>\n"}, ROWS)))
case("merge-mixed-content-versions", lambda f: (
    shard(f / "a", {"x.html": b"<p>one</p>\n"}, ROWS), shard(f / "b", {"y.html": b"<p>y</p>\n"}, ROWS, CONTENT_B)))
case("merge-three-conflicts", lambda f: (
    shard(f / "a", {"x.html": b"<p>one</p>\n", "y.html": b"<p>y</p>\n"}, ROWS),
    shard(f / "b", {"x.html": b"<p>two</p>\n", "y.html": b"<p>y</p>\n"}, ROWS, CONTENT_B)))
case("merge-folder-without-index", lambda f: (
    shard(f / "a", {"x.html": b"<p>one</p>\n"}, ROWS), (f / "b").mkdir(), (f / "b" / "y.html").write_bytes(b"y")))
case("merge-file-changed-after-batch", lambda f: (
    shard(f / "a", {"x.html": b"<p>edited</p>\n"}, ROWS, listed={"x.html": b"<p>one</p>\n"}),
    shard(f / "b", {"y.html": b"<p>y</p>\n"}, ROWS)))
