"""How a goal statement reads: work to do (an output), a wish without a measure (vague), or a result.

The clarity linter asks two questions of every title. *Does it name work?* — a statement led by
an activity verb in the imperative ("Hire two salespeople", "Conduct training…"), as a gerund
("contacting 50 warm leads") or in the past tense ("Implemented the designs"), or one that
reports a deliverable as done ("New invoicing feature launched", "members are coached on…").
The verbs that name a change in a measured quantity (increase, reduce, reach, keep, double…)
are not work: they lead outcomes. *Does it measure?* — a desired change (one of those verbs, a
comparative such as "faster" or "more", an adjective of quality such as "world-class") with no
number, metric target or threshold is vague.

Which words are verbs, nouns or adjectives, and their inflections, come from ``lemminflect``'s
English lexicon (bundled with the package, nothing fetched at run time). The grammar on top is a
handful of rules about the first words of the statement, kept pure and fast: about 20 µs a
statement, the word look-ups cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

OUTPUT = "output"
VAGUE = "vague"
MEASURED = "measured"
PLAIN = "plain"

# Verbs that name a change in a measured quantity, or a state to reach or keep. With a measure
# they lead an outcome ("Reduce churn from 8% to 4%"); without one they are a wish ("Reduce churn").
CHANGE_VERBS = frozenset(
    {
        "increase", "decrease", "reduce", "raise", "lift", "grow", "cut", "lower", "drop",
        "reach", "achieve", "attain", "hit", "exceed", "surpass", "beat", "keep", "maintain",
        "sustain", "stay", "remain", "double", "triple", "quadruple", "halve", "boost", "shrink",
        "shorten", "accelerate", "speed", "minimize", "minimise", "maximize", "maximise",
        "improve", "enhance", "optimize", "optimise", "streamline", "strengthen", "simplify",
        "elevate", "uplift", "expand", "scale", "deepen", "broaden", "widen", "drive", "become",
        "be", "delight", "excite", "wow", "transform", "revolutionize", "revolutionise",
        "dominate", "own", "ensure", "turn", "bring", "stop", "excel", "thrive", "prevent",
        "avoid", "eliminate", "limit", "cap", "decline", "fall", "rise", "climb", "position",
        "foster", "cultivate", "nurture", "inspire", "reinvent", "redefine", "reimagine",
        "unlock", "amplify", "energize", "energise", "champion", "embrace", "pioneer",
        "solidify", "cement", "enrich", "conquer", "differentiate", "modernize", "modernise",
        "disrupt", "mitigate", "lessen", "curb", "diminish", "alleviate", "augment", "enlarge",
        "multiply", "hasten", "quicken", "compress", "trim", "slash", "stabilize", "stabilise",
        "normalize", "normalise", "recover", "restore", "regain", "revive", "revitalize",
        "revitalise", "reinvigorate", "rejuvenate", "bolster", "reinforce", "fortify", "uphold",
        "preserve", "safeguard", "guarantee", "assure", "master", "perfect", "outperform",
        "outpace", "outgrow", "outsell", "succeed", "flourish", "prosper", "evolve", "mature",
        "advance", "refine", "polish", "democratize", "democratise", "humanize", "humanise",
    }
)  # fmt: skip
# Verbs that name winning something: a result when counted ("Acquire 50 new customers"), a wish
# when what is won is a result without a number ("Generate leads"), work otherwise ("Sign the
# budget proposals", "Add SSO support").
RESULT_VERBS = frozenset(
    {
        "add", "acquire", "gain", "win", "sign", "close", "onboard", "convert", "generate",
        "earn", "secure", "sell", "book", "attract", "retain", "get", "land", "capture", "save",
        "serve", "make", "receive",
    }
)  # fmt: skip
# Of those, the ones that can also name getting something that is not a result ("Get feedback
# from 15 customers", "Book 20 meetings"): counted, they still need a result or people to count.
WEAK_RESULT_VERBS = frozenset(
    {"add", "get", "make", "book", "sign", "secure", "land", "capture", "save", "serve", "onboard"}
)
# "Help / enable / empower <people> to …" describes what those people can do: a result framing.
PEOPLE_VERBS = frozenset(
    {
        "help", "enable", "empower", "equip", "allow", "let", "engage", "satisfy", "please",
        "impress", "support", "protect", "reward", "surprise",
    }
)  # fmt: skip
# Verbs the lexicon does not know, written the way goal lists write them.
EXTRA_ACTIVITY = {"rollout": "roll out", "re-launch": "relaunch", "setup": "set up"}

# Words whose presence says "we want more / better" — the desired change of a vague goal.
QUALITY_WORDS = frozenset(
    {
        "world-class", "best-in-class", "great", "excellent", "exceptional", "seamless",
        "delightful", "frictionless", "stellar", "first-class", "rock-solid", "reliable",
        "robust", "resilient", "scalable", "secure", "efficient", "effective", "sticky",
        "successful", "high-quality", "flawless", "intuitive", "outstanding", "amazing",
        "awesome", "strong", "high", "fast", "easy", "simple", "smooth", "leading", "preferred",
        "go-to", "top-of-mind", "undisputed", "record", "significantly", "substantially",
        "dramatically", "drastically", "massively", "stable", "healthy", "happy", "loyal",
        "engaging", "compelling", "consistent", "timely", "accurate", "quality", "awareness",
        "leader", "number-one", "#1", "default", "delight", "magical", "beloved",
        "industry-leading", "market-leading", "cutting-edge", "state-of-the-art", "top-notch",
        "premium", "superior", "remarkable", "memorable", "wonderful", "perfect", "optimal",
        "ideal", "innovative", "customer-centric", "data-driven", "proactive", "sustainable",
        "meaningful", "impactful", "valuable", "powerful", "competitive", "trusted",
        "favorite", "favourite", "essential", "indispensable", "must-have", "excellence",
        "leadership", "modern", "clean", "clear", "agile", "lean", "exciting", "inspiring",
        "loyalty", "happiness", "wellbeing", "well-being", "morale", "trust",
    }
)  # fmt: skip
# Two- and three-word spellings of the same ("world class support", "best in class").
QUALITY_PHRASES = re.compile(
    r"\b(?:world|first|best in|top|high|best of) class\b|\bstate of the art\b|\btop notch\b"
    r"|\bnumber one\b|\bgo to\b(?= (?:platform|tool|app|place|solution|choice|brand))",
    re.IGNORECASE,
)
# Nouns of a change: "Growth in revenue", "Reduction of churn" wish for a change just as the verbs do.
CHANGE_NOUNS = frozenset(
    {
        "increase", "growth", "reduction", "improvement", "decrease", "rise", "boost", "uplift",
        "gain", "expansion", "acceleration", "optimization", "optimisation", "enhancement",
        "excellence", "maximization", "minimization",
    }
)  # fmt: skip
# "Our goal is to …", "We want to …": the statement proper starts after them.
GOAL_PREFIX = re.compile(
    r"^\s*(?:(?:our|the|my|team|company) (?:goal|aim|objective|mission|plan|focus|ambition)"
    r" (?:is|will be) to|we (?:want|aim|need|plan|intend|hope|strive|expect) to"
    r"|i (?:want|will|plan|aim) to|aim to|strive to)\s+",
    re.IGNORECASE,
)
NOT_COMPARATIVE = frozenset({"further", "over", "under", "after", "latest", "later", "former"})

# Nouns of results: what a result verb wins and a change verb moves.
RESULT_NOUNS = frozenset(
    {
        "customer", "user", "client", "lead", "revenue", "sale", "signup", "sign-up",
        "subscriber", "deal", "account", "pipeline", "demand", "traffic", "visitor", "download",
        "install", "booking", "arr", "mrr", "member", "follower", "donor", "donation", "profit",
        "margin", "retention", "churn", "conversion", "engagement", "adoption", "growth",
        "satisfaction", "nps", "csat", "market", "share", "business", "order", "purchase",
        "renewal", "upsell", "expansion", "referral", "reader", "listener", "viewer", "trial",
        "activation", "loyalty", "awareness", "funding", "income", "cash", "value", "people",
    }
)  # fmt: skip
# Nouns that name what is measured: a statement that starts with them is a metric, not an order
# ("Churn rate below 2%", "Lead time under a day", "Support tickets under 50 a week").
METRIC_HEADS = RESULT_NOUNS | frozenset(
    {
        "rate", "ratio", "time", "cost", "score", "count", "number", "margin", "latency",
        "uptime", "usage", "volume", "throughput", "duration", "speed", "spend", "price",
        "ticket", "bug", "error", "incident", "complaint", "defect", "visit", "session",
        "coverage", "frequency", "velocity", "percentage", "level", "rating", "ltv", "cac",
        "aov", "backlog", "availability", "reliability", "uplift", "cycle", "average", "net",
        "median", "total", "gross", "view", "impression", "click", "open", "reply", "response",
        "resolution", "wait", "queue", "payback", "runway", "burn", "headcount", "attrition",
        "turnover", "absenteeism", "utilization", "utilisation", "occupancy", "yield", "return",
        "roi", "roas", "cpc", "cpm", "cpa", "ctr", "dau", "mau", "wau", "gmv", "nrr", "grr",
        "ebitda", "p95", "p99", "sla", "slo", "mttr", "mttd", "mtbf", "dso", "inventory",
        "stock", "accuracy", "freshness", "delay", "expense", "saving", "savings",
    }
)  # fmt: skip
PEOPLE_NOUNS = frozenset(
    {
        "customer", "user", "client", "team", "people", "member", "operator", "developer",
        "buyer", "shopper", "seller", "employee", "agent", "admin", "student", "teacher",
        "patient", "clinician", "partner", "merchant", "driver", "reader", "everyone", "them",
    }
)  # fmt: skip
MARKET_NOUNS = frozenset({"market", "category", "industry", "segment", "space", "sector", "region"})
# What work produces, for "Three new features" and for suggestions.
DELIVERABLES = frozenset(
    {
        "feature", "integration", "release", "version", "app", "website", "site", "page",
        "dashboard", "report", "module", "tool", "api", "post", "article", "video", "webinar",
        "campaign", "course", "training", "survey", "documentation", "doc", "guide", "template",
        "playbook", "roadmap", "program", "programme", "system", "platform", "mvp", "prototype",
        "pilot", "redesign", "flow", "portal", "newsletter", "podcast", "episode", "blog",
        "screen", "test", "experiment", "migration", "process", "policy", "handbook", "wiki",
    }
)  # fmt: skip

DETERMINERS = frozenset(
    {
        "the", "a", "an", "our", "your", "their", "its", "my", "his", "her", "all", "every",
        "each", "this", "these", "that", "those", "some", "any", "it", "them", "us", "new",
        "more", "less", "fewer", "another", "both", "no", "at", "least", "most",
    }
)  # fmt: skip
PARTICLES = frozenset(
    {"up", "out", "down", "off", "on", "in", "into", "with", "through", "over", "across", "away"}
)
COPULAS = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "gets", "get", "got", "become", "becomes"}
)
FINITE = frozenset(
    {"is", "are", "was", "were", "will", "can", "should", "must", "has", "have", "had", "does"}
)
# Adverbs that sit between a subject and its verb.
IN_BETWEEN = frozenset(
    {"now", "already", "still", "also", "often", "regularly", "consistently", "increasingly",
     "reliably", "actually", "finally", "successfully", "routinely", "independently"}
)  # fmt: skip
SUBORDINATORS = frozenset({"since", "after", "when", "because", "once", "until", "before", "as"})
# "Leads that are handed to sales", "users who completed activation": a verb after these describes
# the noun before it (a relative clause); it is not what the statement asks for.
RELATIVES = frozenset({"that", "who", "which", "whom", "whose"})
LEAD_FILLER = frozenset(
    {
        "we", "will", "'ll", "to", "let's", "lets", "let", "must", "should", "shall", "i",
        "successfully", "also", "then", "and", "finally", "first", "please", "kr", "o",
    }
)  # fmt: skip
DONE_WORDS = frozenset(
    {
        "launched", "shipped", "released", "implemented", "delivered", "deployed", "redesigned",
        "completed", "finished", "published", "rolled", "built",
    }
)  # fmt: skip

NUMBER_WORDS = frozenset(
    {
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand",
        "million", "billion", "zero", "half", "double", "triple", "twice", "dozen", "doubling",
        "halving", "tripling",
    }
)  # fmt: skip
SCOPE_WORDS = frozenset({"all", "top", "first", "last", "the", "our", "each", "every", "number"})
MEASURE_AFTER = frozenset(
    {
        "from", "to", "by", "at", "under", "over", "above", "below", "within", "than", "of",
        "least", "most", "up", "reach", "reaches", "hit", "achieve", "exceed", "beyond", "in",
        "for", "per", "is", "are", "drops", "falls", "grows", "rises", "increases", "with",
    }
)  # fmt: skip

_TOKEN = re.compile(
    r"\d+(?:st|nd|rd|th)\b|[$€£]?\d+(?:[,.]\d+)*(?:[%kKmMbBxX]|bn|-[A-Za-z]+)?|[#]?[A-Za-z][A-Za-z0-9'’]*(?:[-/][A-Za-z0-9]+)*|[%≥≤<>+:;&,]"
)
_PLAIN_MEASURE = re.compile(
    r"%|percent|≥|≤|<\s*\d|>\s*\d|\d\s*\+|\bat (?:least|most) (?:one|a|an)\b"
    r"|\b(?:under|within|below|less than|over|above|more than) (?:a|an|one) "
    r"(?:day|week|month|hour|minute|second|quarter|year)\b"
    r"|\bby (?:a|one) (?:third|quarter|half|fifth|tenth)\b",
    re.IGNORECASE,
)
_FROM_TO = re.compile(r"\bfrom\b.*?\d.*?\bto\b.*?\d|\d\s*(?:→|->)\s*\d")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DIGIT = re.compile(r"\d")
_NOT_A_NUMBER = re.compile(
    r"\b24\s*[/x]\s*7\b|\bv\d+(?:\.\d+)*\b|\b(?:version|release)\s+\d", re.IGNORECASE
)
_VERSION = re.compile(r"\bv\d+(?:\.\d+)*\b|\b(?:version|release)\s+\d", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a statement reads as, and the words that make it so."""

    kind: str  # OUTPUT, VAGUE, MEASURED or PLAIN
    verb: str = ""  # the word that makes it work ("hire"), or the wish ("improve", "faster")
    lemma: str = ""  # its dictionary form ("hire")
    obj: str = ""  # what the work or the wish is about ("two salespeople")
    measured: bool = False  # does the statement carry a number that says how much?


