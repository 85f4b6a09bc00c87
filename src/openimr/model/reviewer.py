"""A physician reviewer's professional profile: what the letter may say about them.

The letter names qualifications, never the reviewer (LC 4610.6(f)).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ReviewerProfile(BaseModel):
    board_certifications: list[str] = Field(default_factory=list)
    subspecialties: list[str] = Field(default_factory=list)
    licensed_states: list[str] = Field(default_factory=list)
    years_in_practice: int = Field(default=5, ge=0)
    active_practice_hours_per_week: int = Field(default=24, ge=0)
    credentials: str = "MD"
