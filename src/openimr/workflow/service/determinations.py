"""The determinations aggregate: drafting by the engine, the reviewer's edits, signing,
corrections (new letter versions), the letter itself and the precedents beside it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import TYPE_CHECKING

from sqlalchemy import select

from openimr.model import (
    Case,
    CaseDetermination,
    Decision,
    DeterminationStatus,
    Document,
    Evidence,
    ReviewerProfile,
)
from openimr.model.determination import Attestation
from openimr.model.errors import InputError
from openimr.store import models as m
from openimr.workflow import corpus_reads, jobs, recognized, specialties, worksheet
from openimr.workflow.documents import StoredFile, read_case_documents, read_case_records
from openimr.workflow.errors import Conflict, NotFound, StaleVersion
from openimr.workflow.policy import Action
from openimr.workflow.service.unit import (
    REVIEWER_FOR_PARTIES,
    UnitOfWork,
    operation,
    require_status,
)
from openimr.workflow.states import CaseStatus
from openimr.workflow.users import Role
from openimr.workflow.views import (
    CorrectionIn,
    DeterminationEdit,
    DeterminationView,
    LetterVersionView,
    RevertIn,
    SignIn,
    SummaryIn,
)

if TYPE_CHECKING:
    from openimr.corpus import Precedents

log = logging.getLogger("openimr.letters")
S = CaseStatus
#: Statuses in which a determination may be drafted, and signed.
DRAFTABLE = (S.records_requested, S.insufficient_records, S.clinical_review)
IN_REVIEW = (S.clinical_review, S.insufficient_records)
#: Statuses in which a signed letter may be corrected (a new version issued).
CORRECTABLE = (S.determined, S.closed)


class Determinations(UnitOfWork):
    @operation(Action.draft)
    def draft(self, number: str, version: int | None = None,
              letter_version: int | None = None) -> DeterminationView:
        """Run the engine on the case file and its documents; replaces an unsigned draft only
        when the caller gives the draft's current version (so no edit is lost unseen). A
        re-draft keeps every reviewer edit, with the engine's new view beside it."""
        row = self._case(number, Action.draft, loads="documents")  # not its history
        require_status(row, DRAFTABLE, "a determination is drafted once records are requested")
        existing = self._determination_row(row)
        if existing is not None:
            if existing.status == DeterminationStatus.signed.value:
                raise Conflict("the determination is signed and can no longer be redrafted")
            if version is None:
                raise StaleVersion(f"a draft exists (version {existing.version}); pass its "
                                   "version to replace it with a fresh one")
            self._check_version(existing, version, "the draft", letter_version)
        engine_input = self._engine_input(row)
        if existing is not None and existing.review.get("engine_input") == engine_input \
                and existing.review.get("engine"):
            # Nothing the engine reads has changed: its stored review stands (issue 18).
            fresh = CaseDetermination.model_validate(existing.review["engine"])
            stored_review = existing.review
        else:
            fresh, stored_review = self._fresh_review(row, engine_input)
        determination = fresh
        now = self.clock()
        if existing is None:
            existing = m.DeterminationRow(case_id=row.id, drafted_at=now,
                                          drafted_by=self.actor.username)
            self.session.add(existing)
        else:
            engine = existing.review.get("engine")
            determination = worksheet.merge_redraft(
                CaseDetermination.model_validate(existing.determination),
                CaseDetermination.model_validate(engine) if engine else None, fresh)
        existing.status = DeterminationStatus.draft.value
        existing.determination = determination.model_dump(mode="json")
        if stored_review is not existing.review:  # the stored one is not written again
            existing.review = stored_review
        existing.reviewer_id = row.reviewer_id
        existing.updated_at, existing.updated_by = now, self.actor.username
        self._event(row, "determination", note="determination re-drafted by the engine; the "
                    "reviewer's edits kept" if determination is not fresh else
                    "determination drafted by the engine")
        self._audit("write", "determination", number,
                    "re-drafted" if determination is not fresh else "drafted")
        self.session.flush()
        return self._determination_view(row, existing)

    def _fresh_review(self, row: m.CaseRow, engine_input: str) -> tuple[CaseDetermination, dict]:  # type: ignore[type-arg]
        """The engine's draft of the case, and the review to store with it (keyed by what
        the engine read, so that an unchanged re-draft can reuse it)."""
        from openimr.records.summary import compose_summary
        from openimr.review import review_case

        review = review_case(Case.model_validate(row.case_file), self._records(row))
        fresh = review.determination
        fresh.summary = compose_summary(review.case, review.documents, review.facts)
        fresh.documents_read = worksheet.documents_read(
            (d.sha256, d.filename) for d in row.current_documents)
        return fresh, {**review.model_dump(mode="json", exclude={"determination", "case"}),
                       "engine": fresh.model_dump(mode="json"), "engine_input": engine_input}

    def _engine_input(self, row: m.CaseRow) -> str:
        """A digest of everything a draft reads: the engine's version, the case file (its
        disputed items among it), the current documents' contents and names in order, and
        the OCR results kept for them. Any change gives a new digest."""
        from openimr.review.engineversion import engine_version

        documents = [(d.sha256, d.filename) for d in row.current_documents]
        kept = sorted((sha, result) for sha, result in self.session.execute(
            select(m.OcrResult.sha256, m.OcrResult.result)
            .where(m.OcrResult.sha256.in_([sha for sha, _ in documents])))) \
            if documents else []
        canonical = json.dumps([engine_version(), row.case_file, documents, kept],
                               sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @operation(Action.read_determination)
    def get_determination(self, number: str,
                          letter_version: int | None = None) -> DeterminationView:
        """The newest version of the determination, or an earlier one by its number."""
        row = self._case(number, loads="documents")  # what the stale banner compares
        existing = self._determination_row(row, letter_version)
        if existing is None:
            raise NotFound("determination", number,
                           f"case {number} has no determination version {letter_version}"
                           if letter_version is not None else
                           f"case {number} has no determination yet")
        self._audit("read", "determination", number,
                    f"version {existing.letter_version}")
        return self._determination_view(row, existing)

    @operation(Action.correct)
    def correct(self, number: str, correction: CorrectionIn,
                letter_version: int | None = None) -> DeterminationView:
        """Start a correction of the signed letter: a new draft version copied from it,
        which the assigned reviewer edits and signs. The signed version is left as it is."""
        row = self._case(number, Action.correct)
        reason = correction.reason.strip()
        if not reason:
            raise InputError("reason: say what the correction is for")
        signed = self._determination_row(row)
        if signed is None:
            raise NotFound("determination", number,
                           f"case {number} has no determination to correct")
        if signed.status != DeterminationStatus.signed.value:
            raise Conflict(f"version {signed.letter_version} is an unsigned draft: edit it "
                           "rather than starting a correction")
        self._check_version(signed, correction.version, "the signed determination",
                            letter_version)
        require_status(row, CORRECTABLE, "a signed letter is corrected once the case is "
                                          "determined")
        now = self.clock()
        determination = CaseDetermination.model_validate(signed.determination).model_copy(
            update={"status": DeterminationStatus.draft, "attestation": None})
        draft = m.DeterminationRow(
            case_id=row.id, letter_version=signed.letter_version + 1,
            supersedes_id=signed.id, correction_reason=reason,
            status=DeterminationStatus.draft.value,
            determination=determination.model_dump(mode="json"), review=signed.review,
            reviewer_id=row.reviewer_id, drafted_at=now, drafted_by=self.actor.username,
            updated_at=now, updated_by=self.actor.username)
        self.session.add(draft)
        self._event(row, "correction", note=f"correction of version "
                    f"{signed.letter_version} started (version {draft.letter_version}): "
                    f"{reason}")
        self._audit("write", "determination", number,
                    f"correction version {draft.letter_version} of "
                    f"{signed.letter_version}: {reason}")
        self.session.flush()
        return self._determination_view(row, draft)

    @operation(Action.edit_determination)
    def save_draft(self, number: str, edit: DeterminationEdit,
                   letter_version: int | None = None) -> DeterminationView:
        """The assigned reviewer's edits; a stale version means another edit came first."""
        row = self._case(number, Action.edit_determination)
        existing = self._editable(row, number)
        self._check_version(existing, edit.version, "the draft", letter_version)
        drafted = {d["item_id"] for d in existing.determination["determinations"]}
        edited = {d.item_id for d in edit.determination.determinations}
        if drafted != edited:
            raise Conflict("the edited determination must decide exactly the drafted items: "
                           f"{', '.join(sorted(i or '?' for i in drafted))}")
        before = CaseDetermination.model_validate(existing.determination)
        _check_reasons(before, edit.determination)
        determination = edit.determination.model_copy(deep=True, update={
            "status": DeterminationStatus.draft, "attestation": None, "case_number": number,
            # what the engine read and drafted is the engine's, not the caller's
            "documents_read": before.documents_read, "engine_summary": before.engine_summary})
        determination.summary = worksheet.revise_summary(
            before.summary, [s.text for s in determination.summary]) \
            if determination.summary else before.summary
        decided = {i.item_id for i, prior in zip(
            determination.determinations, _in_order(before, determination), strict=True)
            if (i.decision, i.rationale, i.override_reason)
            != (prior.decision, prior.rationale, prior.override_reason)}
        worksheet.check_overrides(determination, decided=decided)
        added = worksheet.added_evidence(before, determination)
        if added:
            worksheet.place_evidence(added, self._records(row, shared=True))
        return self._store_edit(row, existing, before, determination, "draft edited")

    @operation(Action.read_document)
    def find_quote(self, number: str, quote: str, document: str | None = None,
                   page: int | None = None) -> Evidence:
        """Where a quote is read in the case's records (the named document and page first):
        the evidence a reviewer attaches to a criterion. Not found: an `InputError`."""
        row = self._case(number)
        self._audit("read", "records", number, "quote looked up")
        return worksheet.locate_quote(self._records(row, shared=True), quote, document, page)

    def _records(self, row: m.CaseRow, *, shared: bool = False) -> list[Document]:
        """The case's records; `shared`: the remembered reading, only to be read."""
        read = read_case_records if shared else read_case_documents
        # Scanned documents recognized by a worker elsewhere are read as it read them.
        recognized.prime(self.session, self.store, [d.sha256 for d in row.current_documents])
        return read(Case.model_validate(row.case_file), [
            StoredFile(d.filename, d.sha256, self.store.get(d.sha256))
            for d in row.current_documents])

    @operation(Action.edit_determination)
    def edit_summary(self, number: str, edit: SummaryIn) -> DeterminationView:
        """The reviewer's clinical case summary: one sentence a line; a changed sentence is
        the reviewer's (the engine's quotes dropped), and the diff goes into the history."""
        row = self._case(number, Action.edit_determination)
        existing = self._editable(row, number)
        self._check_version(existing, edit.version, "the draft")
        before = CaseDetermination.model_validate(existing.determination)
        determination = before.model_copy(deep=True)
        determination.summary = worksheet.revise_summary(
            before.summary, worksheet.summary_lines(edit.text))
        if edit.engine_summary_seen:
            determination.engine_summary = None
        return self._store_edit(row, existing, before, determination, "clinical summary edited")

    @operation(Action.read_determination)
    def engine_draft(self, number: str) -> CaseDetermination | None:
        """What the engine drafted (at the last draft or re-draft) before any reviewer edit:
        shown beside the reviewer's, and what a revert goes back to. None without a draft."""
        row = self._case(number)
        existing = self._determination_row(row)
        engine = existing.review.get("engine") if existing is not None else None
        self._audit("read", "determination", number, "engine draft")
        return CaseDetermination.model_validate(engine) if engine else None

    @operation(Action.edit_determination)
    def revert_to_engine(self, number: str, change: RevertIn) -> DeterminationView:
        """The engine's draft in place of the reviewer's edits, of one item or of all; the
        edits undone are kept in the history as a diff."""
        row = self._case(number, Action.edit_determination)
        existing = self._editable(row, number)
        self._check_version(existing, change.version, "the draft")
        engine = existing.review.get("engine")
        if existing.supersedes_id is not None or not engine:
            raise Conflict("this draft has no engine draft to go back to: a correction starts "
                           "from the signed letter (discard the correction instead)")
        before = CaseDetermination.model_validate(existing.determination)
        reverted = worksheet.revert(before, CaseDetermination.model_validate(engine),
                                    change.item_id)
        what = (f"reverted “{next(i.item for i in before.determinations if i.item_id == change.item_id)}” "
                "to the engine's draft" if change.item_id else "reverted to the engine's draft")
        return self._store_edit(row, existing, before, reverted, what)

    @operation(Action.correct)
    def discard_correction(self, number: str, version: int) -> DeterminationView:
        """Drop a correction started and not signed: the signed letter stays in force."""
        row = self._case(number, Action.correct)
        draft = self._determination_row(row)
        if draft is None or draft.supersedes_id is None or \
                draft.status == DeterminationStatus.signed.value:
            raise Conflict("there is no correction in progress to discard")
        self._check_version(draft, version, "the correction")
        self.session.delete(draft)
        self.session.flush()
        self._event(row, "correction", note=f"correction (version {draft.letter_version}) "
                    "discarded; the signed letter stays in force")
        self._audit("write", "determination", number,
                    f"correction version {draft.letter_version} discarded")
        signed = self._determination_row(row)
        assert signed is not None  # the version the correction superseded
        return self._determination_view(row, signed)

    def _editable(self, row: m.CaseRow, number: str) -> m.DeterminationRow:
        existing = self._determination_row(row)
        if existing is None:
            raise NotFound("determination", number,
                           f"case {number} has no draft to edit: draft one first")
        if existing.status == DeterminationStatus.signed.value:
            raise Conflict("the determination is signed and can no longer be edited")
        return existing

    def _store_edit(self, row: m.CaseRow, existing: m.DeterminationRow,
                    before: CaseDetermination, determination: CaseDetermination,
                    what: str) -> DeterminationView:
        existing.determination = determination.model_dump(mode="json")
        existing.updated_at, existing.updated_by = self.clock(), self.actor.username
        diff = worksheet.edit_diff(before, determination)
        self._event(row, "determination", note=f"{what}:\n{diff}" if diff else what)
        summary = worksheet.summary_diff(before.summary, determination.summary)
        self._audit("write", "determination", row.case_number,
                    "edited" + (" (clinical summary)" if summary else ""))
        self.session.flush()
        return self._determination_view(row, existing)

    @operation(Action.sign)
    def sign(self, number: str, signing: SignIn,
             letter_version: int | None = None) -> DeterminationView:
        """The assigned physician attests the draft; the case becomes Determined."""
        row = self._case(number, Action.sign)
        existing = self._determination_row(row)
        if existing is None:
            raise NotFound("determination", number, f"case {number} has no draft to sign")
        if existing.status == DeterminationStatus.signed.value:
            raise Conflict("the determination is already signed")
        self._check_version(existing, signing.version, "the draft", letter_version)
        determination = CaseDetermination.model_validate(existing.determination)
        undecided = [d.item for d in determination.determinations
                     if d.decision is Decision.unsupported]
        if undecided:
            raise Conflict("the reviewer must decide every item before signing (upheld or "
                           "overturned): " + "; ".join(undecided))
        if not determination.summary:
            raise Conflict("the clinical case summary is part of what the reviewer attests: "
                           "re-draft or write it before signing")
        worksheet.check_overrides(determination, signing=True)
        correction = existing.supersedes_id is not None
        if correction:
            require_status(row, CORRECTABLE, "a correction is signed once the case is "
                                              "determined")
        else:
            require_status(row, IN_REVIEW, "a determination is signed in clinical review")
        now = self.clock()
        determination.status = DeterminationStatus.signed
        determination.attestation = Attestation(
            reviewer_id=str(self.actor.reviewer_id), statement=signing.statement,
            signed_at=now.replace(tzinfo=dt.UTC))
        existing.determination = determination.model_dump(mode="json")
        existing.status = DeterminationStatus.signed.value
        existing.signed_at, existing.signed_by = now, self.actor.username
        existing.reviewer_id = self.actor.reviewer_id
        existing.updated_at, existing.updated_by = now, self.actor.username
        if correction:
            self._event(row, "signature", note=f"correction signed: version "
                        f"{existing.letter_version} is the letter in force, version "
                        f"{existing.letter_version - 1} is superseded")
        else:
            self._event(row, "signature", note="determination signed")
            if S(row.status) is S.insufficient_records:
                self._move(row, S.clinical_review, "decided on the records received")
            self._move(row, S.determined, "determination signed; letter issued")
        # The letter's PDF is rendered in the background, once per signed version.
        jobs.enqueue(self.session, jobs.JobKind.render_pdf, case=row,
                     digest=jobs.content_hash(existing.letter_version,
                                              existing.determination),
                     params={"letter_version": existing.letter_version},
                     requested_by=self.actor.username, now=self.clock())
        self._audit("write", "determination", number,
                    f"signed version {existing.letter_version}")
        self.session.flush()
        return self._determination_view(row, existing)

    def _determination_view(self, row: m.CaseRow,
                            existing: m.DeterminationRow) -> DeterminationView:
        self.session.flush()  # the version the view shows is the one being committed
        determination = CaseDetermination.model_validate(existing.determination)
        party = self.actor.role is Role.party
        if party and determination.attestation:
            determination.attestation.reviewer_id = REVIEWER_FOR_PARTIES
        versions = self._version_views(row)
        stale = worksheet.staleness(determination.documents_read,
                                    ((d.sha256, d.filename) for d in row.current_documents)) \
            if existing.status == DeterminationStatus.draft.value else []
        shown = next(v for v in versions if v.letter_version == existing.letter_version)
        return DeterminationView(
            case_number=row.case_number or "", status=existing.status, version=existing.version,
            letter_version=existing.letter_version, supersedes=shown.supersedes,
            correction_reason=existing.correction_reason, superseded=shown.superseded,
            versions=versions, determination=determination, drafted_at=existing.drafted_at,
            drafted_by=self._shown(existing.drafted_by), updated_at=existing.updated_at,
            updated_by=self._shown(existing.updated_by), signed_at=existing.signed_at,
            signed_by=self._shown(existing.signed_by) if existing.signed_by else None,
            stale=bool(stale), stale_reasons=stale)

    def _version_views(self, row: m.CaseRow) -> list[LetterVersionView]:
        rows = self._versions(row)
        numbers = {r.id: r.letter_version for r in rows}
        last_signed = max((r.letter_version for r in rows
                           if r.status == DeterminationStatus.signed.value), default=None)
        return [LetterVersionView(
            letter_version=r.letter_version, status=r.status,
            superseded=r.status == DeterminationStatus.signed.value
            and r.letter_version != last_signed,
            supersedes=numbers.get(r.supersedes_id) if r.supersedes_id else None,
            correction_reason=r.correction_reason, drafted_at=r.drafted_at,
            drafted_by=self._shown(r.drafted_by), signed_at=r.signed_at,
            signed_by=self._shown(r.signed_by) if r.signed_by else None) for r in rows]

    @operation(Action.read_letter)
    def letter(self, number: str, format: str = "text",
               letter_version: int | None = None, public: bool = False) -> str | bytes:
        """The Final Determination Letter (the newest version, or the one asked for; an
        older signed version is marked superseded). The reviewer paragraph comes from the
        assigned reviewer's profile (qualifications only, never the name). Parties get
        signed versions only. `public` gives the public copy (identities removed), the one
        that may be published or ingested into a corpus."""
        from openimr.letters import render

        if format not in ("text", "html", "pdf"):
            raise NotFound("letter format", format, f"no letter format {format!r}: text, html or pdf")
        row = self._case(number, loads="row")
        existing = self._determination_row(row, letter_version)
        if existing is None:
            raise NotFound("letter", number, f"case {number} has no determination letter version "
                           f"{letter_version}" if letter_version is not None else
                           f"case {number} has no determination letter yet")
        review, profile = self._letter_review(row, existing)
        superseded = next(v for v in self._version_views(row)
                          if v.letter_version == existing.letter_version).superseded
        self._audit("read", "letter", number,
                    f"{format}, version {existing.letter_version}"
                    + (" (superseded)" if superseded else "") + (", public copy" if public else ""))
        notice = (f"SUPERSEDED: version {existing.letter_version} of this letter was replaced "
                  "by a corrected version and is no longer in force." if superseded else None)
        if format == "pdf" and not public and notice is None \
                and existing.status == DeterminationStatus.signed.value:
            stored = self._rendered_pdf(row, existing.letter_version)
            if stored is not None:
                return stored
        return render(review, format, reviewer=profile, notice=notice, public=public)

    def _rendered_pdf(self, row: m.CaseRow, letter_version: int) -> bytes | None:
        """The signed letter's PDF as its `render_pdf` job kept it in the document store;
        None when the job has not finished (or its file cannot be read): the caller then
        renders it, the same letter, in the request."""
        from openimr.store.documents import DocumentUnavailable

        results = self.session.scalars(select(m.JobRow.result).where(
            m.JobRow.case_id == row.id, m.JobRow.kind == jobs.JobKind.render_pdf.value,
            m.JobRow.status == jobs.JobStatus.succeeded.value)).all()
        address = next((r["pdf"] for r in results if isinstance(r, dict)
                        and r.get("letter_version") == letter_version and r.get("pdf")), None)
        if address is None:
            return None
        try:
            return self.store.get(address)
        except DocumentUnavailable as error:
            log.warning("case %s: the stored PDF of letter version %s cannot be read (%s); "
                        "rendered again", row.case_number, letter_version, error)
            return None

    def _letter_review(self, row: m.CaseRow, existing) -> tuple:  # type: ignore[no-untyped-def]
        """The stored review of a letter version and the profile its reviewer paragraph shows."""
        from openimr.review import Review

        review = Review.model_validate({
            **existing.review, "case": row.case_file, "determination": existing.determination})
        reviewer_id = existing.reviewer_id or row.reviewer_id
        if reviewer_id is None:
            raise Conflict("the letter's reviewer paragraph comes from the assigned reviewer's "
                           "profile: assign a reviewer first")
        return review, _letter_profile(self.session.get(m.Reviewer, reviewer_id).profile)

    @operation(Action.read_determination)
    def appeal_check(self, number: str):  # type: ignore[no-untyped-def]
        """The self-check before signing: the candidate appeal grounds (LC 4610.6(h)) of the
        current letter, against the case file and its records. A draft is checked as if it
        were decided today. None when there is no letter yet or no reviewer to write it."""
        from openimr.letters import render
        from openimr.letters.appeal import check_letter

        row = self._case(number)
        existing = self._determination_row(row)
        if existing is None or (existing.reviewer_id or row.reviewer_id) is None:
            return None
        review, profile = self._letter_review(row, existing)
        text = render(review, "text", reviewer=profile)
        decided = (existing.signed_at.date() if existing.signed_at else dt.date.today())
        due = row.determination_due_at.date() if row.determination_due_at else None
        return check_letter(text, review.case, review.documents, decided_on=decided, due_on=due,
                            check_deadline=False)

    @operation(Action.read_determination)
    def determination_fhir(self, number: str, letter_version: int | None = None) -> dict:
        """The determination as a FHIR R4 Bundle in Da Vinci PAS shapes (docs/fhir.md): the
        ClaimResponse, the criteria, the letter (PDF) and its provenance. The attester is
        named by role, never by name."""
        from openimr.fhir import determination_bundle
        from openimr.letters import render

        row = self._case(number)
        existing = self._determination_row(row, letter_version)
        if existing is None:
            raise NotFound("determination", number, f"case {number} has no determination yet")
        review, profile = self._letter_review(row, existing)
        pdf = render(review, "pdf", reviewer=profile)
        signed = existing.status == DeterminationStatus.signed.value
        self._audit("read", "determination", number,
                    f"FHIR bundle, version {existing.letter_version}")
        return determination_bundle(review, pdf, signed_role="physician reviewer" if signed
                                    else None, created=existing.signed_at or existing.drafted_at)

    @operation(Action.read_corpus)
    def precedents(self, number: str) -> list[Precedents]:
        """For each item of the case's current determination: the closest decided items of
        the corpus and whether the draft decision agrees with most of them."""
        row = self._case(number)
        existing = self._determination_row(row)
        if existing is None:
            return []
        found = corpus_reads.precedents(
            self.session.get_bind(), CaseDetermination.model_validate(existing.determination))
        self._audit("read", "precedents", number, f"{len(found)} items")
        return found


def _in_order(before: CaseDetermination, after: CaseDetermination) -> list:
    """The drafted items in the order of the edited ones (the same set, checked before)."""
    drafted = {d.item_id: d for d in before.determinations}
    return [drafted[i.item_id] for i in after.determinations]


def _check_reasons(before: CaseDetermination, after: CaseDetermination) -> None:
    """The physician's reasons go with their changes: a criterion whose status or comment
    the reviewer changes needs a comment, a decision or rationale changed needs a rationale."""
    drafted = {d.item_id: d for d in before.determinations}
    for item in after.determinations:
        prior = drafted[item.item_id]
        if (item.decision, item.rationale) != (prior.decision, prior.rationale) \
                and not item.rationale.strip():
            raise InputError("rationale: the decision needs its rationale",
                             source=f"item {item.item_id}")
        stored = {c.id: (c.status, c.reviewer_comment) for c in prior.criteria}
        for criterion in item.criteria:
            now = (criterion.status, criterion.reviewer_comment)
            if now != stored.get(criterion.id, now) \
                    and not (criterion.reviewer_comment or "").strip():
                raise InputError("comment: say why the criterion's status is what you set",
                                 source=f"item {item.item_id}, criterion {criterion.id}")


def _letter_profile(stored: dict) -> ReviewerProfile:
    """The profile as the letter prints it: specialties spelled out ("PM&R" -> full name)."""
    profile = ReviewerProfile.model_validate(stored)
    profile.board_certifications = [specialties.canonical_specialty(s)
                                    for s in profile.board_certifications]
    profile.subspecialties = [specialties.canonical_specialty(s) for s in profile.subspecialties]
    return profile
