"""`GET /api/metrics` in Prometheus's text exposition format (version 0.0.4)."""

from __future__ import annotations

from openimr.workflow.views import Metrics

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _gauge(lines: list[str], name: str, help_text: str, samples: list[tuple[dict[str, str],
           float | int | None]], kind: str = "gauge") -> None:
    lines.append(f"# HELP openimr_{name} {help_text}")
    lines.append(f"# TYPE openimr_{name} {kind}")
    for labels, value in samples:
        if value is None:
            continue
        shown = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
        lines.append(f"openimr_{name}{{{shown}}} {value}" if shown
                     else f"openimr_{name} {value}")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def exposition(metrics: Metrics) -> str:
    lines: list[str] = []
    _gauge(lines, "cases", "Cases by status.",
           [({"status": s}, n) for s, n in sorted(metrics.cases_by_status.items())])
    _gauge(lines, "cases_open", "Open cases.", [({}, metrics.open_cases)])
    _gauge(lines, "cases_overdue", "Open cases past their current deadline.",
           [({}, metrics.overdue)])
    _gauge(lines, "determined_on_time_ratio", "Share of determinations made by their "
           "deadline.", [({}, metrics.determined_on_time)])
    jobs = metrics.jobs
    if jobs is not None:
        _gauge(lines, "jobs", "Background jobs by kind and status.",
               [({"kind": kind, "status": status}, n)
                for kind, counts in sorted(jobs.by_kind.items())
                for status, n in sorted(counts.items())])
        _gauge(lines, "jobs_queue_depth", "Jobs queued (due or waiting for a retry).",
               [({}, jobs.queued)])
        _gauge(lines, "jobs_running", "Jobs running.", [({}, jobs.running)])
        _gauge(lines, "jobs_failed", "Jobs failed, waiting for a person's retry.",
               [({}, jobs.failed)])
        _gauge(lines, "jobs_oldest_queued_seconds", "Age of the oldest due job still "
               "waiting.", [({}, jobs.oldest_queued_seconds or 0)])
        _gauge(lines, "jobs_oldest_running_seconds", "Age of the longest-running job.",
               [({}, jobs.oldest_running_seconds or 0)])
        _gauge(lines, "jobs_succeeded_last_hour", "Throughput: jobs finished in the last "
               "hour.", [({}, jobs.succeeded_last_hour)])
        _gauge(lines, "jobs_mean_run_seconds_last_hour", "Mean run time of the jobs "
               "finished in the last hour.", [({}, jobs.mean_run_seconds_last_hour)])
    return "\n".join(lines) + "\n"
