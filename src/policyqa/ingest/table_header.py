"""A table's header lines read onto its columns: one path of header cells per value column.

Header cells are cut from each header line; a cell alone under a cell alone, set tightly below
it in the same style, is the same cell wrapped. A cell heads the columns it overlaps; a spanning
cell printed narrower than its group heads more: the columns between drawn rules either side of
it, or the span of the rule drawn under it, or else the columns it sits centred over among the
other spanning cells of its line. The cells over the row labels make the stub.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from statistics import median

from .grid_lines import Cell, cells_of, column_of, overlaps
from .layout import Line, Rule

Columns = Sequence[tuple[float, float]]
_Target = tuple[float, frozenset[int], float, float]  # centre, columns, x0, x1


@dataclass(slots=True)
class _Block:
    """A header cell, possibly wrapped over several lines."""

    texts: list[str]
    x0: float
    x1: float
    first: int  # header line it starts on
    last: int  # header line it ends on
    bottom: float
    style: tuple[float, bool]  # text height and boldness: a wrapped cell keeps its style
    span: frozenset[int] = frozenset()

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def read_header(
    lines: Sequence[Line], columns: Columns, label_end: float, rules: Sequence[Rule] = ()
) -> tuple[tuple[tuple[str, ...], ...], str]:
    """The header path of each value column, and the stub above the labels."""
    rules = _joined(rules)  # a ruled grid draws its lines cell by cell: read them whole, once
    blocks, stub = _blocks(lines, columns, label_end, rules)
    for block in blocks:
        block.span = own_span(Cell(" ".join(block.texts), block.x0, block.x1), columns)
    for block in sorted(blocks, key=lambda b: -b.first):  # lower lines first: spanners use them
        block.span = _block_span(block, blocks, lines, columns, rules)
    paths = []
    for j in range(len(columns)):
        over = sorted((b for b in blocks if j in b.span), key=lambda b: (b.first, b.x0))
        paths.append(tuple(" ".join(b.texts) for b in over))
    return tuple(paths), " ".join(stub)


def _blocks(
    lines: Sequence[Line], columns: Columns, label_end: float, rules: Sequence[Rule] = ()
) -> tuple[list[_Block], list[str]]:
    """Header cells line by line, wrapped cells joined (their lines may interleave with other
    cells' lines: each cell is set on its own baselines)."""
    blocks: list[_Block] = []
    stub: list[str] = []
    for number, line in enumerate(lines):
        cells = _cut_at_rules(cells_of(line, gap=0.55), line, rules)
        for cell in cells:
            if cell.x1 < columns[0][0] and cell.x0 <= label_end + 0.3 * line.height:
                stub.append(cell.text)
                continue
            style = (round(line.height, 0), _bold(line, cell))
            block = _wrapped(blocks, cells, cell, line, style, rules)
            if block is None:
                blocks.append(_Block([cell.text], cell.x0, cell.x1, number, number, line.bottom, style))
            else:
                block.texts.append(cell.text)
                block.x0, block.x1 = min(block.x0, cell.x0), max(block.x1, cell.x1)
                block.last, block.bottom = number, line.bottom
    return blocks, stub


def _cut_at_rules(cells: Sequence[Cell], line: Line, rules: Sequence[Rule]) -> list[Cell]:
    """The cells with a drawn cell border through them cut at it: in a ruled header, "Percent" and
    the "error (±)" that ends the next cell's "Margin of" may sit closer than a gap."""
    middle = (line.top + line.bottom) / 2
    borders = sorted(r.x0 for r in rules if r.vertical and r.top <= middle <= r.bottom)
    out: list[Cell] = []
    for cell in cells:
        inner = [x for x in borders if cell.x0 < x < cell.x1]
        if not inner:
            out.append(cell)
            continue
        words = [w for w in line.words if cell.x0 <= (w.x0 + w.x1) / 2 <= cell.x1]
        for left, right in pairwise([cell.x0, *inner, cell.x1]):
            part = [w for w in words if left <= (w.x0 + w.x1) / 2 <= right]
            if part:
                out.append(Cell(" ".join(w.text for w in part), part[0].x0, part[-1].x1))
    return out


def _wrapped(
    blocks: Sequence[_Block],
    cells: Sequence[Cell],
    cell: Cell,
    line: Line,
    style: tuple[float, bool],
    rules: Sequence[Rule] = (),
) -> _Block | None:
    """The header cell above that this cell continues: the only one over it set tightly above,
    alone over it on this line, in its style and alignment."""
    tight = _tight_above(blocks, cell, line)
    if len(tight) != 1:
        return None
    block = tight[0]
    below = [c for c in cells if overlaps(block.x0, block.x1, c.x0, c.x1)]
    # Lines of one cell share its alignment: left edges, centres or right edges line up.
    edge = 0.35 * line.height
    aligned = min(abs(cell.x0 - block.x0), abs(cell.centre - block.centre), abs(cell.x1 - block.x1)) < edge
    # A cell of a series on its line ("1st place", "2nd place", "3rd place") heads a level of its
    # own, unless every one of the series goes on from a cell above it (wrapped alike).
    last = cell.text.split()[-1].casefold()
    series = [c for c in cells if c is not cell and c.text.split()[-1].casefold() == last]
    alone = all(len(_tight_above(blocks, c, line)) == 1 for c in series)
    wraps = len(below) == 1 and aligned and alone and block.style == style
    return block if wraps and not _ruled_apart(block, cell, line, rules) else None


def _ruled_apart(block: _Block, cell: Cell, line: Line, rules: Sequence[Rule]) -> bool:
    """Whether a drawn rule runs between the block and the cell under it, reaching past both (a
    cell border, not an underline): they sit in different rows of a ruled header ("Male" over the
    "Under 18" of its group), not in one wrapped cell."""
    pad = 0.5 * line.height
    x0, x1 = min(block.x0, cell.x0) - pad, max(block.x1, cell.x1) + pad
    return any(
        not r.vertical and block.bottom - 1 <= r.top <= line.top + 1 and r.x0 <= x0 and r.x1 >= x1 for r in rules
    )


def _tight_above(blocks: Sequence[_Block], cell: Cell, line: Line) -> list[_Block]:
    return [b for b in blocks if overlaps(b.x0, b.x1, cell.x0, cell.x1) and line.top - b.bottom <= 0.6 * line.height]


def _bold(line: Line, cell: Cell) -> bool:
    return all(w.bold for w in line.words if cell.x0 <= w.x0 and w.x1 <= cell.x1)


def own_span(cell: Cell, columns: Columns) -> frozenset[int]:
    """The columns a header cell overlaps enough, else the nearest one."""
    width = cell.x1 - cell.x0
    covered = frozenset(
        j for j, (c0, c1) in enumerate(columns) if min(cell.x1, c1) - max(cell.x0, c0) >= 0.3 * min(width, c1 - c0)
    )
    return covered or frozenset({column_of(cell.x0, cell.x1, columns)})


def _block_span(
    block: _Block, blocks: Sequence[_Block], lines: Sequence[Line], columns: Columns, rules: Sequence[Rule]
) -> frozenset[int]:
    """The columns a header block heads (see the module docstring)."""
    own = block.span
    middles = [(c0 + c1) / 2 for c0, c1 in columns]
    line_mates = [b for b in blocks if b.first == block.first and b is not block]
    # A rule under the lowest header line closes the header; it spans no group.
    lowest = not any(b.first > block.last for b in blocks)
    bounds = _ruled_bounds(block, lines, rules, under=not lowest)
    # Rules that also enclose another cell of its line (or one wrapped onto it) are not drawn
    # around this one.
    level = [b for b in blocks if b is not block and b.first <= block.first <= b.last]
    if bounds is not None and not any(bounds[0] < b.centre < bounds[1] for b in level):
        inside = frozenset(j for j, m in enumerate(middles) if bounds[0] <= m <= bounds[1])
        return inside or own
    tops = {b.first: lines[b.first].top for b in blocks}
    # A cell that starts lower but stands level with this one (a tall cell centred in the
    # header band) is its sibling, not its child.
    siblings = [b for b in blocks if b.first > block.last and tops[b.first] < block.bottom - 0.5]
    beneath = [b for b in blocks if b.first > block.last and b not in siblings]
    if not any(b.span & own for b in beneath):
        return own  # nothing heads the columns it stands over: it is their own (tall) header
    # Cells of its line that head nothing below them stand over their own columns: only the
    # spanning ones compete with it, and the others' columns are not its to take.
    peers = [b for b in line_mates if _spans_others(b, blocks)]
    taken = {j for b in siblings for j in b.span} | {j for b in line_mates if b not in peers for j in b.span}
    # No reaching past a column that another cell heads: targets beyond one are out of reach.
    walls = [middles[j] for j in taken]
    targets = [
        t
        for t in _targets(beneath, columns, taken)
        if not any(min(t[0], block.centre) < w < max(t[0], block.centre) for w in walls)
    ]
    return own | _centred_reach(block, peers, targets, columns)


def _spans_others(block: _Block, blocks: Sequence[_Block]) -> bool:
    """Whether header cells on lower lines stand under this cell's columns."""
    return any(b.first > block.last and b.span & block.span for b in blocks)


def _targets(beneath: Sequence[_Block], columns: Columns, taken: set[int]) -> list[_Target]:
    """What a spanning cell may head: the cells on the next header line down (centred as it is,
    unlike right-aligned numbers), and columns no such cell stands over, centred on their middles
    and as wide as their numbers."""
    nearest = min(b.first for b in beneath)
    targets: list[_Target] = [
        (b.centre, b.span - taken, b.x0, b.x1) for b in beneath if b.first == nearest and b.span - taken
    ]
    covered = set().union(*(t[1] for t in targets)) | taken
    targets += [((c0 + c1) / 2, frozenset({j}), c0, c1) for j, (c0, c1) in enumerate(columns) if j not in covered]
    return targets


def _ruled_bounds(
    block: _Block, lines: Sequence[Line], rules: Sequence[Rule], *, under: bool = True
) -> tuple[float, float] | None:
    """The x-range a cell is drawn in: vertical rules either side crossing its first line, or (if
    `under`) a spanner rule drawn right under it."""
    line = lines[block.first]
    crossing = [r.x0 for r in rules if r.vertical and r.top <= line.top + 1 and r.bottom >= line.bottom - 1]
    left = [x for x in crossing if x <= block.x0 + 1]
    right = [x for x in crossing if x >= block.x1 - 1]
    if left and right:
        return max(left), min(right)
    # The last cell of its line, ruled off from the cell before it, in a table with no border at
    # its right ("2005 | 2010 | Difference"): it heads everything right of that rule.
    before = [w.x1 for w in line.words if w.x1 < block.x0]
    if left and before and max(before) < max(left) and not any(w.x0 > block.x1 for w in line.words):
        return max(left), float("inf")
    if not under:
        return None
    spanner = [
        r
        for r in rules
        if not r.vertical
        and 0 <= r.top - block.bottom <= 1.2 * line.height
        and r.x0 <= block.centre <= r.x1
        and r.x1 - r.x0 >= (block.x1 - block.x0) - 1
    ]
    if spanner:
        rule = min(spanner, key=lambda r: (r.top, r.x1 - r.x0))
        return rule.x0 - 1, rule.x1 + 1
    return None


def _joined(rules: Sequence[Rule]) -> list[Rule]:
    """The rules with each horizontal one's segments that continue it on one level joined: a ruled
    grid draws its lines cell by cell. Vertical rules are kept as they are."""
    out: list[Rule] = [r for r in rules if r.vertical]
    for rule in sorted((r for r in rules if not r.vertical), key=lambda r: (round(r.top), r.x0)):
        last = out[-1] if out and not out[-1].vertical else None
        if last is not None and abs(rule.top - last.top) < 0.5 and rule.x0 <= last.x1 + 1:
            out[-1] = replace(last, x1=max(last.x1, rule.x1), bottom=max(last.bottom, rule.bottom))
        else:
            out.append(rule)
    return out


def _centred_reach(
    block: _Block, peers: Sequence[_Block], targets: Sequence[_Target], columns: Columns
) -> frozenset[int]:
    """Columns a spanning cell heads by sitting centred over them among its peers.

    Targets between two peers go to the nearer one; past the outermost peer, a cell reaches as
    far as it does on its other side. A lone spanning cell centred over everything heads it all.
    """
    everyone = sorted([*peers, block], key=lambda b: b.centre)
    centres = sorted(t[0] for t in targets)
    pitch = median(b - a for a, b in pairwise(centres)) if len(centres) > 1 else 0.0
    if len(everyone) == 1:
        lo, hi = centres[0], centres[-1]
        centred = abs(block.centre - (lo + hi) / 2) < 0.12 * (hi - lo + pitch)
        return frozenset(j for t in targets for j in t[1]) if centred else frozenset()

    def nearest(c: float) -> _Block:
        return min(everyone, key=lambda b: (max(b.x0 - c, c - b.x1, 0.0), abs(b.centre - c)))

    mine = [t for t in targets if everyone[0].centre <= t[0] <= everyone[-1].centre and nearest(t[0]) is block]
    if block is everyone[0] or block is everyone[-1]:
        reach = max((max(abs(t[2] - block.centre), abs(t[3] - block.centre)) for t in mine), default=0.0)
        reach += 0.1 * pitch
        side = -1 if block is everyone[0] else 1
        for t in targets:
            near = min(abs(t[2] - block.centre), abs(t[3] - block.centre))
            if (t[0] - block.centre) * side > 0 and near <= reach:
                mine.append(t)
    return frozenset(j for t in mine for j in t[1])
