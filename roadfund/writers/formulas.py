"""Every Excel form of an engine rule, in one place: the formulas the workbooks write.

Each function returns the text of a formula (or a piece of one) whose recalculated value
equals the engine's integer result; the writers pass the engine's value beside it
(``write_formula(..., value=...)``). The rule itself lives in the engine; this module
only spells it for Excel and LibreOffice.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from roadfund.engine.rules import integer_scale as integer_scale  # the rule's one home
from roadfund.text import Lang, label


def daily_pool_formula(pool: str, share: str, places: int) -> str:
    """round_half_up(pool × daily_share) to the fen, exactly in binary floats.

    The exact product in fen has at most ``places`` decimals (those of the share), so the
    inner ROUND snaps the float product onto it; the halves the outer ROUND then meets
    (x.5) are exact binary numbers, which Excel and LibreOffice round away from zero.
    """
    return f"=ROUND(ROUND({pool}*100*{share},{places}),0)/100"


EXACT_LIMIT = 2**53
"""Every integer below 2^53 is exact in a binary double (Excel's and LibreOffice's numbers)."""


LIVE_WEIGHT_LIMIT = 2**40
"""An integer weight up to this is recovered exactly by ``ROUND(weight × scale, 0)`` from the
float weight cell (its relative error, about 10^-15, is far below half a unit here)."""


def exact_range(pool: int, weight: int, total: int) -> bool:
    """Whether pool (fen) × weight, and every integer the floor formula forms, is exact."""
    return pool * weight + total < EXACT_LIMIT


def floor_fen_formula(product: str, total: str) -> str:
    """⌊N ÷ W⌋ for integers N (pool in fen × the county's integer weight) and W, exactly.

    Needs N + W < 2^53 (``exact_range``): then N, W and q·W are exact doubles. The float
    quotient N/W is within a quarter of the true one, so q = ROUND(N/W, 0) is the floor or
    one more, and the integer comparison N < q·W — exact, no rounding — says which. (Excel's
    and LibreOffice's QUOTIENT, MOD and INT work on the float quotient and are one off when
    the remainder is near 0 or W and the quotient large.)
    """
    q = f"ROUND({product}/{total},0)"
    return f"{q}-IF({product}<{q}*{total},1,0)"


def sheet_ref(sheet: str, ref: str) -> str:
    """``'资金分配'!K20``: a cell on another sheet, the name always quoted."""
    return "'" + sheet.replace("'", "''") + "'!" + ref


def formula_text(text: str) -> str:
    """A string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def direction_text(fen: int, kind: str, lang: Lang) -> str:
    """What a due or variance amount means by its sign: 应上解/应退还/无需结算, 结余/超支/持平."""
    sign = "positive" if fen > 0 else "negative" if fen < 0 else "zero"
    return label(f"cw.{kind}.{sign}", lang)


MAX_FLOOR_PLACES = 15


def floor_places(floor: Fraction) -> int:
    """Decimals of the floor written as a decimal (0.30 → 1, 0.25 → 2): the least k with
    10^k a multiple of its denominator. The product floor × fen has no more decimals.
    A floor with no finite decimal form (not possible from a policy file, whose ratios
    are decimal strings) falls back to the most places Excel can keep."""
    for places in range(MAX_FLOOR_PLACES + 1):
        if 10**places % floor.denominator == 0:
            return places
    return MAX_FLOOR_PLACES


def required_formula(floor_ref: str, investment_ref: str, places: int) -> str:
    """The required matching in 元: floor × investment rounded up to the fen, exactly —
    the Excel form of ``roadfund.engine.rules.required_matching``.

    The ceiling is −INT(−x), not ROUNDUP(x, 0): LibreOffice (7.4) gets ROUNDUP of large
    values wrong — measured on 12,024 cases up to 10^11 元 at floors 0.30, 0.25 and 0.35,
    7,510 came out a fen low (3,456,789,012.34 × 0.30 = 1,037,036,703.702 → .70, not
    .71, so a project 0.01 元 short showed shortfall 0 and passed), while −INT(−x) and
    CEILING(x, 1) were right on every one. INT is exact on every double; the inner ROUND
    has already put the fen product on its exact decimal (see summary/matching.py).
    """
    return f"=-INT(-ROUND({floor_ref}*{investment_ref}*100,{places}))/100"


def shortfall_formula(required_ref: str, matching_ref: str) -> str:
    """max(0, required − matching) in 元 — the Excel form of
    ``roadfund.engine.rules.shortfall`` — on whole fen (a float difference never shows
    a stray 0.000001 shortfall on a line that passes)."""
    return f"=MAX(0,ROUND(({required_ref}-{matching_ref})*100,0)/100)"


def _fen(ref: str) -> str:
    return f"ROUND({ref}*100,0)"


def status_keys(provisional: bool = False) -> tuple[str, str]:
    """(pass, fail) label keys: a verdict at year end, 预审 (provisional) at year start."""
    if provisional:
        return "matching.status.provisional_pass", "matching.status.provisional_fail"
    return "matching.status.pass", "matching.status.fail"


def status_formula(shortfall_ref: str, lang: Lang, provisional: bool = False) -> str:
    """达标/未达标 (pass/fail) from the shortfall cell: recalculation moves the verdict.
    ``provisional`` (year start): 预审达标/预审未达标, never a final verdict."""
    passed, failed = (formula_text(label(key, lang)) for key in status_keys(provisional))
    return f"=IF({_fen(shortfall_ref)}>0,{failed},{passed})"


def status_value(passed: bool, lang: Lang, provisional: bool = False) -> str:
    """The cached value of status_formula."""
    passed_key, failed_key = status_keys(provisional)
    return label(passed_key if passed else failed_key, lang)


def direction_formula(amount_ref: str, kind: str, lang: Lang) -> str:
    """The direction_text of an amount cell as a live formula: 应上解/应退还/无需结算 for a
    due, 结余/超支/持平 for a variance."""
    positive, negative, zero = (
        formula_text(label(f"cw.{kind}.{sign}", lang)) for sign in ("positive", "negative", "zero")
    )
    fen = _fen(amount_ref)
    return f"=IF({fen}>0,{positive},IF({fen}<0,{negative},{zero}))"


def owed_formula(net_ref: str, lang: Lang) -> str:
    """Offset mode: 抵扣后仍应上解 while the net transfer is negative, else nothing."""
    return f'=IF({_fen(net_ref)}<0,{formula_text(label("cw.net.owed", lang))},"")'


def balance_formula(difference_refs: Iterable[str], lang: Lang) -> str:
    """平衡/不平衡 from the reconciliation's difference cells (each must be 0.00)."""
    zero = ",".join(f"{_fen(ref)}=0" for ref in difference_refs)
    ok, bad = (formula_text(label(f"cs.reconcile.{k}", lang)) for k in ("ok", "bad"))
    return f"=IF(AND({zero}),{ok},{bad})"


def words_formula(amount_ref: str, fen: int, words: str, lang: Lang, *, size: bool = False) -> str:
    """The amount in words (money.amount_in_words) while the amount cell still holds the
    issued ``fen``; once someone edits the numbers, a note that the words need rewriting
    instead — the words never describe another amount than the figure beside them.
    ``size``: the words name the amount's size and a direction cell its sign (a due)."""
    changed = formula_text(label("cw.words.changed", lang))
    held = f"ABS({_fen(amount_ref)})" if size else _fen(amount_ref)
    return f"=IF({held}={fen},{formula_text(words)},{changed})"
