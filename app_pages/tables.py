"""Tables: any parsed table as printed (sortable, filterable, exportable) and the charts its columns allow.

The charts are chosen from the table's own dimensions and measures: a line over years, bars over
the rows (items, countries) with a threshold the reader sets on the chosen measure, and the
breakdown of one row of a ranked table. A link ?table=ID&row=R&column=C opens a table at a cell.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app.views import (
    breakdown_frame,
    chart_plan,
    column_unit,
    filter_frame,
    label_widths,
    measure_frame,
    row_html,
    series_frame,
    table_styler,
    table_units,
)
from app_pages import common
from policyqa import Table, escape_markdown, table_csv, table_xlsx, values_csv, values_frame

DEFAULT_SERIES = 3  # lines drawn before the reader picks others
CHART_NAMES = {"line": "Over the years", "bars": "Across the rows", "breakdown": "One row, by rank"}


def label_of(table: Table, titles: dict[str, str]) -> str:
    page = f", p. {table.page}" if table.page is not None else ""
    return f"{table.name} — {titles.get(table.doc_id, table.doc_id)}{page}"


def linked_cell() -> tuple[str | None, tuple[int, int] | None]:
    """The table and cell named in the page's link, if any."""
    params = st.query_params
    try:
        cell = (int(params["row"]), int(params["column"])) if "row" in params and "column" in params else None
    except ValueError:
        cell = None
    return params.get("table"), cell


def pick_table(tables: list[Table], titles: dict[str, str], linked: str | None) -> Table:
    ids = [t.table_id for t in tables]
    start = ids.index(linked) if linked in ids else 0
    chosen = st.selectbox(
        f"Table ({len(tables)} in the index)",
        ids,
        index=start,
        format_func=lambda i: label_of(tables[ids.index(i)], titles),
        key="table",
    )
    if chosen != linked:  # the address names the table shown, and no longer a cell of another
        st.query_params["table"] = chosen
        for name in ("row", "column"):
            st.query_params.pop(name, None)
    return tables[ids.index(chosen)]


def show_table(table: Table, titles: dict[str, str], marked: tuple[int, int] | None) -> None:
    st.subheader(escape_markdown(table.name))
    where = [f"**Source:** {escape_markdown(titles.get(table.doc_id, table.doc_id))}"]
    if table.page is not None:
        where.append(f"p. {table.page}")
    if table.section:
        where.append(escape_markdown(table.section))
    st.markdown(" · ".join(where))
    if table_units(table):
        st.markdown(f"**Units:** {escape_markdown(table_units(table))}")
    if marked is not None and 0 <= marked[0] < len(table.rows) and 0 <= marked[1] < len(table.columns):
        row, column = table.rows[marked[0]], table.columns[marked[1]]
        st.info(
            f"Cell of row **{escape_markdown(row.label)}**, column **{escape_markdown(column)}**: "
            f"{escape_markdown(row.cells[marked[1]])} (highlighted in the table)",
            icon=":material/my_location:",
        )
        st.markdown(row_html(table, row, marked=marked[1]), unsafe_allow_html=True)
    query = st.text_input("Filter rows", key=f"filter-{table.table_id}", placeholder="Type to keep matching rows")
    frame = filter_frame(values_frame(table), query)
    first = next((str(c) for c in frame.columns if c != "group"), "")  # pinned: row names stay in view
    widths = {
        name: st.column_config.TextColumn(name, width=w, pinned=name == first)
        for name, w in label_widths(table).items()
    }
    event = st.dataframe(
        table_styler(table, frame, marked=marked),
        hide_index=True,
        width="stretch",
        column_config=widths,
        on_select="rerun",
        selection_mode="single-row",
        key=f"grid-{table.table_id}",
    )
    for position in event.selection.rows:  # a row the reader picked, as printed, to read or copy
        st.markdown(row_html(table, table.rows[frame.index[position]]), unsafe_allow_html=True)
    for note in table.notes:
        st.caption(escape_markdown(note))
    downloads(table, titles.get(table.doc_id, table.doc_id))


def downloads(table: Table, document: str) -> None:
    stem = table.table_id.replace(":", "-")
    left, middle, right = st.columns(3)
    left.download_button(
        "CSV, as printed", table_csv(table), file_name=f"{stem}.csv", mime="text/csv", on_click="ignore"
    )
    middle.download_button(
        "CSV, values", values_csv(table), file_name=f"{stem}-values.csv", mime="text/csv", on_click="ignore"
    )
    right.download_button(
        "Excel (values and printed)",
        table_xlsx(table, document=document),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )


