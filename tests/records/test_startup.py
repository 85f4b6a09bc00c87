"""Start-up: the CLI imports little, the pipeline is built once and without QuickUMLS."""

from __future__ import annotations

import subprocess
import sys
import threading

from openimr.records import pipeline


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return set(out.stdout.split())


def test_cli_help_loads_neither_spacy_nor_the_server() -> None:
    loaded = _modules_after("import openimr.cli")
    assert {"spacy", "rich", "medspacy", "fastapi", "sqlalchemy", "weasyprint", "jinja2",
            "openimr.records.extract", "openimr.letters.rendering"}.isdisjoint(loaded)


def test_pipeline_does_not_import_quickumls_pyrush_or_pysbd() -> None:
    loaded = _modules_after("from openimr.records.pipeline import build_pipeline, process\n"
                            "process('No numbness. Pain 6/10.')")
    assert "medspacy" in loaded
    unused = {"quickumls", "nltk", "scipy", "PyRuSH", "pysbd"}
    assert not {m.split(".")[0] for m in loaded} & unused


def test_concurrent_first_builds_build_the_pipeline_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built: list[object] = []
    original = pipeline._build_pipeline.__wrapped__

    def counting() -> object:
        built.append(1)
        return original()

    cached = pipeline.cache(counting)
    monkeypatch.setattr(pipeline, "_build_pipeline", cached)
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(pipeline.build_pipeline()))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and len({id(r) for r in results}) == 1


def test_server_builds_the_pipeline_before_the_first_request(tmp_path) -> None:  # type: ignore[no-untyped-def]
    probe = ("from openimr.api.commands import server_app\n"
             "from openimr.records import pipeline\n"
             f"server_app('sqlite:///{tmp_path / 'served.db'}')\n"
             "print(pipeline._build_pipeline.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert out.stdout.strip().splitlines()[-1] == "1"


def test_spacy_is_imported_without_its_command_line() -> None:
    loaded = _modules_after("from openimr.records.pipeline import process\n"
                            "process('No numbness. Pain 6/10.')")
    assert "spacy" in loaded
    assert not {"spacy.cli", "spacy.cli.info", "weasel", "requests"} & loaded


def test_spacy_command_line_is_the_real_one_when_asked_for() -> None:
    loaded = _modules_after("import openimr.records, spacy\n"
                            "from spacy.cli.info import info\n"
                            "import spacy.cli\n"
                            "assert info.__module__ == 'spacy.cli.info', info.__module__\n"
                            "assert callable(spacy.cli.download)")
    assert {"spacy.cli", "weasel"} <= loaded


def test_every_regex_rule_compiles() -> None:
    # the pipeline compiles a rule on first use; a broken one must not wait for its sentence
    from openimr.records.kinds import all_specs

    rules = [pipeline._RegexRule(i, t.regex) for spec in all_specs()
             for i, t in enumerate(spec.triggers) if t.regex]
    assert len(rules) > 100
    for rule in rules:
        assert rule.compile().pattern == rule.source
