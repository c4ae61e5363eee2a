"""Which branch's floor a staff tablet looks after: chosen once, remembered on that tablet in a cookie.

The tablet shows its branch's queue by default and may switch to another branch or to all of them;
the choice is the tablet's, not the account's (staff move between branches, tablets do not).
"""

from __future__ import annotations

import streamlit as st

from kiosk.language.staff_texts import StaffText
from kiosk.store.branches import Branch
from kiosk.ui.shared.cookies import set_cookie

COOKIE = "staff_branch"
ALL = "_all"  # not a branch id: ids hold no "_"
ONE_YEAR = 365 * 24 * 3600
_CHOSEN = "staff-branch"
_WRITTEN = "staff-branch-cookie"


def remembered(branches: list[Branch]) -> str:
    """The tablet's branch from its cookie; with none (or one that is gone) the only branch, or all of them."""
    cookie = st.context.cookies.get(COOKIE)
    ids = [branch.id for branch in branches]
    if isinstance(cookie, str) and (cookie in ids or cookie == ALL):
        return cookie
    return ids[0] if len(ids) == 1 else ALL


def choose_branch(branches: list[Branch], s: StaffText) -> str | None:
    """The branch chooser at the top of the staff page: the branch id to show, None for all branches."""
    if not branches:
        return None
    ids = [branch.id for branch in branches]
    names = {branch.id: branch.name for branch in branches} | {ALL: s("branch.all")}
    if st.session_state.get(_CHOSEN) not in [*ids, ALL]:
        st.session_state[_CHOSEN] = remembered(branches)
    if len(branches) > 1:
        st.selectbox(s("branch.label"), [*ids, ALL], format_func=names.__getitem__, key=_CHOSEN)
    chosen: str = st.session_state[_CHOSEN]
    # Written once per change, in a full run of the page; the default needs no cookie.
    if chosen != st.session_state.setdefault(_WRITTEN, remembered(branches)):
        set_cookie(COOKIE, chosen, ONE_YEAR)
        st.session_state[_WRITTEN] = chosen
    return None if chosen == ALL else chosen


def ask_where(branches: list[Branch], shown: str | None, placed: str | None, s: StaffText) -> None:
    """In a library with several branches, a tablet on all of them whose person no tablet has placed yet (a
    first sign-in on a new tablet) asks where they are, one button per branch: until then the kiosks count on
    them at none. A press shows that branch's queue, which puts them there; they may look at all again after."""
    if len(branches) < 2 or shown is not None or placed is not None:
        return
    with st.container(key="where-am-i", border=True):
        st.subheader(s("branch.where"), anchor=False)
        st.caption(s("branch.where_hint"))
        for branch in branches:
            st.button(branch.name, key=f"where-{branch.id}", on_click=_show, args=(branch.id,), width="stretch")


def _show(branch_id: str) -> None:
    st.session_state[_CHOSEN] = branch_id


def tablet_branch(branches: list[Branch]) -> str | None:
    """The branch this tablet looks after (its chooser's choice, else its cookie); None: all branches."""
    ids = [branch.id for branch in branches]
    chosen = st.session_state.get(_CHOSEN)
    chosen = chosen if chosen in [*ids, ALL] else remembered(branches)
    return None if chosen == ALL else chosen


def branches_first(branches: list[Branch], first: str | None) -> list[Branch]:
    """The branches with the tablet's own first: the one a notice or a walk-in is most likely for."""
    return sorted(branches, key=lambda branch: branch.id != first)


def walk_in_branch(branches: list[Branch], shown: str | None, s: StaffText) -> str | None:
    """The branch a walk-in is logged at: the one shown, or (looking at all) one the staff member picks."""
    if shown is not None or not branches:
        return shown
    if len(branches) == 1:
        return branches[0].id
    return st.selectbox(
        s("branch.for_walk_in"),
        [branch.id for branch in branches],
        format_func={branch.id: branch.name for branch in branches}.__getitem__,
        key="walk-in-branch",
    )
