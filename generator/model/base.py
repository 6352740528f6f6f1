"""Base class of every model entity: unknown keys are errors, so a misspelt field is reported."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Strict entity: extra keys are rejected, values validated on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)
