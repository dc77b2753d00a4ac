from enum import Enum


class SubmissionErrorCode(Enum):
    """Codes of SubmissionError; the workflow actions' own codes (required, frozen …) pass through."""

    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    NO_ACTING_USER = "no_acting_user"
    NO_RULES = "no_rules"
    FROZEN = "frozen"
    OUTSIDE_WINDOW = "outside_window"
    BAD_TOKEN = "bad_token"
