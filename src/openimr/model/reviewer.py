"""A physician reviewer's professional profile: what the letter may say about them.

The letter names qualifications, never the reviewer (LC 4610.6(f)).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from openimr.model.instant import JsonInt


class ReviewerProfile(BaseModel):
    board_certifications: list[str] = Field(default_factory=list)
    subspecialties: list[str] = Field(default_factory=list)
    licensed_states: list[str] = Field(default_factory=list)
    years_in_practice: JsonInt = Field(default=5, ge=0, le=100)
    active_practice_hours_per_week: JsonInt = Field(default=24, ge=0, le=168)
    credentials: str = "MD"
