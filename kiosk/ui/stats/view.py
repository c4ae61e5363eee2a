"""The service lead's statistics page: filters, tables with charts and CSV, and the agencies' friction report."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from pydantic import ValidationError

from kiosk.accounts.auth import Role
from kiosk.content.models import ContentLibrary
from kiosk.errors import StoreUnavailable
from kiosk.floor.cards import language_name
from kiosk.floor.inquiries import InquiryConfig, current_inquiry_config
from kiosk.language.chart_locale import chart_locale
from kiosk.language.staff_texts import StaffText
from kiosk.runtime import Runtime
from kiosk.stats.friction import FrictionRow, friction_report
from kiosk.stats.queries import StatsFilter
from kiosk.stats.tables import Table, build_tables
from kiosk.stats.vocabulary import weekday_names
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import list_kiosks
from kiosk.ui.shared.chrome import apply_staff_look, set_document_language
from kiosk.ui.shared.localized_widgets import choose_date, choose_many
from kiosk.ui.shared.signin import require_role, sign_out_button
from kiosk.ui.shared.staff_texts import texts_for
from kiosk.ui.shared.streamlit_words import streamlit_in_language

ALL = "_all"  # not a branch id
_PRINT_CSS = """<style>@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], .stButton, .stDownloadButton, .stSelectbox { display: none !important; }
}</style>"""


def render_stats(runtime: Runtime) -> None:
    apply_staff_look(runtime.settings.default_language)
    user = require_role(runtime, Role.LEAD)
    s = texts_for(runtime, user)
    set_document_language(s.language, rtl=False)
    streamlit_in_language(s, s("page.stats"))
    sign_out_button(user)
    st.html(_PRINT_CSS)
    st.title(s("page.stats"))
    st.caption(s("stats.caption"))
    config, problem = current_inquiry_config(runtime.settings.content_dir)
    if problem:
        st.warning(s("stats.config_problem", problem=problem))
    library = runtime.content.current().library
    try:
        f = _filters(runtime, s)
        if f is None:
            return
        tables = build_tables(runtime.engine, f, library, config, s)
    except StoreUnavailable:
        st.warning(s("error.database_reload"))
        return
    _inquiries(tables, s)
    _help_calls(tables, s)
    _guides(tables, s)
    _visitors(tables, s)
    _friction(runtime, library, config, s)


DAYS_TO_CHOOSE_FROM = 3 * 366  # the period's days are offered back this far: this year against the two before it


def _filters(runtime: Runtime, s: StaffText) -> StatsFilter | None:
    today = runtime.local_now().date()
    kiosks = list_kiosks(runtime.engine)
    branch_names = {branch.id: branch.name for branch in list_branches(runtime.engine)}
    dates, place, language_col = st.columns([2, 2, 2])
    first_day = today - timedelta(days=DAYS_TO_CHOOSE_FROM)
    dates.markdown(f"**{s('stats.period')}**")
    start = choose_date(dates, s("stats.period_from"), today - timedelta(days=29), first_day, today, s, "stats-from")
    end = choose_date(dates, s("stats.period_to"), today, first_day, today, s, "stats-to")
    names = branch_names | {ALL: s("stats.all")}
    branch = place.selectbox(s("branch.label"), [ALL, *branch_names], format_func=names.__getitem__, key="stats-branch")
    in_place = [k for k in kiosks if branch == ALL or k.branch_id == branch]
    chosen = choose_many(
        place,
        s("stats.kiosk"),
        [k.id for k in in_place],
        s,
        key="stats-kiosks",
        format_func={k.id: k.display_name for k in kiosks}.__getitem__,
    )
    library = runtime.content.current().library
    languages = choose_many(
        language_col,
        s("edit.language"),
        sorted(library.languages),
        s,
        key="stats-languages",
        format_func=lambda c: language_name(c, s.language, library) or c,
    )
    picked = (start, end)
    try:
        return StatsFilter(
            start=picked[0],
            end=picked[1],
            kiosk_ids=tuple(chosen),
            branch_ids=() if branch in (ALL, None) else (branch,),
            languages=tuple(languages),
            timezone=runtime.settings.timezone,
        )
    except ValidationError:
        st.error(s("stats.end_before_start"))
        return None


TABLE_ROWS_IN_FULL = 30  # longer tables scroll in a data grid


def _table(s: StaffText, table: Table, chart: alt.Chart | None = None) -> None:
    with st.container(key=f"stats-{table.name}"):
        st.markdown(f"**{table.title}**")
        if chart is not None and table.rows:
            st.altair_chart(_in_language(chart, s), use_container_width=True)
        if not table.rows:
            st.caption(s("stats.no_data"))
            return
        # The page shows exactly what the CSV holds: the same rows, "<5" applied.
        frame = pd.DataFrame(table.shown(), columns=table.columns).astype(str)
        if len(frame) <= TABLE_ROWS_IN_FULL:
            st.table(frame.style.hide(axis="index"))
        else:
            st.dataframe(frame, hide_index=True, use_container_width=True)
        st.download_button(
            s("stats.download_csv"), table.csv(), file_name=f"{table.name}.csv", mime="text/csv", key=f"csv-{table.name}"
        )


def _in_language(chart: alt.Chart, s: StaffText) -> alt.Chart:
    """Dates and numbers written in the reader's language (Vega's own are English: "Nov 09"). Drawn as SVG:
    sharp on a printed report, its labels text. Vega's own descriptions for screen readers are English ("X-axis
    titled …") and say less than the table under each chart, so they are left out."""
    locale = chart_locale(s.language)
    return chart.configure(locale=alt.Locale(time=locale.time, number=locale.number), aria=False).properties(
        usermeta={"embedOptions": {"renderer": "svg"}}
    )


