"""A Story as plain text for the terminal and as Markdown for handouts.

Each step: the node's text and its sources, the branch taken with its text and
sources, and what it changed; then the outcome, the final indicators and the
weight "given these decisions, under the stated assumptions".
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from scenarios.engine.analysis.story import BranchText, NodeText, Story, StoryStep
from scenarios.engine.text.dates import date_in_words
from scenarios.engine.text.i18n import N_, _
from scenarios.engine.text.names import said
from scenarios.engine.text.sources import SourceRef
from scenarios.engine.text.wording import WEIGHT_MEANS

from .markdown_report import cell

# The file's "cooperative" reads as approval in a story; shown as "de-escalatory" (issue 19, L4).
STANCES = {"cooperative": N_("de-escalatory"), "escalatory": N_("escalatory"), "neutral": N_("neutral")}

NO_SOURCE = N_("none given in the file")  # shown through _()


def share_text(share: float) -> str:
    return f"{share:.1%}" if share >= 0.001 else f"{share:.2e}"


def sources_text(refs: tuple[SourceRef, ...]) -> str:
    return "; ".join(r.text for r in refs) if refs else _(NO_SOURCE)


def _heading(step: StoryStep) -> str:
    if step.kind == "decision":
        return said(_("{node} — a decision by {actor}"), node=step.label, actor=step.actor or _("an actor not named"))
    return _("{node} — an uncertain event").format(node=step.label)


def _taken(step: StoryStep) -> str:
    stance = " " + _("({stance} option)").format(stance=_(STANCES.get(step.stance, step.stance))) if step.stance else ""
    if step.kind == "decision":
        return _("Chosen on this path: {branch}").format(branch=step.branch) + stance
    share = "" if step.share is None else " " + _(
        "(weight {share} at this point, under the stated assumptions)").format(share=share_text(step.share))
    return _("On this path: {branch}").format(branch=step.branch) + share


def _changes(step: StoryStep) -> str:
    if not step.changes:
        return _("No indicator changes.")
    return _("Changes:") + " " + "; ".join(f"{c.label} {c.before} → {c.after}" for c in step.changes)


def _told(story: Story) -> str:
    return _("Path {number} of {count}, told step by step.").format(number=f"{story.number:,}",
                                                                    count=f"{story.path_count:,}")


def _assumptions(story: Story) -> str:
    if not story.assumptions:
        return ""
    return ", ".join(f"{k} = {v:g}" for k, v in story.assumptions.items())


def _weight(story: Story) -> str:
    if story.weight is None:
        return _("This path has no weight: the scenario states no weights for some uncertain event on it.")
    return _("Share of weight, given its decisions: {share} — {means}").format(
        share=share_text(story.weight), means=_(WEIGHT_MEANS))


def story_text(story: Story, width: int = 88) -> str:
    """The story as wrapped plain text."""
    lines: list[str] = []

    def para(text: str, indent: str = "", first: str | None = None) -> None:
        lines.extend(textwrap.wrap(text, width, initial_indent=indent if first is None else first,
                                   subsequent_indent=indent, break_on_hyphens=False))

    as_of = "  (" + _("as of {date}").format(date=date_in_words(story.as_of)) + ")" if story.as_of else ""
    head = story.title + as_of
    para(head)
    para(story.disclaimer)
    para(_told(story))
    if story.assumptions:
        para(_("Stated assumptions: {values}").format(values=_assumptions(story)))
    for k, step in enumerate(story.steps, 1):
        lines.append("")
        para(f"{k}. {_heading(step)}")
        for text in (step.description, step.note):
            if text:
                para(text, "   ")
        para(_("Sources: {sources}").format(sources=sources_text(step.sources)), "   ")
        para(_taken(step), "     ", "   → ")
        for text in step.branch_text:
            para(text, "     ")
        if step.branch_sources:
            para(_("Sources: {sources}").format(sources=sources_text(step.branch_sources)), "     ")
        para(_changes(step), "     ")
    lines.append("")
    para(_("Outcome: {outcome}").format(outcome=story.outcome_label))
    for text in (story.outcome_description, story.outcome_note):
        if text:
            para(text, "   ")
    para(_("Sources: {sources}").format(sources=sources_text(story.outcome_sources)), "   ")
    lines.append("")
    para(_("Final indicators:") + " " + story.final_words())
    para(_weight(story))
    return "\n".join(lines) + "\n"


def story_markdown(story: Story) -> Iterator[str]:
    """The story as Markdown: a numbered list of steps, then the outcome."""
    yield "# " + cell(_("{title}: path {number}").format(title=story.title, number=story.number)) + "\n\n"
    if story.as_of:
        yield _("As of {date}.").format(date=date_in_words(story.as_of)) + " "
    yield f"*{cell(story.disclaimer)}*\n\n"
    yield _told(story)
    if story.assumptions:
        yield " " + _("Stated assumptions: {values}").format(values=cell(_assumptions(story))) + "."
    yield "\n\n"
    for k, step in enumerate(story.steps, 1):
        yield f"## {k}. {cell(_heading(step))}\n\n"
        for text in (step.description, step.note):
            if text:
                yield f"{cell(text)}\n\n"
        yield "*" + _("Sources:") + "* " + cell(sources_text(step.sources)) + "\n\n"
        yield f"**{cell(_taken(step))}**\n\n"
        for text in step.branch_text:
            yield f"> {cell(text)}\n\n"
        if step.branch_sources:
            yield "*" + _("Sources:") + "* " + cell(sources_text(step.branch_sources)) + "\n\n"
        yield f"{cell(_changes(step))}\n\n"
    yield "## " + _("Outcome: {outcome}").format(outcome=cell(story.outcome_label)) + "\n\n"
    for text in (story.outcome_description, story.outcome_note):
        if text:
            yield f"{cell(text)}\n\n"
    yield "*" + _("Sources:") + "* " + cell(sources_text(story.outcome_sources)) + "\n\n"
    yield "**" + _("Final indicators:") + "** " + cell(story.final_words()) + "\n\n"
    yield f"{cell(_weight(story))}\n"


DESCRIBE_HEADING = N_("Descriptions and sources (each node once, in the order the listed paths reach it)")


def _node_heading(item: NodeText) -> str:
    if item.kind == "decision":
        return said(_("{node} — a decision by {actor}"), node=item.label, actor=item.actor or _("an actor not named"))
    if item.kind == "chance":
        return _("{node} — an uncertain event").format(node=item.label)
    return _("Outcome: {outcome}").format(outcome=item.label)


def _branch_line(b: BranchText) -> str:
    stance = " " + _("({stance} option)").format(stance=_(STANCES.get(b.stance, b.stance))) if b.stance else ""
    parts = [f"{b.label}{stance}", *b.text]
    if b.sources:
        parts.append(_("Sources: {sources}").format(sources=sources_text(b.sources)))
    return ". ".join(p.rstrip(".") for p in parts) + "."


def describe_text(items: tuple[NodeText, ...], width: int = 88) -> str:
    """`explore --describe` under the paths table: each node's text and sources, then the branches taken."""
    lines = [_(DESCRIBE_HEADING)]
    for item in items:
        lines.append("")
        lines.extend(textwrap.wrap(_node_heading(item), width, break_on_hyphens=False))
        for text in item.text:
            lines.extend(textwrap.wrap(text, width, initial_indent="   ", subsequent_indent="   ",
                                       break_on_hyphens=False))
        lines.extend(textwrap.wrap(_("Sources: {sources}").format(sources=sources_text(item.sources)), width,
                                   initial_indent="   ",
                                   subsequent_indent="   ", break_on_hyphens=False))
        for b in item.branches:
            lines.extend(textwrap.wrap(_branch_line(b), width, initial_indent="   – ", subsequent_indent="     ",
                                       break_on_hyphens=False))
    return "\n".join(lines) + "\n"


def describe_markdown(items: tuple[NodeText, ...]) -> Iterator[str]:
    yield "\n## " + _(DESCRIBE_HEADING) + "\n\n"
    for item in items:
        yield f"### {cell(_node_heading(item))}\n\n"
        for text in item.text:
            yield f"{cell(text)}\n\n"
        yield "*" + _("Sources:") + "* " + cell(sources_text(item.sources)) + "\n\n"
        for b in item.branches:
            yield f"- {cell(_branch_line(b))}\n"
        if item.branches:
            yield "\n"
