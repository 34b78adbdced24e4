"""How every figure looks: titles, fonts, number formats, margins laid out from what the
figure shows (`fit`), and projector sizes (`apply_presentation`). Pure Plotly, no streamlit."""

from __future__ import annotations

import textwrap
import zlib

import plotly.graph_objects as go
import plotly.io as pio

FONT = "Inter, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
INK, MUTED = "#1f2933", "#6b7280"
BAND_ROW = 26  # px: one row of tier-threshold labels (fits the projector's 18 px font)
TIER_COLORS = {
    "nano": "#56B4E9",  # sky blue
    "micro": "#0072B2",  # blue
    "mid": "#009E73",  # bluish green
    "macro": "#E69F00",  # orange
    "mega": "#D55E00",  # vermillion
}
# User-defined tier names take one of these (Okabe-Ito and Paul Tol's remaining colours).
EXTRA_COLORS = ("#CC79A7", "#882255", "#44AA99", "#999933", "#332288", "#AA4499", "#661100")


# plotly_white's two-dimensional part. Setting the whole template by name copies and validates
# the defaults of every trace type, 3D and maps included: 8 ms a figure, a third of the time
# to build a one-bar chart. The figures here draw bars and scatters on x/y axes only.
_WHITE = pio.templates["plotly_white"]
_FLAT = "autotypenumbers colorway font hovermode hoverlabel paper_bgcolor plot_bgcolor title"
_AXES = "xaxis yaxis shapedefaults annotationdefaults"
TEMPLATE = go.layout.Template(
    layout={key: _WHITE.layout[key] for key in f"{_FLAT} {_AXES}".split()},
    data={"bar": _WHITE.data.bar, "scatter": _WHITE.data.scatter},
)


def tier_color(tier: str) -> str:
    """The tier's colour: fixed for the standard tiers, a stable hash pick for custom names."""
    key = str(tier).strip().lower()
    if key in TIER_COLORS:
        return TIER_COLORS[key]
    return EXTRA_COLORS[zlib.crc32(key.encode()) % len(EXTRA_COLORS)]


def style(fig: go.Figure, title: str, subtitle: str, x_title: str, y_title: str) -> go.Figure:
    """The house look, title and axis titles. The figure's builder then lays it out once, with
    `fit`, after its last change (a layout pass costs as much as building a simple chart)."""
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=20, color=INK)),
        title_subtitle=dict(text=subtitle, font=dict(size=13, color=MUTED)),
        font=dict(family=FONT, size=14, color=INK),
        hoverlabel=dict(font_family=FONT),
        showlegend=False,
    )
    if x_title:
        fig.update_xaxes(title_text=x_title)
    if y_title:
        fig.update_yaxes(title_text=y_title)
    return fig


# --- layout: every margin from what the figure shows -----------------------------------------
# Heights are fixed so that the title, the legend and the plot area can be placed in pixels:
# the title block at the top, a legend right under it (or at the very bottom), and margins that
# add up what sits between the plot area and the edges. `fit` keeps its settings in
# layout.meta, so `apply_presentation` can lay the figure out again with projector fonts.
HEIGHT, BIG_HEIGHT = 450, 560
PAD = 12  # px between the figure's edge and the title or a bottom legend
WIDTHS = {"half": (420, 580), "wide": (620, 900), "full": (900, 1150)}  # narrowest expected px
CHAR = 0.56  # a character's width in em, a generous average for the sans-serif fonts here


def _size(value, default: float) -> float:
    return float(value) if value else float(default)


def _legend_rows(fig: go.Figure, font: float, width: float) -> int:
    """Rows a horizontal legend of the figure's entries takes at `width` px (estimate)."""
    names: list[tuple[str, str]] = []
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        key = trace.legendgroup or trace.name
        if key not in {k for k, _ in names}:
            names.append((key, str(trace.name)))
    rows, used = 1, 0.0
    for _, name in names:
        item = len(name) * font * CHAR + 46  # symbol, gap and the space after the entry
        if used and used + item > width - 20:
            rows, used = rows + 1, 0.0
        used += item
    return rows if names else 0


