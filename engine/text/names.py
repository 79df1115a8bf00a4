"""Names and labels for ids: what outputs show people, with the id added on request."""

from __future__ import annotations

import re
from typing import Any

from .i18n import language


class Names:
    """Looks up the label of a node, the name of an actor, the label of an assumption or indicator.

    With `ids`, each reads "label (id)", so a reader can match it to the file or to --set.
    """

    def __init__(self, scenario: Any, ids: bool = False):
        spec = scenario.spec
        self.ids = ids
        self._nodes = {k: n.label for k, n in spec.nodes.items()}
        self._actors = {k: a.name for k, a in spec.actors.items()}
        self._assumptions = {k: (a.label or k) for k, a in spec.assumptions.items()}
        self._indicators = {k: (i.label or k) for k, i in spec.indicators.items()}

    def _show(self, table: dict[str, str], key: str) -> str:
        label = table.get(key, key)
        return f"{label} ({key})" if self.ids and label != key else label

    def node(self, key: str) -> str:
        return self._show(self._nodes, key)

    def actor(self, key: str) -> str:
        return self._show(self._actors, key)

    def assumption(self, key: str) -> str:
        return self._show(self._assumptions, key)

    def indicator(self, key: str) -> str:
        return self._show(self._indicators, key)


# Spanish names of actors that begin with a common noun take the definite article inside a sentence
# ("una decisión del Gobierno de México", "¿qué debería hacer el Ejecutivo de EE. UU.?"); a proper name
# ("México", "Maduro") takes none.  The noun's article, by the name's first word.
_ARTICLES_ES = {
    **dict.fromkeys(("gobierno", "ejecutivo", "congreso", "senado", "presidente", "ejército", "estado", "régimen",
                     "cártel", "partido", "tribunal", "consejo", "banco", "departamento", "pentágono", "ministerio",
                     "grupo", "sector", "mando", "liderazgo", "alto", "bloque", "gabinete", "secretario"), "el"),
    **dict.fromkeys(("presidenta", "presidencia", "cámara", "armada", "marina", "corte", "fiscalía", "secretaría",
                     "administración", "oposición", "coalición", "comunidad", "junta", "policía", "guardia",
                     "industria", "unión", "organización", "casa", "cúpula", "dirigencia"), "la"),
    **dict.fromkeys(("cárteles", "mandos", "dirigentes", "operadores", "grupos", "gobiernos", "países", "aliados",
                     "productores", "comerciantes", "traficantes", "ciudadanos", "votantes", "electores",
                     "militares", "sindicatos", "estados", "partidos", "líderes", "jefes", "socios"), "los"),
    **dict.fromkeys(("fuerzas", "autoridades", "milicias", "empresas", "organizaciones", "comunidades",
                     "familias", "élites"), "las"),
}


def in_sentence(name: str, lang: str | None) -> str:
    """An actor's `name` as it reads inside a sentence in `lang`: in Spanish with its article where its first word
    is a common noun ("el Gobierno de México"), else as written."""
    if not (lang or "").startswith("es") or not name:
        return name
    first = name.split(maxsplit=1)[0].strip("(«\"'").lower()
    article = _ARTICLES_ES.get(first)
    return f"{article} {name}" if article else name


def contracted(text: str, lang: str | None) -> str:
    """`text` with Spanish's contractions ("de el" → "del", "a el" → "al") where a name's article met a preposition."""
    if not (lang or "").startswith("es"):
        return text
    return re.sub(r"\b([Dd]e|[Aa]) el\b", lambda m: ("del" if m.group(1).lower() == "de" else "al")
                  if m.group(1).islower() else ("Del" if m.group(1) == "De" else "Al"), text)


def end_sentence(text: str) -> str:
    """`text` ended with a period, unless it ends with one already ("EE. UU.", "etc.") or another stop."""
    return text if text.rstrip().endswith((".", "!", "?", "…")) else text + "."


def said(template: str, actor: str, **fields: object) -> str:
    """`template` (already through the catalogue) with `actor`'s name inside the sentence in the program's language:
    its article and the contraction in Spanish ("una decisión del Gobierno de México"), and no ".." after a field
    that ends with a period."""
    lang = language()
    values = {"actor": in_sentence(actor, lang), **{k: str(v) for k, v in fields.items()}}
    for key, value in values.items():  # a name ending in a period ("EE. UU.") ends the sentence itself: no ".."
        if value.endswith("."):
            template = template.replace(f"{{{key}}}.", f"{{{key}}}")
    return contracted(template.format(**values), lang)
