"""The page's language and its words: every text comes from the one catalog
(``roadfund.text``), Chinese by default, English by the switch on every page."""

from __future__ import annotations

from flask import current_app, session

from roadfund.web.engine_api import LANGS, Lang, label


def page_lang() -> Lang:
    """The language this browser chose with the switch, else the server's ``--lang``."""
    chosen = session.get("lang")
    for lang in LANGS:
        if chosen == lang:
            return lang
    default: Lang = current_app.config["LANG"]
    return default


def t(key: str, /, **params: object) -> str:
    """A catalog label in the page's language."""
    return label(key, page_lang(), **params)