def _tick_lines(fig: go.Figure) -> int:
    """Lines of the tallest x tick label (0 when no x axis shows its labels)."""
    axes = [fig.layout[k] for k in fig.layout if k.startswith("xaxis")]
    lines = [1 for a in axes if a.showticklabels is not False]
    for axis in axes:
        if axis.ticktext and axis.showticklabels is not False:
            lines += [str(t).count("<br>") + 1 for t in axis.ticktext]
    return max(lines, default=0)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters; a trailing "(…)" gets a line of its own if it can."""
    head, sep, tail = text.rpartition(" (")
    if len(text) > width and sep and len(head) <= width and len(tail) < width:
        return [head, f"({tail}"]
    return textwrap.wrap(text, width)


def _rewrap(title, width: float) -> int:
    """Wrap a title's (or subtitle's) text to `width` characters in place; its line count."""
    if not title.text:
        return 0
    lines = textwrap.wrap(title.text.replace("<br>", " "), max(int(width), 10))
    title.text = "<br>".join(lines)
    return len(lines)


def fit(
    fig: go.Figure,
    *,
    legend: str | None = None,
    width: str = "half",
    subplot_titles: bool = False,
    top_rows: int = 0,
) -> go.Figure:
    """Lay out the title, subtitle, legend and margins from what the figure shows, in place.

    legend: None (hidden), "top" (a row under the subtitle) or "bottom" (under the x axis);
    width: the narrowest the chart is drawn ("half", "wide", "full"), for the legend's rows;
    subplot_titles: make_subplots titles over the plot areas; top_rows: rows of labels
    (each BAND_ROW px) the chart puts between the subtitle and the plot area. Long y-axis
    titles are wrapped to the plot area's height, so they never run into the title.
    """
    layout = fig.layout
    meta = dict(layout.meta) if isinstance(layout.meta, dict) else {}
    meta["fit"] = dict(legend=legend, width=width, subplot_titles=subplot_titles, top_rows=top_rows)
    big = bool(meta.get("presentation"))
    height, narrowest = (BIG_HEIGHT if big else HEIGHT), WIDTHS[width][big]
    font = _size(layout.font.size, 14)
    title = _size(layout.title.font.size, 20)
    sub = _size(layout.title.subtitle.font.size, 13) if layout.title.subtitle.text else 0.0
    # Title and subtitle wrap to the narrowest width the chart is drawn at (no clipping).
    title_lines = _rewrap(layout.title, narrowest / (title * 0.5))
    sub_lines = _rewrap(layout.title.subtitle, narrowest / (sub * 0.46)) if sub else 0
    legend_font = _size(layout.legend.font.size, font)
    axis_title = _size(layout.xaxis.title.font.size, font)
    ticks = _size(layout.xaxis.tickfont.size, font)
    notes = [a for a in layout.annotations if a.yref == "paper" and a.yanchor == "bottom"]
    note_font = max((_size(a.font.size, 16) for a in notes), default=16.0)

    head = PAD + title * 1.3 * title_lines + sub * (0.4 + 1.3 * sub_lines) + 6  # title block
    rows = _legend_rows(fig, legend_font, narrowest) if legend else 0
    row = legend_font * 1.3 + 10
    top = head + (rows * row if legend == "top" else 0)
    top += (note_font * 1.6 if subplot_titles else 0) + top_rows * BAND_ROW + 10
    has_x_title = any(layout[k].title.text for k in layout if k.startswith("xaxis"))
    bottom = PAD + ticks * 1.3 * _tick_lines(fig) + 10 + (axis_title * 1.6 if has_x_title else 0)
    bottom += rows * row if legend == "bottom" else 0

    plot = height - top - bottom  # the plot area's height: long y titles wrap to it
    per_line = max(int(plot * 0.95 / (axis_title * CHAR)), 8)
    lines = 1
    for key in [k for k in layout if k.startswith("yaxis")]:
        text = layout[key].title.text
        if text:
            wrapped = _wrap(text.replace("<br>", " "), per_line)
            layout[key].title.text = "<br>".join(wrapped)
            lines = max(lines, len(wrapped))
    left = 20 + ticks * CHAR * 5 + lines * axis_title * 1.3

    fig.update_layout(
        meta=meta,
        height=height,
        margin=dict(t=round(top), b=round(bottom), l=round(left), r=30, pad=0),
        # plotly anchors a wrapped title by its last line: the lines above need the room
        title=dict(yref="container", y=1 - (PAD + title * 1.3 * (title_lines - 1)) / height),
        title_yanchor="top",
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    if legend:
        y, anchor = (1 - head / height, "top") if legend == "top" else (PAD / height, "bottom")
        fig.update_layout(
            showlegend=True,
            legend=dict(
                orientation="h", xref="container", x=0.01, xanchor="left",
                yref="container", y=y, yanchor=anchor, title_text="",
            ),
        )  # fmt: skip
    return fig


def apply_presentation(fig: go.Figure, on: bool = True) -> go.Figure:
    """Projector sizes, in place: titles 28, axis titles 18, bigger markers, a taller figure
    laid out again for them (`fit`); returns fig (unchanged when not `on`)."""
    if not on or (isinstance(fig.layout.meta, dict) and fig.layout.meta.get("presentation")):
        return fig  # not presenting, or already enlarged
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(meta={**meta, "presentation": True}, font_size=17, title_font_size=28)
    fig.update_layout(title_subtitle_font_size=18, legend_font_size=17, hoverlabel_font_size=17)
    fig.update_xaxes(title_font_size=18, tickfont_size=16)
    fig.update_yaxes(title_font_size=18, tickfont_size=16)
    fig.update_annotations(font_size=18)
    if fig.layout.uniformtext.mode:  # bar labels too small to read are hidden: at 16 px
        fig.update_layout(uniformtext_minsize=16)
    for shape in fig.layout.shapes:
        shape.line.width = 2.5 if shape.type == "line" else shape.line.width
        if shape.label.text:
            shape.label.font.size = 18
    for trace in fig.data:
        if trace.type in ("scatter", "scattergl"):
            if isinstance(trace.marker.size, int | float):
                trace.marker.size = trace.marker.size * 1.6
            if trace.marker.line.width:
                trace.marker.line.width = trace.marker.line.width * 2
        if trace.type in ("bar", "scatter"):
            trace.textfont.size = 18
    settings = fig.layout.meta.get("fit", {})  # margins, legend and title for the new sizes
    return fit(fig, **settings)
