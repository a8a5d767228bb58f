"""Render tables the way Merlin's History error message draws them.

Merlin formats the conditions and container-status tables with go-pretty's "light"
style: box-drawing borders, one header row in upper case, cells padded with one
space, long cells never wrapped.
"""

from __future__ import annotations


def box_table(headers: list[str], rows: list[list[str]]) -> str:
    cells = [[h.upper() for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    def line(row: list[str]) -> str:
        return "│" + "│".join(f" {c.ljust(w)} " for c, w in zip(row, widths, strict=True)) + "│"

    out = [rule("┌", "┬", "┐"), line(cells[0]), rule("├", "┼", "┤")]
    out += [line(row) for row in cells[1:]]
    out.append(rule("└", "┴", "┘"))
    return "\n".join(out)


def history_error(
    first_line: str,
    *,
    conditions_heading: str | None = None,
    conditions: list[list[str]] | None = None,
    containers: list[list[str]] | None = None,
    termination_message: str | None = None,
) -> str:
    """Assemble a History "Error message" in the shape Merlin produces."""
    parts = [first_line]
    if conditions:
        parts.append(
            f"{conditions_heading}\n" + box_table(["Type", "Status", "Reason", "Message"], conditions)
        )
    if containers:
        parts.append(
            "Pod container status:\n"
            + box_table(["Container Name", "Status", "Exit Code", "Reason"], containers)
        )
    if termination_message:
        parts.append("Pod last termination message:\n" + termination_message.rstrip("\n"))
    return "\n\n".join(parts)