@lru_cache(maxsize=8192)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    # Imported on first use: the lexicon (and numpy under it) costs a second or two to load,
    # which a process that never lints should not pay.
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word))


def verb_lemma(word: str) -> str:
    if word in EXTRA_ACTIVITY:
        return EXTRA_ACTIVITY[word]
    if word in ("onboard", "onboarding", "onboarded", "onboards"):
        return "onboard"
    verbs = _lemmas(word).get("VERB")
    if verbs:
        return verbs[0]
    if not _lemmas(word):  # "refactor", "replatform": a verb prefix on a known verb
        for prefix in ("re", "de", "un", "pre", "co", "over", "out"):
            stem = word[len(prefix) :].lstrip("-")
            if word.startswith(prefix) and len(stem) > 3 and _lemmas(stem).get("VERB"):
                return prefix + _lemmas(stem)["VERB"][0]
    return ""


def _is_noun_or_adj(word: str) -> bool:
    lemmas = _lemmas(word)
    if not lemmas:
        return word.isalpha()  # a word the lexicon lacks is a name: "Workspaces", "Salesforce"
    return "NOUN" in lemmas or "ADJ" in lemmas or "PROPN" in lemmas


def _is_plural_noun(word: str) -> bool:
    if not _lemmas(word):
        return word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us", "is"))
    nouns = _lemmas(word).get("NOUN", ())
    return bool(nouns) and word.endswith("s") and nouns[0] != word


