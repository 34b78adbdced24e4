"""AppTest helpers: the app started on a page with some controls, and its downloads read back."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ui.session import CONTROLS
from ui.state import DEFAULTS

TIMEOUT = 60
APP = str(Path(__file__).resolve().parents[2] / "app.py")


def start(page: str | None = None, **controls) -> AppTest:
    """The app after its first run, on `page`, with some controls seeded in the store."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if controls:
        at.session_state[CONTROLS] = {**DEFAULTS, **controls}
    at.run()
    return at.switch_page(page).run() if page else at


class RecordingStorage(MemoryMediaFileStorage):
    """Streamlit's own in-memory media storage, remembered so a test can read a download."""

    made: ClassVar[list[MemoryMediaFileStorage]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RecordingStorage.made.append(self)


def downloaded(at: AppTest, key: str) -> bytes:
    url = next(b for b in at.get("download_button") if b.proto.id.endswith(key)).proto.url
    return RecordingStorage.made[-1].get_file(url.rsplit("/", 1)[-1]).content
