"""ConText's pattern rules read the page text once a call (issue 18): the same matches as
medspaCy's own `RegexMatcher`, which asked spaCy to join the page's tokens once a pattern."""

from __future__ import annotations

from medspacy.common.regex_matcher import RegexMatcher

from openimr.records.pipeline import build_pipeline

_PAGE = ("Family history: mother with depression, father with diabetes.\n"
         "Return to clinic or call if symptoms worsen. Goals: walk 20 minutes.\n"
         "Neg for fever. She is considered homebound.\n")


def _context_regex_matcher() -> RegexMatcher:
    context = build_pipeline().get_pipe("medspacy_context")
    matcher = getattr(context, f"_{type(context).__name__}__matcher")
    return matcher._MedspacyMatcher__regex_matcher  # type: ignore[no-any-return]


def test_context_pattern_rules_match_as_medspacy_does() -> None:
    nlp = build_pipeline()
    doc = nlp.make_doc(_PAGE.replace("\n", " "))
    matcher = _context_regex_matcher()
    assert type(matcher) is not RegexMatcher
    found = matcher(doc)
    assert found, "the page holds phrases of ConText's pattern rules"
    assert found == RegexMatcher.__call__(matcher, doc)
