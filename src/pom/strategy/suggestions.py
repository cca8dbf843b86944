"""Suggestions that fit the statement: built from its own words, not one fixed example.

"Hire two salespeople" gets "What should change because two salespeople are hired? … e.g.
“qualified pipeline from … to … by …”"; "Improve retention" gets "Say how much retention should
move…". The example metric is picked from what the statement is about (sales, onboarding, a
website, content, support…), so the suggestion points at a number that team could really own.
"""

from __future__ import annotations

from pom.strategy import wording

# (words that say what the work is about, the number that would show it worked)
TOPIC_METRICS: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset(
            {
                "salespeople",
                "salesperson",
                "sales",
                "sdr",
                "sdrs",
                "rep",
                "reps",
                "deal",
                "deals",
                "proposal",
                "proposals",
                "prospect",
                "prospects",
                "outbound",
                "crm",
                "lead",
                "leads",
                "abm",
            }
        ),
        "qualified pipeline",
    ),
    (
        frozenset(
            {
                "onboarding",
                "signup",
                "sign-up",
                "activation",
                "trial",
                "trials",
                "setup",
                "welcome",
                "first-run",
                "tutorial",
                "checklist",
            }
        ),
        "share of new accounts that reach first value in their first week",
    ),
    (
        frozenset(
            {
                "website",
                "site",
                "page",
                "pages",
                "landing",
                "homepage",
                "pricing",
                "checkout",
                "paywall",
                "funnel",
                "rebrand",
                "brand",
            }
        ),
        "visit-to-signup conversion",
    ),
    (
        frozenset(
            {
                "blog",
                "post",
                "posts",
                "article",
                "articles",
                "content",
                "podcast",
                "podcasts",
                "webinar",
                "webinars",
                "newsletter",
                "video",
                "videos",
                "instagram",
                "linkedin",
                "social",
                "seo",
                "campaign",
                "campaigns",
                "ebook",
            }
        ),
        "visitors from that content who sign up",
    ),
    (
        frozenset(
            {
                "support",
                "ticket",
                "tickets",
                "chatbot",
                "help",
                "faq",
                "service",
                "helpdesk",
                "complaints",
                "returns",
                "return",
                "agents",
            }
        ),
        "support tickets per 1,000 customers",
    ),
    (
        frozenset(
            {
                "survey",
                "surveys",
                "feedback",
                "interview",
                "interviews",
                "nps",
                "review",
                "reviews",
                "responses",
                "research",
            }
        ),
        "NPS of active customers",
    ),
    (
        frozenset(
            {
                "train",
                "training",
                "coach",
                "coaching",
                "course",
                "workshop",
                "skills",
                "certification",
                "guidelines",
                "playbook",
                "norms",
            }
        ),
        "first-contact resolution rate",
    ),
    (
        frozenset({"app", "mobile", "ios", "android", "tablet"}),
        "weekly active users on mobile",
    ),
    (
        frozenset(
            {
                "api",
                "apis",
                "integration",
                "integrations",
                "sdk",
                "developer",
                "developers",
                "documentation",
                "docs",
                "webhook",
                "webhooks",
            }
        ),
        "accounts calling the API every week",
    ),
    (
        frozenset(
            {
                "test",
                "tests",
                "code",
                "refactor",
                "bug",
                "bugs",
                "ci",
                "deploy",
                "deployment",
                "pipeline",
                "migration",
                "kubernetes",
                "infrastructure",
                "monitoring",
                "debt",
                "platform",
                "review",
                "reviews",
                "release",
                "releases",
            }
        ),
        "lead time from merge to production",
    ),
    (
        frozenset(
            {
                "report",
                "reports",
                "dashboard",
                "dashboards",
                "analytics",
                "reporting",
                "forecast",
                "forecasting",
                "budget",
                "reconciliations",
            }
        ),
        "decisions made on the report each week",
    ),
    (
        frozenset(
            {
                "billing",
                "invoice",
                "invoicing",
                "payment",
                "payments",
                "subscription",
                "contract",
                "contracts",
                "net30",
                "supplier",
            }
        ),
        "days sales outstanding",
    ),
    (
        frozenset(
            {
                "hire",
                "hiring",
                "engineers",
                "engineer",
                "team",
                "recruiting",
                "candidates",
                "culture",
                "employees",
            }
        ),
        "features customers adopt per quarter",
    ),
)
DEFAULT_METRIC = "share of target customers who use it every week"


def topic_metric(words: str) -> str:
    """The example metric for a statement, chosen by what it is about."""
    toks = set(wording.tokens(words))
    for keys, metric in TOPIC_METRICS:
        if toks & keys:
            return metric
    return DEFAULT_METRIC


def _short(phrase: str, limit: int = 7) -> str:
    words = phrase.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _plural(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    if any((w[0].isdigit() and w not in ("1", "one")) or w in wording.NUMBER_WORDS for w in words):
        return True
    head = words[-1]
    return head.endswith("s") and not head.endswith("ss")


def for_output(title: str, verb: str, lemma: str, obj: str) -> str:
    """'Hire two salespeople' → 'What should change because two salespeople are hired? …'."""
    metric = topic_metric(title)
    thing = _short(obj.strip(" .,;:")) or "it"
    if lemma and " " not in thing.strip("…") and thing in ("it",):
        done = f"it is {wording.past_participle(lemma)}"
    elif lemma:
        done = f"{thing} {'are' if _plural(thing) else 'is'} {wording.past_participle(lemma)}"
    else:
        done = f"{thing} is done"
    return (
        f"What should change because {done}? Name whose behaviour moves and by how much, e.g. "
        f"“{metric[0].upper()}{metric[1:]} from … to … by …”; keep “{verb}” as a bet or an idea in discovery."
    )


def for_vague(title: str, word: str) -> str:
    """'Improve retention' → 'How far should “improve” go? … e.g. “Retention from … to … by …”'."""
    toks = wording.tokens(title)
    metric = next((t for t in toks if wording.noun_lemma(t) in wording.METRIC_HEADS), "")
    target = metric or topic_metric(title)
    if wording.is_comparative(word):
        ask = f"“{word}” than what?"
    elif wording.verb_lemma(word) in _QUANTITY_VERBS:
        ask = f"How far should “{word}” go?"
    else:
        ask = f"What number would show that “{_short(title.strip(' .'), 8)}” is true?"
    return (
        f"{ask} Put the number in: {target}, from what it is today, to what, by when — e.g. "
        f"“{target[0].upper()}{target[1:]} from … to … by …”."
    )


_QUANTITY_VERBS = frozenset(
    {
        "increase", "decrease", "reduce", "raise", "lift", "grow", "cut", "lower", "drop",
        "boost", "shrink", "shorten", "accelerate", "minimize", "minimise", "maximize",
        "maximise", "improve", "enhance", "optimize", "optimise", "expand", "drive", "mitigate",
    }
)  # fmt: skip


def for_project(title: str, verb: str, obj: str) -> str:
    """A bet phrased as a project: ask which market choice the project serves."""
    thing = _short(obj.strip(" .,;:")) or "this project"
    return (
        f"Say which customers or market {thing} should win and what you give up for it, e.g. "
        f"“Become the default for … in …”; “{verb} {thing}” then becomes one way to get there."
    )


__all__ = [
    "DEFAULT_METRIC",
    "TOPIC_METRICS",
    "for_output",
    "for_project",
    "for_vague",
    "topic_metric",
]