def _form(word: str, lemma: str) -> str:
    """'base', 'ing', 'past' or 's' — which form of the verb ``word`` is."""
    if word == lemma or " " in lemma:
        return "base"
    if word.endswith("ing"):
        return "ing"
    if word.endswith("s") and word[:-1].rstrip("e") == lemma.rstrip("e"):
        return "s"
    return "past"


@lru_cache(maxsize=8192)
def is_comparative(word: str) -> bool:
    """'faster', 'better', 'more', 'easier', 'best', 'highest' — a change or a rank wished for."""
    if word in ("more", "less", "fewer") or word in NOT_COMPARATIVE or word in ("least", "most"):
        return word in ("more", "less", "fewer")
    if not word.endswith(("er", "est")) or len(word) < 4:
        return False
    lemmas = _lemmas(word)
    adjs = lemmas.get("ADJ", ()) + lemmas.get("ADV", ())
    return any(a != word for a in adjs)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _is_number(tok: str) -> bool:
    return tok[0].isdigit() or tok[:1] in "$€£" or tok in NUMBER_WORDS


def has_measure(text: str, toks: list[str] | None = None) -> bool:
    """A number that says how much: a percentage, money, a count, a time, a from → to.

    Not a year, a quarter, an ordinal, a version, a spec ("16-bit", "30-day"), "24/7", nor a
    scope ("all 100 crawlers", "top 3 endpoints").
    """
    if _PLAIN_MEASURE.search(text):
        return True
    if toks is None:
        toks = tokens(_measure_text(text))
    for i, tok in enumerate(toks):
        if not _is_number(tok):
            continue
        if "-" in tok or (tok[0].isdigit() and tok.endswith(("st", "nd", "rd", "th"))):
            continue  # "30-day retention", "16-bit", "3rd quarter": what, not how much
        if tok[:1] in "$€£" or (tok[-1:] in "kKmMbBxX" and tok[0].isdigit()):
            return True
        prev = toks[i - 1] if i else ""
        if tok[0].isdigit():
            bare = tok.rstrip(".,")
            if _YEAR.match(bare) and prev in ("in", "by", "of", "for", "since", "fy", ":", ""):
                continue
            if prev in ("iso", "version", "net", "web"):
                continue
        if prev in SCOPE_WORDS and tok not in ("zero", "half"):
            continue
        return True
    return False


