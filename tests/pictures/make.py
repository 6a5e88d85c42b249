"""Save the README's pictures with the app's own screenshot function: `python tests/pictures/make.py`.

Runs the real catalog on a temporary record with a few ticks, at a fixed size and date.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.app import create_app
from tui.core.catalog import load_catalog
from tui.core.record import Store

HERE = Path(__file__).resolve().parent
NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
SHOTS = {
    "welcome": (True, []),
    "home": (False, []),
    "provider": (False, ["enter", "space", "down"]),
    "outstanding": (False, ["o"]),
    "share": (False, ["s"]),
}


async def shoot(name: str, welcome: bool, keys: list[str], folder: Path) -> None:
    db = folder / f"{name}.json"
    if not welcome:
        store = Store(db)
        store.mark("chatgpt", "training-off", when=NOW - dt.timedelta(days=200))
        store.mark("claude", "training-off", when=NOW - dt.timedelta(days=3))
        store.skip("deepseek")
    app = create_app(db, load_catalog(), welcome=welcome, clock=lambda: NOW)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(HERE))


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, (welcome, keys) in SHOTS.items():
            await shoot(name, welcome, keys, Path(folder))
            print(f"saved {HERE / (name + '.svg')}")


if __name__ == "__main__":
    asyncio.run(main())
