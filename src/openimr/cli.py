"""The `openimr` command line: one entry point over every concern of the package.

Each package adds its own commands through `<package>.commands.register`, so this file
stays a table of contents. Bad input (`InputError`) ends with a one-line message and exit
code 2, never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from enum import StrEnum
from pathlib import Path

import typer
from typer.core import TyperGroup

from openimr.model.collector import GC_FIRST_THRESHOLD
from openimr.model.errors import InputError

#: The cyclic garbage collector's first threshold for a command's process (Python's is 700
#: allocations; `model.collector`). Start-up leaves ~110,000 tracked long-lived objects and
#: collected 262 times on the way: ~0.17 s of a seed review's CPU, ~0.09 s at 10,000 (17
#: collections; issue 18). The library raises it only while it reads or reviews a case.
gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])


class _Commands(TyperGroup):
    """Every command runs here: bad input becomes one line on stderr and exit code 2."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except InputError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="openimr",
    cls=_Commands,
    help="Independent Medical Review for California workers' compensation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    pdf = "pdf"
    fhir = "fhir"


@app.command()
def review(
    case_file: Path = typer.Argument(..., help="Case file (.json or .yaml)."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout."),
    public: bool = typer.Option(False, "--public", help="The public copy: names, numbers, "
                                "addresses and contacts removed, date of birth as the age."),
) -> None:
    """Draft the determination for a case file and render the letter."""
    from openimr.letters import render
    from openimr.records.commands import ocr_progress
    from openimr.review import review_case_file

    with ocr_progress():
        drafted = review_case_file(case_file)
    if format is OutputFormat.fhir:
        import json

        from openimr.fhir import determination_bundle

        if public:
            raise InputError("--public gives a letter (text, html or pdf), not a FHIR Bundle")
        bundle = determination_bundle(drafted, render(drafted, "pdf"))  # type: ignore[arg-type]
        emit(json.dumps(bundle, indent=2) + "\n", output)
        return
    rendered = render(drafted, format.value, public=public)
    emit(rendered, output)
    quick_exit_allowed()


class SchemaName(StrEnum):
    case = "case"
    determination = "determination"


@app.command()
def schema(name: SchemaName = typer.Argument(SchemaName.case, help="Which schema.")) -> None:
    """Print the JSON Schema of the case file (or of the determination)."""
    import json

    from openimr.model import Case, CaseDetermination

    model = Case if name is SchemaName.case else CaseDetermination
    typer.echo(json.dumps(model.model_json_schema(), indent=2))


def emit(content: str | bytes, output: Path | None) -> None:
    """Write text or bytes to a file, or to stdout."""
    if output is not None:
        try:
            if isinstance(content, bytes):
                output.write_bytes(content)
            else:
                output.write_text(content, encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot write {output}: {error.strerror}") from error
        return
    if isinstance(content, bytes):
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        typer.echo(content, nl=not content.endswith("\n"))


def eval_group(app: typer.Typer) -> typer.Typer:
    """The `eval` command group, to which several packages add their measurements."""
    found = next((g.typer_instance for g in app.registered_groups if g.name == "eval"), None)
    if found is not None:
        return found
    group = typer.Typer(help="Measure accuracy against annotated gold sets.", no_args_is_help=True)
    app.add_typer(group, name="eval")
    return group


def _register_packages() -> None:
    from openimr.api import commands as api_commands
    from openimr.corpus import commands as corpus_commands
    from openimr.guidelines import commands as guideline_commands
    from openimr.jobs import commands as job_commands
    from openimr.letters import commands as letter_commands
    from openimr.records import commands as records_commands
    from openimr.review import commands as review_commands
    from openimr.web import commands as web_commands
    from openimr.workflow import commands as workflow_commands

    for module in (guideline_commands, records_commands, review_commands, workflow_commands,
                   api_commands, web_commands, corpus_commands, letter_commands, job_commands):
        module.register(app)


_register_packages()


#: Set by a command that has written everything it writes (`quick_exit_allowed`).
_QUICK_EXIT = False


def quick_exit_allowed() -> None:
    """The command is done and left nothing to close: the process may end without the
    interpreter's teardown (`main`)."""
    global _QUICK_EXIT
    _QUICK_EXIT = True


def _exit_now(code: object) -> None:
    """End the process as `sys.exit(code)` would, without tearing the interpreter down:
    the exit handlers run (the start cache is written, logging flushed), the standard
    streams are flushed, then `os._exit`. Freeing a review's ~1,000 modules and the reading
    pipeline one object at a time was ~0.2 s of a seed review's ~1.2 s of CPU (issue 18)."""
    import atexit

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as at a normal exit, nothing to do
            pass
    os._exit(status)


def main() -> None:
    """Console entry point. Usage errors and bad input exit 2 (see `_Commands`).

    A command that calls `quick_exit_allowed` (the review) ends without the interpreter's
    teardown, when no other thread runs: its output is written and flushed, and the exit
    handlers have run."""
    try:
        app()
    except SystemExit as stop:
        if _QUICK_EXIT and threading.active_count() == 1:
            _exit_now(stop.code)
        raise


if __name__ == "__main__":
    main()