def _measure_text(text: str) -> str:
    """``text`` without what looks like a number but is not one ("24/7", "v2")."""
    if not _DIGIT.search(text):
        return text
    return _NOT_A_NUMBER.sub(" ", text)


def _head_noun(words: list[str]) -> str:
    """The last noun-like word before a preposition: 'the new onboarding flow' → 'flow'."""
    head = ""
    for w in words:
        if w in ("for", "with", "to", "in", "on", "of", "by", "through", "via", "from", "across"):
            break
        if w not in DETERMINERS and not _is_number(w) and w.isalpha():
            head = w
    return head


def noun_lemma(word: str) -> str:
    nouns = _lemmas(word).get("NOUN")
    return nouns[0] if nouns else word


def _finite_s(toks: list[str], j: int) -> bool:
    """Is the '-s' word at ``j`` a verb ('rate reaches 35%') rather than a plural ('code sections')?

    A word that is both is read as the verb only when a measure follows it.
    """
    word = toks[j]
    if not _is_plural_noun(word):
        return True
    after = toks[j + 1 : j + 3]
    if after and _is_number(after[0]):
        return True
    return (
        len(after) == 2
        and after[0] in ("by", "to", "from", "below", "above", "under", "over", "at")
        and _is_number(after[1])
    )


def _subject_follows(
    toks: list[str], start: int, window: int = 5, *, from_first: bool = False
) -> bool:
    """Do the first words read as '<noun> <finite verb>' ('Support tickets fall…')?"""
    for j in range(start, min(start + window, len(toks) - 1)):
        a, b = toks[j], toks[j + 1]
        if b in IN_BETWEEN and j + 2 < len(toks):
            b = toks[j + 2]  # "Customers now complete checkout …"
        first = from_first or j > start
        if b in FINITE and first:
            return True
        if a in DETERMINERS or a in PARTICLES or not a.isalpha() or not b.isalpha():
            return False
        verb = _lemmas(b).get("VERB")
        if not verb or not _is_noun_or_adj(a):
            continue
        form = _form(b, verb[0])
        if form == "s" and not _is_plural_noun(a) and _finite_s(toks, j + 1):
            return True
        if form in ("base", "past") and _is_plural_noun(a) and first:
            return True
    return False


