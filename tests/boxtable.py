"""Draw tables the way Merlin's History tab does (go-pretty's "light" style), for tests."""

from __future__ import annotations


def box_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def rule(left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * (w + 2) for w in widths) + right

    def row(cells: list[str]) -> str:
        return "│" + "│".join(f" {c!s:<{w}} " for c, w in zip(cells, widths, strict=True)) + "│"

    lines = [rule("┌", "┬", "┐"), row(headers), rule("├", "┼", "┤")]
    lines += [row(cells) for cells in rows]
    lines.append(rule("└", "┴", "┘"))
    return "\n".join(lines)
