"""A question about a topic, read from the free transcript.

People ask the coach what they wonder, in their own words: "does being
dehydrated give you cramps", "are bananas really good for potassium", "is
kidney disease linked to cramps". No grammar lists every such question (on
the seventh blind set the templates held fewer than half of the ``ask``
commands), but the model writes them well unheld, and what a question is
about is named by one of the topic list's words. :func:`question_about` reads
the free text as a question (it opens as one: "what", "why do", "how can",
"does", "is", "any", ...) that names a topic of the templates' ``ask`` list
(:func:`voice_coach.intents.expand.slot_sayings`), and reports the shortest
grammar sentence of that topic, which the parser reads as any command.

Sentences read aloud, a radio, a partner's question also ask and name things
("did you remember to buy bananas", "How to prevent cramp."), so the question
must be short, be about cramps (hold a cramp word, or name a nutrient the
coach knows), open as a question a person asks (not "how to", not "why night
cramps happen"), and the model must have been fairly sure of its words.
Causes and prevention are named by so many questions ("why do I get ...",
"how can I stop ...") that they count only when no other topic is named.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from voice_coach.hearing.whisper.among import Among
from voice_coach.intents.normalize import words as normalized

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuestionSettings:
    """What makes free text a question to the coach (English words)."""

    generic: tuple[str, ...] = ("causes", "prevention", "electrolytes")
    """Topics that count only when no other is named: "why do I get cramps after a walk" is about movement,
    "how do I get more potassium into my diet" about potassium. Of the others, the last named is what is
    asked about: "what foods are high in magnesium", "is coconut water good for potassium"."""
    why: str = "causes"
    """The topic of a "why" question that names none ("why do my legs keep cramping")."""
    about: tuple[str, ...] = ("cramp", "cramps", "cramping", "cramped", "spasm", "spasms", "magnesium", "potassium",
                              "calcium", "sodium", "electrolyte", "electrolytes", "taurine", "supplement",
                              "supplements")
    """A question holds one of these words, or it is not about cramps ("is the water hot")."""
    asker: tuple[str, ...] = ("i", "i'm", "i've", "i'd", "my", "me", "you", "these", "actually", "anyway")
    """A question about causes, prevention or food alone that opens as a heading does (:attr:`heading`) needs
    one of these ("what causes my cramps", "how can I stop these", "what actually causes a cramp", "what
    causes cramps anyway"): "What causes leg cramp?" is also an article's heading, read aloud, and a heading
    says neither "actually" nor "anyway"."""
    also: tuple[tuple[str, str], ...] = (("gp", "doctor"), ("my gp", "doctor"), ("the gp", "doctor"),
                                         ("checked out", "doctor"), ("looked at", "doctor"),
                                         ("from coming back", "prevention"), ("keep them away", "prevention"),
                                         ("so i don't get", "prevention"), ("stop aching", "recovery"),
                                         ("stops aching", "recovery"))
    """(words, topic): more ways to name a topic than the templates' lists hold, where the words are not the
    speech grammars' to hold ("gp" is no word of PocketSphinx's dictionary) or would make odd sentences of
    "tell me about ..." ("do I need to see my GP about these", "how do I keep these from coming back")."""
    heading: tuple[str, ...] = ("what", "what's", "why", "how")
    """How a heading that asks opens."""
    pointing: tuple[tuple[str, str], ...] = (("about", "these"), ("for", "these"), ("about", "them"),
                                             ("for", "them"), ("about", "it"), ("for", "it"), ("for", "this"),
                                             ("with", "these"), ("with", "this"), ("about", "this"),
                                             ("against", "them"), ("against", "these"))
    """Or it ends pointing at the cramps ("do I need to see my GP about these") and names a topic other than
    causes, prevention or food."""
    lead: tuple[str, ...] = ("so", "um", "uh", "er", "okay", "ok", "and", "but", "hey", "coach", "right", "well", "oh",
                             "also", "then", "just", "quick", "question", "sorry", "actually", "alright", "now",
                             "please")
    """Words before the question's first word that it may open with ("so um, what ...")."""
    intros: tuple[tuple[str, ...], ...] = (("i", "want", "to", "know"), ("i'd", "like", "to", "know"),
                                           ("i", "wonder"), ("i", "was", "wondering"), ("can", "you", "tell", "me"),
                                           ("could", "you", "tell", "me"), ("tell", "me"), ("explain",))
    """Words that make what follows a question, whatever it opens with ("i want to know if magnesium helps")."""
    tellings: tuple[tuple[str, ...], ...] = (("did", "you", "know"), ("did", "you", "hear"), ("have", "you", "heard"),
                                             ("did", "you", "see"), ("have", "you", "seen"))
    """Openings that tell, in a question's shape ("Did you know low magnesium is linked to cramps?", a radio's):
    no question to the coach. "Do you know what causes cramps" asks, and stays one."""
    openers: tuple[str, ...] = ("do", "does", "did", "is", "are", "am", "was", "were", "can", "could", "should",
                                "would", "will", "has", "have", "any", "tell", "explain", "what", "what's", "which")
    """Words a question opens with, followed by anything but "to" ("what to do when ..." is a heading)."""
    after_why: tuple[str, ...] = ("do", "does", "did", "is", "are", "am", "was", "were", "can", "could", "should",
                                  "would", "will", "has", "have", "i", "my", "me", "it", "it's", "you")
    """A "why" question goes on with one of these ("why night cramps happen" is a heading)."""
    after_how: tuple[str, ...] = ("do", "does", "did", "is", "are", "am", "can", "could", "should", "would", "will",
                                  "much", "many", "long", "often", "come", "about", "else")
    """A "how", "when" or "where" question goes on with one of these ("how to prevent cramp" is a heading)."""
    others: tuple[str, ...] = ("we", "us", "our", "they", "their", "he", "she", "his", "her", "people", "everyone",
                               "someone", "anyone", "runners", "athletes")
    """A question about other people is a radio's or a conversation's ("why do marathon runners drop with
    cramps", "should we all be taking magnesium"), not the user's to the coach."""
    words: tuple[int, int] = (3, 14)
    """Words in the question, at least and at most (after its leading words): longer is prose."""
    least_free_mean: float = -1.0
    """The free decode's mean log-probability per token (natural log), at least, as for the other readings."""
    confidence: float = 0.6
    """Confidence reported (0..1): enough to act in a quiet room, never in a busy one (0.9)."""