def _names_metric(toks: list[str], start: int) -> bool:
    """Do the first words name a metric ('Churn rate', 'Time to first value', 'Net revenue')?"""
    for w in toks[start : start + 4]:
        if noun_lemma(w) in METRIC_HEADS:
            return True
        if w in ("for", "with", "in", "on", "by", "through", "via", "until", "across", ":", ";"):
            return False
    return False


def _lead(toks: list[str]) -> int:
    """Where the statement's own words start, past 'Q3:', 'KR1:', 'We will', 'Successfully'…"""
    i = 0
    while i < len(toks):
        tok = toks[i]
        if i + 1 < len(toks) and toks[i + 1] == ":":
            i += 2
            continue
        if (
            tok in LEAD_FILLER
            or tok in (":", ";", "&")
            or (tok[0].isdigit() and i + 1 < len(toks) and toks[i + 1] == ":")
        ):
            i += 1
            continue
        if (
            tok.endswith("ly")
            and tok not in ("rely", "apply", "supply", "reply", "fly")
            and i + 1 < len(toks)
        ):
            i += 1
            continue
        if "/" in tok and i + 1 < len(toks):  # "A/B test …"
            i += 1
            continue
        break
    return i


def vague_word(words: list[str] | str) -> str:
    """The first comparative or adjective of quality ('faster', 'world-class'), or ""."""
    if isinstance(words, str):
        phrase = QUALITY_PHRASES.search(words)
        if phrase:
            return phrase.group(0).lower()
        toks = tokens(words)
    else:
        toks = words
    for tok in toks:
        if tok in QUALITY_WORDS or is_comparative(tok):
            return tok
    return ""


