"""Agreement of the clarity scoring with the hand labels of ``data/clarity_sample.json``."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pom.transformation.clarity import Matcher, Target

SAMPLE = Path(__file__).parent / "data" / "clarity_sample.json"


def organizations() -> list[dict[str, Any]]:
    return list(json.loads(SAMPLE.read_text())["organizations"])


def targets(org: dict[str, Any]) -> list[Target]:
    found = [Target(b["key"], b["key"], b["title"], b["description"]) for b in org["bets"]]
    found += [
        Target(o["key"], o["bet"] or o["key"], o["title"], o["description"])
        for o in org["outcomes"]
    ]
    return found


@dataclass(frozen=True)
class Agreement:
    n: int
    precision: float  # of the priorities the method matched, the share matched to the right one
    recall: float  # of the priorities the labels say name one, the share matched to it
    accuracy: float  # the share where method and label agree (a priority, or none)
    kappa: float  # Cohen's kappa over the categories (each declared priority, and none)
    misses: list[tuple[str, str | None, str | None, float]]  # text, label, predicted, score


def kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    expected = sum(left[c] * right[c] for c in set(left) | set(right)) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def measure(orgs: list[dict[str, Any]]) -> Agreement:
    pairs: list[tuple[str, str]] = []
    misses = []
    predicted_n = correct = labelled = 0
    for org in orgs:
        matcher = Matcher(targets(org))
        for answer in org["answers"]:
            match = matcher.match(answer["text"])
            got = match.target.group if match.target else None
            want = answer["label"]
            pairs.append((f"{org['split']}:{want}", f"{org['split']}:{got}"))
            predicted_n += got is not None
            labelled += want is not None
            correct += got is not None and got == want
            if got != want:
                misses.append((answer["text"], want, got, match.score))
    n = len(pairs)
    return Agreement(
        n=n,
        precision=correct / predicted_n if predicted_n else 0.0,
        recall=correct / labelled if labelled else 0.0,
        accuracy=sum(a == b for a, b in pairs) / n,
        kappa=kappa(pairs),
        misses=misses,
    )
