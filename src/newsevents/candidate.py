"""The event candidate: what the events stage hands on, before modality, date and place."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .records import Actor
from .triggers import TriggerRule


@dataclass
class Candidate:
    """An event found in one sentence, before modality, date and place.

    ``trigger`` is the head token; ``trigger_tokens`` all words of the
    trigger ("pulled out"); ``clause`` the verb whose clause frames the event
    (the trigger itself, or the support verb of a noun trigger).
    ``direct_actor`` / ``direct_recipient`` say whether roles came from the
    syntax of the sentence (True) or from discourse inference (False).
    """

    sentence_index: int
    sentence: Span
    trigger: Token
    trigger_tokens: tuple[Token, ...]
    clause: Token
    rule: TriggerRule
    event_type: str
    mode: str | None
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    symmetric: bool = False
    direct_actor: bool = True
    direct_recipient: bool = True