@lru_cache(maxsize=1024)
def verb_class(lemma: str) -> str:
    if lemma in CHANGE_VERBS:
        return "change"
    if lemma in RESULT_VERBS:
        return "result"
    if lemma in PEOPLE_VERBS:
        return "people"
    return "activity"


def read(text: str) -> Reading:
    """How ``text`` reads, judged by its grammar and by whether it carries a measure."""
    text = GOAL_PREFIX.sub("", text, count=1)
    cleaned = _measure_text(text)
    toks = tokens(cleaned)
    measured = has_measure(text, toks)
    reading = _read(text, toks, measured)
    return replace(reading, measured=True) if measured else reading


def _read(text: str, toks: list[str], measured: bool) -> Reading:
    start = _lead(toks)
    if start >= len(toks):
        return Reading(PLAIN)
    first = toks[start]
    rest = toks[start + 1 :]
    nxt = rest[0] if rest else ""
    lemma = verb_lemma(first)
    if lemma and (first in QUALITY_WORDS or is_comparative(first)):
        lemma = ""  # "Fast and secure delivery…", "Better conversion rates"
    if lemma:
        form = _form(first, lemma)
        cls = verb_class(lemma)
        imperative = True
        if form == "s":
            imperative = False
        elif (
            cls in ("change", "result")
            and nxt not in ("in", "of", "and")
            and form in ("base", "ing")
        ):
            # "Increase …" leads an order unless a verb follows at once ("Reach grows to 1M").
            imperative = not (
                nxt in FINITE
                or (
                    nxt.endswith("s")
                    and _finite_s(toks, start + 1)
                    and bool(_lemmas(nxt).get("VERB"))
                )
            )
        elif nxt and (
            nxt in DETERMINERS or _is_number(nxt) or nxt in PARTICLES or nxt in ("and", "&")
        ):
            imperative = True
        elif not nxt:
            imperative = form == "base" and not _is_noun_or_adj(first)
        elif (form != "base" or "NOUN" in _lemmas(first)) and _subject_follows(toks, start):
            imperative = False
        elif measured and "NOUN" in _lemmas(first) and _names_metric(toks, start):
            imperative = False  # "Churn rate below 2%", "Lead time under a day"
        if imperative:
            return _read_verb(first, lemma, rest, measured)
    return _read_phrase(text, toks[start:], measured)


