"""The provider page's Markdown, drawn without rich.markdown (and so without Pygments)."""

from __future__ import annotations

import subprocess
import sys

from rich.console import Console

from screens.text import render_markdown


def drawn(text: str, width: int = 40) -> list[str]:
    console = Console(width=width, color_system=None, force_terminal=False, record=True)
    console.print(render_markdown(text))
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_blocks_are_spaced_and_list_items_hang_under_their_text() -> None:
    text = "Intro line.\n\n### Heading\n\n- first item that is long enough to wrap here\n  - nested\n- second"
    assert drawn(text) == [
        "Intro line.",
        "",
        "Heading",
        "",
        " • first item that is long enough to",
        "   wrap here",
        "    • nested",
        " • second",
    ]


def test_styles_links_numbers_and_blocks_this_text_does_not_use() -> None:
    group = render_markdown("**bold** *it* `code` <https://x.example/a>\n\n3. three\n4. four\n\n```\nkept as written\n```")
    paragraph = group.renderables[0]
    spans = {paragraph.plain[span.start:span.end]: str(span.style) for span in paragraph.spans}
    assert spans == {"bold": "bold", "it": "italic", "https://x.example/a": "underline link https://x.example/a"}
    assert drawn("3. three\n4. four\n\n```\nkept as written\n```") == [" 3. three", " 4. four", "", "kept as written"]


def test_a_long_url_in_a_list_breaks_instead_of_being_cut() -> None:
    url = "https://example.com/" + "a" * 40
    lines = drawn(f"- Source: <{url}>", width=30)
    assert lines[0] == " • Source:"
    assert "".join(line.strip() for line in lines[1:]) == url, "every character kept, under the text"
    assert all(line.startswith("   ") for line in lines[1:])


def test_opening_a_provider_page_does_not_import_rich_markdown_or_pygments() -> None:
    code = ("import sys\nfrom tui.core.catalog import load_catalog\nfrom screens.provider import about, sources\n"
            "from screens.text import render_markdown\np = load_catalog([]).providers[0]\n"
            "render_markdown(about(p)); render_markdown(sources(p))\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pygments', 'rich.markdown'}),"
            " 'rich.markdown' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[] False"