def _frame(table: Table) -> pd.DataFrame:
    """The true counts under the columns' vocabulary ids: charts name fields by id, and title them with the label."""
    return pd.DataFrame(table.rows, columns=table.fields)


def _heat(table: Table, s: StaffText) -> alt.Chart:
    return (
        alt.Chart(_frame(table))
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title=table.label("hour")),
            y=alt.Y("weekday:O", sort=weekday_names(s), title=table.label("weekday")),
            color=alt.Color("count:Q", scale=alt.Scale(scheme="oranges"), title=table.label("count")),
            tooltip=[alt.Tooltip(f, title=table.label(f)) for f in ("weekday", "hour", "count")],
        )
    )


def _bar(table: Table, x: str, y: str, color: str | None = None, sort: str | None = "-x") -> alt.Chart:
    """A bar chart of `table`: fields given as "id:type", axes titled in the reader's language."""

    def title(shorthand: str) -> str:
        return table.label(shorthand.split(":")[0])

    encoding: dict[str, Any] = {"x": alt.X(x, title=title(x)), "y": alt.Y(y, sort=sort, title=title(y))}
    if color:
        encoding["color"] = alt.Color(color, title=title(color))
    return alt.Chart(_frame(table)).mark_bar().encode(**encoding)


def _inquiries(tables: dict[str, Table], s: StaffText) -> None:
    st.header(s("stats.inquiries"))
    by_category = tables["henvendelser-kategori-kanal"]
    _table(s, by_category, _bar(by_category, "count:Q", "category:N", "channel:N"))
    weekly = tables["henvendelser-uke"]
    line = alt.Chart(_frame(weekly)).mark_line(point=True)
    dates = chart_locale(s.language)
    week = alt.X("week:T", title=weekly.label("week"), axis=alt.Axis(format=dates.day_month))
    tooltip = [
        alt.Tooltip("week:T", title=weekly.label("week"), format=dates.day_month_year),
        alt.Tooltip("count:Q", title=weekly.label("count")),
    ]
    _table(s, weekly, line.encode(x=week, y=alt.Y("count:Q", title=weekly.label("count")), tooltip=tooltip))
    _table(s, tables["henvendelser-ukedag-time"], _heat(tables["henvendelser-ukedag-time"], s))
    outcomes = tables["utfall"]
    _table(s, outcomes, _bar(outcomes, "count:Q", "outcome:N", "referral:N"))