def _read_verb(word: str, lemma: str, rest: list[str], measured: bool) -> Reading:
    if rest and rest[0] in ("up", "out", "down", "off") and " " not in lemma:
        word, lemma, rest = f"{word} {rest[0]}", f"{lemma} {rest[0]}", rest[1:]
    obj = " ".join(rest[: _object_end(rest)])
    kind = verb_class(lemma.split(" ")[0])
    if lemma == "make":
        # "Make 50 calls", "Make more calls" produce; "Make search better" wishes.
        if rest and (_is_number(rest[0]) or rest[0] in ("more", "fewer", "available")):
            return Reading(OUTPUT, word, lemma, obj)
        return Reading(MEASURED if measured else VAGUE, vague_word(rest) or word, lemma, obj)
    if (
        kind == "activity"
        and not measured
        and (_positions(rest) or (lemma == "lead" and noun_lemma(_head_noun(rest)) in MARKET_NOUNS))
    ):
        return Reading(VAGUE, word, lemma, obj)  # "Establish X as the leading …"
    if kind == "people" and noun_lemma(_head_noun(rest) or "") not in PEOPLE_NOUNS:
        kind = "activity"
    if kind == "activity":
        return Reading(OUTPUT, word, lemma, obj)
    head = noun_lemma(_head_noun(rest))
    counts_results = head in RESULT_NOUNS or head in PEOPLE_NOUNS or head in METRIC_HEADS
    weak = kind == "result" and lemma in WEAK_RESULT_VERBS
    if measured and weak and head and not counts_results and not _FROM_TO.search(" ".join(rest)):
        return Reading(OUTPUT, word, lemma, obj)  # "Get feedback from 15 customers"
    if measured:
        return Reading(MEASURED, word, lemma, obj)
    wished = head in RESULT_NOUNS or head in PEOPLE_NOUNS or any(is_comparative(t) for t in rest)
    if kind == "result" and not wished:
        return Reading(OUTPUT, word, lemma, obj)
    if lemma in ("double", "triple", "halve", "quadruple"):
        return Reading(MEASURED, word, lemma, obj)
    return Reading(VAGUE, word, lemma, obj)


