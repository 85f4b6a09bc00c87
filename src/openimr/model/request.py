"""A disputed item as a structured treatment request, parsed from the text as requested."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class DrugRequest(BaseModel):
    name: str = Field(description="As written, e.g. 'Norco'.")
    generic: str | None = Field(default=None, description="Lower-case generic, e.g. 'hydrocodone/acetaminophen'.")
    drug_class: str | None = None
    strength: str | None = None
    form: str | None = None
    count: int | None = None
    directions: str | None = None
    ingredients: list[str] = Field(default_factory=list, description="For compounds.")
    compound: bool = False
    ingredient_strengths: dict[str, str] = Field(
        default_factory=dict, description="Compound ingredient -> strength, e.g. {'lidocaine': '5%'}.")
    units_per_day: float | None = Field(
        default=None, description="Most units a day the directions allow ('1 po q6h prn' -> 4).")
    daily_mme: float | None = Field(
        default=None, description="Morphine milligram equivalents per day, for opioids.")
    formulary: str | None = Field(
        default=None, description="MTUS Drug Formulary status: exempt|non_exempt|not_listed.")
    fuzzy_match: bool = Field(default=False, description="The name was matched despite a misspelling.")


class TreatmentRequest(BaseModel):
    """What the item asks for. Unknown parts stay None: the engine says what it lacks."""

    text: str
    category: str | None = Field(default=None, description="Knowledge-base category, e.g. 'physical_therapy'.")
    subcategory: str | None = None
    body_part: str | None = None
    side: str | None = Field(default=None, description="left|right|bilateral")
    levels: list[str] = Field(default_factory=list, description="Spinal levels, e.g. ['L4-5'].")
    quantity: int | None = Field(default=None, description="Visits, sessions, days, units or tablets.")
    unit: str | None = Field(default=None, description="visits|sessions|days|hours|units|tablets|...")
    frequency_per_week: float | None = None
    duration_weeks: float | None = None
    start_date: date | None = None
    end_date: date | None = None
    hours_per_week: float | None = Field(
        default=None, description="For care counted in hours (home health: '4 hrs/day 5 days/week').")
    rental_days: int | None = None
    purchase: bool | None = None
    postoperative: bool = False
    procedure: str | None = None
    modifiers: list[str] = Field(default_factory=list, description="e.g. 'with fluoroscopy', 'without contrast'.")
    drug: DrugRequest | None = None
