"""Write synthetic decks for the benchmark: N slides, one figure in five, every figure different."""

from __future__ import annotations

import json
from pathlib import Path

WORDS = [
    "모델",
    "인프라",
    "반도체",
    "에이전트",
    "데이터",
    "클라우드",
    "투자",
    "스타트업",
    "검색",
    "추론",
    "학습",
    "비용",
    "model",
    "agent",
    "inference",
    "context",
    "token",
    "GPU",
    "latency",
    "workflow",
]


def _words(seed: int, count: int) -> str:
    return " ".join(WORDS[(seed * 7 + k * 3) % len(WORDS)] for k in range(count))


def _slide(n: int, figure: int | None) -> dict:
    """Return the n-th content slide: figure number `figure`, or text of one of several types."""
    notes = f"{_words(n, 12)}. 슬라이드 {n}번의 발표자 노트입니다."
    if figure is not None:
        k = figure
        if k % 3 == 2:
            return {
                "type": "diagram",
                "title": f"도식 {k}",
                "diagram": {
                    "kind": "layers" if k % 2 else "steps",
                    "items": [
                        {"name": f"{WORDS[(k + j) % len(WORDS)]} {j}", "text": _words(k + j, 3)}
                        for j in range(3)
                    ],
                },
                "notes": notes,
            }
        return {
            "type": "chart",
            "title": f"차트 {k}: {_words(k, 2)}",
            "chart": {
                "kind": ("bar", "line", "barh", "stacked")[k % 4],
                "categories": [str(2020 + j) for j in range(4)],
                "series": [
                    {"name": "매출", "values": [k + j * 3 + 1 for j in range(4)]},
                    {"name": "비용", "values": [k % 7 + j + 1 for j in range(4)]},
                ],
                "unit": "억 달러",
                "labels": True,
            },
            "caption": f"단위: 억 달러 ({k})",
            "notes": notes,
        }
    kind = n % 4
    if kind == 0:
        return {
            "type": "bullets",
            "title": f"요점 {n}",
            "bullets": [_words(n + j, 5) for j in range(3)]
            + [{"text": _words(n, 4), "bullets": [_words(n + 9, 3)]}],
            "notes": notes,
        }
    if kind == 1:
        return {"type": "statement", "text": f"{_words(n, 6)} =={n}==", "notes": notes}
    if kind == 2:
        return {
            "type": "table",
            "title": f"표 {n}",
            "table": {
                "columns": ["구분", "2024", "2025"],
                "rows": [[_words(n + r, 2), n + r, n * 2 + r] for r in range(4)],
            },
            "notes": notes,
        }
    return {
        "type": "stat",
        "title": f"숫자 {n}",
        "value": f"{n * 10:,}억 달러",
        "label": _words(n, 4),
        "notes": notes,
    }


def deck(slides: int, sections: int = 10) -> dict:
    """Return a deck of `slides` slides in all (title, dividers and closing included), one in
    five of them a figure."""
    content = slides - 2 - sections
    figures = slides // 5
    made: list[dict] = []
    for n in range(content):
        # Spread the figures evenly: slide n is one when the running share steps up.
        step = (n + 1) * figures // content - n * figures // content
        made.append(_slide(n, n * figures // content if step else None))
    per, extra = divmod(content, sections)
    out, start = [], 0
    for s in range(sections):
        count = per + (1 if s < extra else 0)
        out.append({"title": f"섹션 {s + 1}", "slides": made[start : start + count]})
        start += count
    return {
        "title": f"합성 덱: 슬라이드 {slides}장",
        "subtitle": "deckgen benchmark",
        "lang": "ko-KR",
        "closing": "감사합니다",
        "sections": out,
    }


def write(folder: Path, slides: int) -> Path:
    """Write the synthetic deck of `slides` slides into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"synth-{slides}.yaml"
    # JSON is YAML: quick to write, and deckgen reads it with the same loader.
    path.write_text(json.dumps(deck(slides), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