def _positions(rest: list[str]) -> bool:
    """'… as the highest / leading / best …': a claim about standing, not a piece of work."""
    for i, w in enumerate(rest):
        if w == "as" and i + 1 < len(rest) and rest[i + 1] in ("the", "a", "an", "our"):
            return any(t in QUALITY_WORDS or is_comparative(t) for t in rest[i + 2 : i + 5])
    return False


def _object_end(rest: list[str]) -> int:
    for i, w in enumerate(rest):
        if w in (";", ":", "to", "so", "by", "through", "via", "using", "while", "which", "that"):
            return i
    return len(rest)


def _read_phrase(text: str, toks: list[str], measured: bool) -> Reading:
    """A statement that starts with a noun phrase: a result, a done deliverable, or a wish."""
    for i, tok in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        if tok in COPULAS and i > 0 and not _in_relative_clause(toks, i):
            lemma = verb_lemma(nxt)
            if lemma and _form(nxt, lemma) == "past" and verb_class(lemma) == "activity":
                return Reading(OUTPUT, nxt, lemma, " ".join(toks[:i]))
            if (
                lemma
                and _form(nxt, lemma) == "past"
                and verb_class(lemma) == "change"
                and not measured
            ):
                return Reading(VAGUE, nxt, lemma, " ".join(toks[:i]))  # "… rate is improved"
    for i, tok in enumerate(toks):
        if tok in SUBORDINATORS:
            break  # "… since the new onboarding shipped": a reason, not the statement
        if (
            tok in DONE_WORDS
            and i > 0
            and not (i + 1 < len(toks) and toks[i + 1] in ("by", "users"))
            and not _in_relative_clause(toks, i)
        ):
            return Reading(OUTPUT, tok, verb_lemma(tok) or tok, " ".join(toks[:i]))
    version = _VERSION.search(text)
    if version:
        return Reading(OUTPUT, version.group(0).strip(), "", " ".join(toks))
    nouns = [noun_lemma(t) for t in toks[:4]]
    new_thing = "new" in toks[:3] or (toks and _is_number(toks[0]))
    deliverable = next((t for t, n in zip(toks, nouns, strict=False) if n in DELIVERABLES), "")
    if new_thing and deliverable and not any(n in RESULT_NOUNS for n in nouns):
        return Reading(OUTPUT, deliverable, "", " ".join(toks[:4]))  # "Three new features"
    if measured:
        return Reading(MEASURED)
    if toks and noun_lemma(toks[0]) in CHANGE_NOUNS:
        return Reading(VAGUE, toks[0], "", " ".join(toks[1:]))
    vague = vague_word(text)
    if vague:
        return Reading(VAGUE, vague, "", " ".join(toks))
    if (
        toks
        and not any(t in FINITE for t in toks)
        and not _subject_follows(toks, 0, len(toks), from_first=True)
    ):
        # No verb and no number: a theme ("Customer loyalty", "A culture of experimentation").
        return Reading(VAGUE, " ".join(toks[:3]), "", " ".join(toks))
    return Reading(PLAIN)


def _in_relative_clause(toks: list[str], i: int) -> bool:
    """Is the verb at ``i`` inside "… that are / who have / which was …" (it describes a noun)?"""
    return any(t in RELATIVES for t in toks[max(0, i - 2) : i])


@lru_cache(maxsize=2048)
def past_participle(lemma: str) -> str:
    """'hire' → 'hired', 'roll out' → 'rolled out', 'build' → 'built'."""
    from lemminflect import getInflection

    head, _, tail = lemma.partition(" ")
    forms = getInflection(head, "VBN")
    participle = forms[0] if forms else head + "ed"
    return f"{participle} {tail}".strip()


__all__ = [
    "MEASURED",
    "OUTPUT",
    "PLAIN",
    "VAGUE",
    "Reading",
    "has_measure",
    "is_comparative",
    "noun_lemma",
    "past_participle",
    "read",
    "tokens",
    "vague_word",
    "verb_class",
    "verb_lemma",
]