@dataclass(frozen=True)
class Topics:
    """The topics a question can name: each topic's phrases, and the sentence that asks about it."""

    phrases: tuple[tuple[tuple[str, ...], str], ...]
    """(words, topic), the longest first, so that "supplements for training" is read before "supplements"."""
    sentences: dict[str, str]
    """Topic -> the grammar sentence reported for it."""

    @classmethod
    def of(cls, sayings: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]]) -> Topics:
        """From :func:`voice_coach.intents.expand.slot_sayings`."""
        phrases = sorted(((phrase, topic) for topic, (said, _) in sayings.items() for phrase in said),
                         key=lambda p: (-len(p[0]), p))
        return cls(tuple(phrases), {topic: " ".join(sentence) for topic, (_, sentence) in sayings.items()})

    def named(self, words: list[str], also: tuple[tuple[str, str], ...] = ()) -> list[str]:
        """The topics ``words`` name, in the order said (each phrase read once, the longest at each place), by
        the lists' phrases and the (words, topic) pairs ``also``."""
        phrases = self.phrases + tuple((tuple(text.split()), topic) for text, topic in also)
        found, i = [], 0
        while i < len(words):
            here = [(phrase, topic) for phrase, topic in phrases if tuple(words[i:i + len(phrase)]) == phrase]
            if not here:
                i += 1
                continue
            phrase, topic = min(here, key=lambda p: (-len(p[0]), p))
            found.append(topic)
            i += len(phrase)
        return found


def question_about(free_text: str, free_mean: float, topics: Topics,
                   settings: QuestionSettings = QuestionSettings()) -> Among | None:
    """The grammar sentence asking about the topic ``free_text`` asks about, when it is a question to the coach;
    else None. Its cost per word is 0 (it is reported at ``settings.confidence`` alone)."""
    said = words_to_read(free_text, free_mean, settings.least_free_mean, settings.words, settings)
    if said is None or _sentences(free_text) > 1:
        return None
    intro = next((len(i) for i in settings.intros if tuple(said[:len(i)]) == i and len(said) > len(i)), 0)
    if not intro and not opens_a_question(said, settings):
        return None
    if any(tuple(said[:len(t)]) == t for t in settings.tellings):
        return None
    if any(word in settings.others for word in said):
        return None
    named = topics.named(said, settings.also)
    if not any(word in settings.about for word in said):
        # "do I need to see my GP about these", "are sports drinks any good for this": the cramps, pointed at
        if tuple(said[-2:]) not in settings.pointing or all(t in settings.generic for t in named):
            return None
    topic = next((t for t in reversed(named) if t not in settings.generic), None)
    if topic is None and said[0] in settings.heading and not any(word in settings.asker for word in said):
        return None  # "What causes leg cramp?": a heading read aloud asks it too; the user asks of their own
    topic = topic or (named[-1] if named else settings.why if said[0] == "why" else None)
    if topic is None or topic not in topics.sentences:
        return None
    log.debug("a question about %s: %r", topic, free_text)
    return Among(topics.sentences[topic], 0.0, settings.confidence)


def _sentences(free_text: str) -> int:
    """Sentences in the free text with two words or more ("So should we all take magnesium? Well, it depends."
    is a radio's question and its answer)."""
    return sum(1 for sentence in _SENTENCE_END.split(free_text) if len(normalized(sentence)) >= 2)


_SENTENCE_END = re.compile(r"[.?!]+")


def words_to_read(free_text: str, free_mean: float, least_free_mean: float, count: tuple[int, int],
                  settings: QuestionSettings) -> list[str] | None:
    """The free text's words from the first that is not a leading word (:func:`without_lead`), when the model
    averaged at least ``least_free_mean`` nats a token and they are ``count`` words (at least, at most); else
    None."""
    if free_mean < least_free_mean:
        return None
    said = without_lead(free_text, settings)
    least, most = count
    return said if least <= len(said) <= most else None


def without_lead(free_text: str, settings: QuestionSettings) -> list[str]:
    """The normalized words of ``free_text`` from its first that is not one of ``settings.lead`` ("so um")."""
    said = normalized(free_text)
    start = 0
    while start < len(said) and said[start] in settings.lead:
        start += 1
    return said[start:]


def opens_a_question(said: list[str], settings: QuestionSettings) -> bool:
    """Whether ``said`` (two words or more, its leading words taken off) opens as a question a person asks."""
    first, second = said[0], said[1]
    if first == "why":
        return second in settings.after_why
    if first in ("how", "when", "where"):
        return second in settings.after_how
    return first in settings.openers and second != "to"
