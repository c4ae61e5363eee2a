"""Runtime settings, read from KIOSK_* environment variables (and an optional .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, HttpUrl, IPvAnyNetwork, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_BYTES = 32  # an HMAC-SHA256 key shorter than this can be guessed or is a placeholder
GTTS_ENDPOINT = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIOSK_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=PROJECT_ROOT / "var",
        description="Where the embedded database, audio cache and uploads live.",
    )
    database_url: str | None = Field(
        default=None,
        description="Any SQLAlchemy URL. Empty: SQLite file kiosk.db in data_dir.",
    )
    content_dir: Path = Field(
        default=PROJECT_ROOT / "content",
        description="Guides, categories, languages and UI texts.",
    )
    default_language: str = Field(default="nb", description="Language of staff pages and fallback.")
    welcome_languages: list[str] = Field(
        default=["nb", "en", "uk", "ar", "pl", "so"],
        description="Languages that greet on the start screen (the ones most visitors read).",
    )
    idle_timeout_seconds: int = Field(
        default=120, ge=5, description="Seconds without a touch before the kiosk asks 'still there?'."
    )
    idle_countdown_seconds: int = Field(
        default=20, ge=3, description="Seconds the 'still there?' countdown runs before the visit is wiped."
    )
    help_wait_check_seconds: int = Field(
        default=600,
        ge=5,
        description="While a help call is open the visit is never wiped; after this long without a touch the kiosk asks "
        "'Are you still waiting for help?' and only a 'No' ends the visit.",
    )
    public_url: HttpUrl | None = Field(
        default=None,
        description="Address visitors' phones reach the server at, for QR codes. Empty: the address the kiosk uses.",
    )
    library_url: HttpUrl | None = Field(
        default=None,
        description="The library's own web page: the official address of guides to its own services (print, wifi, e-books).",
    )
    gtts_endpoint: str = Field(
        default=GTTS_ENDPOINT,
        description="Where gTTS sends text (its Google Translate endpoint, or a proxy for it).",
    )
    speech_timeout_seconds: float = Field(default=3, gt=0, le=10, description="gTTS gives up after this; espeak-ng takes over.")
    speech_breaker_seconds: float = Field(default=60, ge=0, description="A failing read-aloud engine is skipped this long.")
    onscreen_keyboard: bool = Field(
        default=True,
        description="The search field brings its own on-screen keyboard. False: a kiosk with a physical keyboard.",
    )
    verify_after_days: int = Field(
        default=180, ge=1, description="A guide last checked against its official pages longer ago than this is due for review."
    )
    db_busy_timeout_ms: int = Field(default=5000, ge=0, description="SQLite busy timeout.")

    timezone: str = Field(default="Europe/Oslo", description="Local time zone of the staffed hours.")
    help_phone: str = Field(
        default="", description="Phone number for help when no staff are here (a branch's own number comes first)."
    )
    escalate_after_seconds: int = Field(default=120, ge=10, description="Unanswered calls are escalated after this.")
    kiosk_call_limit: int = Field(default=6, ge=1, description="At most this many help calls from one kiosk ...")
    kiosk_call_window_minutes: float = Field(default=10, gt=0, description="... within this many minutes.")
    call_expire_hours: float = Field(default=12, gt=0, description="Calls nobody closed are expired after this.")
    stats_keep_months: int = Field(
        default=13, ge=1, le=120, description="Raw usage events older than this become daily counts and are deleted."
    )

    # Floor staff: who is on the floor, the interpreter service, booked times.
    interpreter_service_name: str = Field(
        default="",
        max_length=120,
        description="Interpreter service a call's card offers when nobody on shift speaks the language.",
    )
    interpreter_service_phone: str = Field(default="", max_length=40, description="Its phone number.")
    presence_stale_seconds: int = Field(
        default=90, ge=10, description="A staff tablet not heard from for this long counts as away."
    )
    heartbeat_seconds: int = Field(default=20, ge=1, description="A tablet writes 'still here' at most this often.")
    booking_slot_minutes: int = Field(default=30, ge=5, le=240, description="Length of a booked time with a helper.")
    booking_capacity: int = Field(default=2, ge=1, le=50, description="Visitors per booked slot and branch.")
    booking_days_ahead: int = Field(default=7, ge=0, le=60, description="How far ahead the kiosk offers slots.")
    booking_lead_minutes: int = Field(
        default=15, ge=0, le=240, description="A slot starting sooner than this is not offered (the visitor would wait anyway)."
    )
    booking_offer_when_waiting: int = Field(
        default=3, ge=0, description="The kiosk offers a booked time when more calls than this wait (or nobody is on the floor)."
    )
    booking_no_show_minutes: int = Field(
        default=15, ge=0, description="A booking not checked in this long after its start is a no-show."
    )

    # Sign-in for staff, editors and admins.
    secret_key: str | None = Field(default=None, description="Signs shift tokens. Empty: a random key in data_dir.")
    shift_hours: float = Field(default=10, gt=0, description="How long a signed-in tablet stays signed in.")
    trusted_proxies: list[IPvAnyNetwork] = Field(
        default=[],
        description="Reverse proxies whose X-Forwarded-For is believed (addresses or networks, JSON list); "
        "sign-in throttling then counts the client's address, not the proxy's.",
    )

    # Where new help calls are announced, besides the staff page.
    webhook_url: HttpUrl | None = Field(default=None, description="Generic JSON webhook.")
    webhook_token: str | None = Field(default=None, description="Bearer token for the generic webhook.")
    ntfy_url: HttpUrl | None = Field(default=None, description="ntfy topic URL, e.g. https://ntfy.sh/my-library.")
    ntfy_token: str | None = Field(default=None, description="Bearer token for a protected ntfy topic.")
    slack_webhook_url: HttpUrl | None = Field(default=None, description="Slack incoming webhook.")
    teams_webhook_url: HttpUrl | None = Field(default=None, description="Microsoft Teams incoming webhook.")
    branch_targets_file: Path | None = Field(
        default=None,
        description="TOML file with each branch's own webhook, ntfy, Slack and Teams targets (kiosk/notify/branch_targets.py).",
    )
    notify_timeout_seconds: float = Field(default=5, gt=0, description="Per attempt; slow targets are retried.")
    notify_expire_hours: float = Field(default=12, gt=0, description="Undelivered notifications give up after this.")

    @field_validator("data_dir", "content_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None  # empty means "not set": a random key file in data_dir
        if len(value.encode()) < MIN_SECRET_BYTES:
            raise ValueError(
                f"KIOSK_SECRET_KEY is too short ({len(value)} characters); it needs at least {MIN_SECRET_BYTES}."
                " Make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))',"
                " or leave it empty to have a random key kept in the data dir"
            )
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'kiosk.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