def line_chart(table: Table) -> None:
    plan = chart_plan(table)
    columns = plan.measures if plan.year_rows is not None else plan.year_columns
    if plan.year_rows is not None:
        names = {table.columns[j]: j for j in columns}
        chosen = st.multiselect(
            "Columns", list(names), default=list(names)[:DEFAULT_SERIES], key=f"line-columns-{table.table_id}"
        )
        frame = series_frame(table, [names[n] for n in chosen])
    else:
        frame = series_frame(table, columns)
        rows = list(dict.fromkeys(frame["series"]))
        chosen = st.multiselect("Rows", rows, default=rows[:DEFAULT_SERIES], key=f"line-rows-{table.table_id}")
        frame = frame[frame["series"].isin(chosen)]
    units = ", ".join(dict.fromkeys(column_unit(table, j) for j in columns if column_unit(table, j)))
    lines = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", axis=alt.Axis(format="d"), title="Year"),
            y=alt.Y("value:Q", title=units or "value"),
            color=alt.Color("series:N", title=None),
            tooltip=["year", "series", "value"],
        )
    )
    st.altair_chart(lines, width="stretch")


def bar_chart(table: Table) -> None:
    plan = chart_plan(table)
    names = {table.columns[j]: j for j in plan.measures}
    measure = st.selectbox("Measure", list(names), key=f"bars-measure-{table.table_id}")
    column = names[measure]
    frame = measure_frame(table, column)
    unit = column_unit(table, column)
    low, high = float(frame["value"].min()), float(frame["value"].max())
    threshold = st.slider(
        f"Threshold on {measure}",
        low,
        high if high > low else low + 1,
        (low + high) / 2,
        key=f"threshold-{table.table_id}-{column}",
    )
    above, below = f"≥ {threshold:g}", f"< {threshold:g}"
    frame = frame.assign(level=[above if v >= threshold else below for v in frame["value"]])
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=f"{measure} ({unit})" if unit else measure),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360, labelOverlap=False)),
            color=alt.Color(
                "level:N", title=None, scale=alt.Scale(domain=[above, below], range=["#e45756", "#4c78a8"])
            ),
            tooltip=["label", "value"],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"value": [threshold]})).mark_rule(color="black", strokeDash=[4, 4]).encode(x="value:Q")
    )
    st.altair_chart((bars + rule).properties(height=max(200, 24 * len(frame))), width="stretch")
    count = int((frame["level"] == above).sum())
    st.caption(f"{count} of {len(frame)} rows at or above {threshold:g}{' ' + unit if unit else ''}.")


def breakdown_chart(table: Table) -> None:
    row = st.selectbox("Row", table.rows, format_func=lambda r: r.label, key=f"breakdown-{table.table_id}")
    frame = breakdown_frame(table, row)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="Share"),
            y=alt.Y("name:N", sort=None, title=None),
            color=alt.condition(alt.datum.name == "All others", alt.value("#bbbbbb"), alt.value("#4c78a8")),
            tooltip=["rank", "name", "share"],
        )
    )
    st.altair_chart(bars, width="stretch")
    if "All others" in set(frame["name"]):
        st.caption('"All others" is 100% minus the listed shares.')


def show_charts(table: Table) -> None:
    kinds = chart_plan(table).kinds
    if not kinds:
        st.caption("No chart fits this table: it has no numeric column with two or more values.")
        return
    draw = {"line": line_chart, "bars": bar_chart, "breakdown": breakdown_chart}
    for tab, kind in zip(st.tabs([CHART_NAMES[k] for k in kinds]), kinds, strict=True):
        with tab:
            draw[kind](table)


def main() -> None:
    assistant = common.assistant()
    if assistant is None:
        return
    tables = list(assistant.tables())
    st.title("Tables")
    if not tables:
        st.info("No tables were found in the indexed documents.")
        return
    titles = {d.doc_id: d.title for d in assistant.documents()}
    linked, cell = linked_cell()
    table = pick_table(tables, titles, linked)
    show_table(table, titles, cell if table.table_id == linked else None)
    st.divider()
    st.subheader("Charts")
    show_charts(table)
    st.caption(
        "Click a column header to sort, a row's box to see it as printed; the filter keeps rows containing the text."
    )


main()
