"""Tables: every parsed table as a sortable, filterable frame, and charts from the typed tables."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app.views import (
    escape_markdown,
    filter_frame,
    hhi_ranking,
    number_formats,
    share_series,
    supplier_rows,
    supplier_shares,
    table_units,
    table_view,
)
from pages import common
from policyqa import Table

DEFAULT_COUNTRIES = 3  # lines drawn before the reader picks others
HHI_THRESHOLD = 25.0  # 2,500 on the usual 0-10,000 scale: "highly concentrated"


def pick_table(label: str, tables: list[Table], key: str) -> Table:
    if len(tables) == 1:
        return tables[0]
    return st.selectbox(label, tables, format_func=lambda t: t.name, key=key)


def share_chart(tables: list[Table]) -> None:
    st.subheader("Share of imports over the years")
    table = pick_table("Table", tables, "series-table")
    frame = share_series(table)
    countries = list(dict.fromkeys(frame["country"]))
    chosen = st.multiselect("Countries", countries, default=countries[:DEFAULT_COUNTRIES], key="series-countries")
    lines = (
        alt.Chart(frame[frame["country"].isin(chosen)])
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", axis=alt.Axis(format="d"), title="Year"),
            y=alt.Y("share:Q", title=f"Share of imports ({table_units(table) or '%'})"),
            color=alt.Color("country:N", title="Country"),
            tooltip=["year", "country", "share"],
        )
    )
    st.altair_chart(lines, width="stretch")
    st.caption(f"From {table.name}.")


def supplier_chart(tables: list[Table]) -> None:
    st.subheader("An item's suppliers")
    table = pick_table("Table", tables, "supplier-table")
    row = st.selectbox(
        "Item", supplier_rows(table), format_func=lambda r: r.label, key=f"supplier-row-{table.table_id}"
    )
    frame = supplier_shares(table, row)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="Share of imports (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("supplier:N", sort=None, title=None),
            color=alt.condition(alt.datum.supplier == "All others", alt.value("#bbbbbb"), alt.value("#4c78a8")),
            tooltip=["rank", "supplier", "share"],
        )
    )
    st.altair_chart(bars, width="stretch")
    st.caption(f'From {table.name}; "All others" is 100% minus the listed suppliers.')


def hhi_chart(tables: list[Table]) -> None:
    st.subheader("Items by concentration (HHI)")
    table = pick_table("Table", tables, "hhi-table")
    frame = hhi_ranking(table)
    top = max(100.0, float(frame["hhi"].max()))
    threshold = st.slider("Concentration threshold", 0.0, top, HHI_THRESHOLD, key="hhi-threshold")
    above, below = f"HHI ≥ {threshold:g}", f"HHI < {threshold:g}"
    frame = frame.assign(level=[above if v >= threshold else below for v in frame["hhi"]])
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("hhi:Q", title="HHI", axis=alt.Axis(tickCount=10)),
            y=alt.Y("item:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False)),
            color=alt.Color(
                "level:N", title=None, scale=alt.Scale(domain=[above, below], range=["#e45756", "#4c78a8"])
            ),
            tooltip=["item", "hhi"],
        )
    )
    rule = alt.Chart(pd.DataFrame({"hhi": [threshold]})).mark_rule(color="black", strokeDash=[4, 4]).encode(x="hhi:Q")
    st.altair_chart((bars + rule).properties(height=max(200, 24 * len(frame))), width="stretch")
    st.caption(
        f"From {table.name}: {int((frame['level'] == above).sum())} of {len(frame)} items at or above "
        f"{threshold:g}. HHI runs 0–100 here (sum of squared shares / 100)."
    )


def show_table(table: Table, titles: dict[str, str]) -> None:
    st.subheader(table.name)
    where = [f"**Source:** {escape_markdown(titles.get(table.doc_id, table.doc_id))}"]
    where.append(f"p. {table.page}" if table.page is not None else "no page numbers")
    if table.section:
        where.append(escape_markdown(table.section))
    st.markdown(" · ".join(where))
    if table_units(table):
        st.markdown(f"**Units:** {escape_markdown(table_units(table))}")
    query = st.text_input("Filter rows", key=f"filter-{table.table_id}", placeholder="Type to keep matching rows")
    frame = filter_frame(table_view(table), query)
    formats = {
        name: st.column_config.NumberColumn(format=f)
        for name, f in number_formats(table).items()
        if name in frame.columns and frame[name].dtype.kind == "f"
    }
    st.dataframe(frame, hide_index=True, width="stretch", column_config=formats)
    for note in table.notes:
        st.caption(escape_markdown(note))


def main() -> None:
    assistant = common.assistant()
    if assistant is None:
        return
    tables = list(assistant.tables())
    st.title("Tables")
    if not tables:
        st.info("No tables were found in the indexed documents.")
        return
    charts = {
        "Shares over time": (share_chart, [t for t in tables if share_series(t) is not None]),
        "Suppliers of an item": (supplier_chart, [t for t in tables if supplier_rows(t)]),
        "Concentration (HHI)": (hhi_chart, [t for t in tables if hhi_ranking(t) is not None]),
    }
    charts = {name: pair for name, pair in charts.items() if pair[1]}
    for tab, (draw, fitting) in zip(st.tabs(list(charts)) if charts else [], charts.values(), strict=True):
        with tab:
            draw(fitting)
    st.divider()
    st.caption(f"{len(tables)} tables. Click a column header to sort; the filter keeps rows containing the text.")
    titles = {d.doc_id: d.title for d in assistant.documents()}
    for table in tables:
        show_table(table, titles)


main()
