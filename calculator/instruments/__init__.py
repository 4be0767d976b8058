"""The published instruments, each in its own module with its rule and its citation.

Every module exposes ``NAME`` (its key in the result), ``TITLE``, ``INPUTS`` (finding ids it reads),
``CITATIONS`` (bibliography ids, primary first) and ``assess(answers)``, which returns ``None`` when none of its
inputs is given. An assessment describes itself: ``summary`` (one sentence) and ``lines`` (the details, worded)
are everything a page shows of it, so no reader-facing sentence about an instrument lives outside its module;
:func:`calculator.evaluate` adds its ``title`` and the ``url`` of its page (from the data).
"""

from __future__ import annotations

from calculator.instruments import abi, edinburgh, rls_irlssg, wells_dvt

INSTRUMENTS = (abi, wells_dvt, rls_irlssg, edinburgh)
BY_NAME = {module.NAME: module for module in INSTRUMENTS}

__all__ = ["BY_NAME", "INSTRUMENTS", "abi", "edinburgh", "rls_irlssg", "wells_dvt"]
