"""Running an action from a page: the one way a view writes and shows the outcome.

``run(approve, engine(), user, submission_id)`` calls the action; a refusal is shown with
``st.error`` (and ``on_refused`` for its details, e.g. a file's problems table); success
keeps the action's own text for the next run and reruns the page, where ``flash()``
shows it. An unexpected exception is logged and shown as a generic Vietnamese error,
never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from actions.base import ActionError, Done
from core.messages import t
from ui.text import done_lines, message_text

log = logging.getLogger(__name__)
FLASH_KEY = "_action_flash"
REFUSED_KEY = "_action_refused"
T = TypeVar("T")


def run(action: Callable[..., Done[T]], *args: Any,
        on_refused: Callable[[ActionError], None] | None = None,
        on_done: Callable[[Done[T]], None] | None = None,
        rerun: bool = True, **kwargs: Any) -> Done[T] | None:
    """Run ``action(*args, **kwargs)`` and show its outcome.

    On success the action's messages are kept for :func:`flash`, ``on_done`` runs (e.g. to
    reset an uploader) and the page reruns; with ``rerun=False`` the result comes back
    instead (for a download button drawn right away). A refusal or failure returns None.
    """
    try:
        done = action(*args, **kwargs)
    except ActionError as refused:
        st.error(message_text(refused), icon=":material/error:")
        if on_refused is not None:
            on_refused(refused)
        return None
    except Exception:  # never a traceback on the page; the log keeps the details
        st.error(_unexpected(action), icon=":material/error:")
        return None
    if on_done is not None:
        on_done(done)
    if not rerun:
        return done
    st.session_state[FLASH_KEY] = done_lines(done)
    st.rerun()
    return done  # not reached: st.rerun() ends this run


def on_submit(action: Callable[..., Done[Any]], *args: Any,
              arguments: Callable[[], tuple[Any, ...]] = tuple) -> Callable[[], None]:
    """A button's ``on_click`` that runs ``action(*args, *arguments())`` before the page's
    run, so that run already shows the new data: one run of the page per press instead of
    two (:func:`run` writes, then reruns). ``arguments`` reads the widgets' values at the
    press. The outcome is kept for :func:`flash` (success and refusal alike)."""

    def press() -> None:
        try:
            done = action(*args, *arguments())
        except ActionError as refused:
            st.session_state[REFUSED_KEY] = message_text(refused)
            return
        except Exception:  # never a traceback on the page; the log keeps the details
            st.session_state[REFUSED_KEY] = _unexpected(action)
            return
        st.session_state[FLASH_KEY] = done_lines(done)

    return press


def _unexpected(action: Callable[..., Any]) -> str:
    """Log the failure being handled (with its traceback) and give the generic text."""
    log.exception("action %s failed", getattr(action, "__qualname__", action))
    return t("action.unexpected")


def flash() -> None:
    """The outcome of the action that ran just before this run (once): its success text,
    or the refusal of an :func:`on_submit` action."""
    for line in st.session_state.pop(FLASH_KEY, []):
        st.success(line, icon=":material/task_alt:")
    refused = st.session_state.pop(REFUSED_KEY, None)
    if refused is not None:
        st.error(refused, icon=":material/error:")