def _help_calls(tables: dict[str, Table], s: StaffText) -> None:
    st.header(s("stats.help_calls"))
    _table(s, tables["hjelpeanrop"])
    _table(s, tables["avtaler"])
    _table(s, tables["utenfor-betjent-tid"], _heat(tables["utenfor-betjent-tid"], s))


def _guides(tables: dict[str, Table], s: StaffText) -> None:
    st.header(s("stats.guides"))
    _table(s, tables["guider"])
    stuck = tables["fastlaste-steg"]
    worst = Table(stuck.name, stuck.title, stuck.columns, stuck.rows[:15], stuck.counts, stuck.fields)
    tooltip = [alt.Tooltip(f, title=stuck.label(f)) for f in stuck.fields]
    _table(s, stuck, _bar(worst, "sum:Q", "step:N", "guide:N").encode(tooltip=tooltip))
    _table(s, tables["problemer-trykket"])
    funnel = tables["trakt"]
    guides = sorted({str(row[0]) for row in funnel.rows})
    if guides:
        guide = st.selectbox(s("stats.funnel_guide"), guides, key="stats-funnel-guide")
        rows = _frame(funnel)
        rows = rows[rows["guide"] == guide]
        encoding = {
            "x": alt.X("reached:Q", title=funnel.label("reached")),
            "y": alt.Y("step:N", sort=None, title=funnel.label("step")),
        }
        st.altair_chart(_in_language(alt.Chart(rows).mark_bar().encode(**encoding), s), use_container_width=True)
    _table(s, funnel)


def _visitors(tables: dict[str, Table], s: StaffText) -> None:
    st.header(s("stats.visitors"))
    languages = tables["sprak"]
    _table(s, languages, _bar(languages, "visits:Q", "language:N"))
    _table(s, tables["sok-uten-treff"])


def _friction(runtime: Runtime, library: ContentLibrary, config: InquiryConfig, s: StaffText) -> None:
    st.header(s("stats.friction"))
    st.caption(s("stats.friction_caption"))
    agencies = [a for a in config.agencies if a.domains]
    today = runtime.local_now().date()
    months = [(today.year - (today.month - 1 - i < 0), (today.month - 1 - i) % 12 + 1) for i in range(12)]
    left, right = st.columns(2)
    agency = left.selectbox(s("stats.agency"), agencies, format_func=lambda a: a.name, key="friction-agency")
    year, month = right.selectbox(s("stats.month"), months, format_func=lambda ym: f"{ym[1]:02d}.{ym[0]}", key="friction-month")
    if agency is None:
        return
    try:
        rows = friction_report(runtime.engine, library, agency, year, month, runtime.settings.timezone, s)
    except StoreUnavailable:
        st.warning(s("error.database_now"))
        return
    columns = [s("stats.col_guide"), s("stats.col_step"), s("stats.col_help_calls"), s("stats.col_no_answers")]
    table = Table(
        f"friksjon-{agency.id}-{year}-{month:02d}",
        s("stats.friction_title", agency=agency.name, month=f"{month:02d}.{year}"),
        columns,
        [[r.guide, r.step, r.help_calls, r.no_answers] for r in rows],
    )
    st.html(_printable(table.title, rows, columns, s))
    if rows:
        st.download_button(
            s("stats.download_csv"), table.csv(), file_name=f"{table.name}.csv", mime="text/csv", key="csv-friction"
        )


def _printable(title: str, rows: list[FrictionRow], columns: list[str], s: StaffText) -> str:
    # Plain HTML (escaped): the browser's print gives the agency a clean page.
    if not rows:
        return f"<h3>{html.escape(title)}</h3><p>{html.escape(s('stats.friction_none'))}</p>"
    body = "".join(
        f"<tr><td>{html.escape(r.guide)}</td><td>{html.escape(r.step)}</td><td>{r.help_calls}</td><td>{r.no_answers}</td></tr>"
        for r in rows
    )
    return (
        f"<h3>{html.escape(title)}</h3><table class='friction'><thead><tr>"
        + "".join(f"<th>{html.escape(column)}</th>" for column in columns)
        + f"</tr></thead><tbody>{body}</tbody></table>"
    )
