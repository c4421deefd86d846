"""deckgen's mark: every deck it writes records the text it wrote; an office's save that changes no
word still reads as unedited, an edited shape or note reads as edited on its slide, and the mark
is read from the zip without python-pptx."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from deckgen.pptx import mark
from helpers import build, every_type_deck, make_template, run, run_python, template_deck
from pptx import Presentation

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Return a deck of every slide type with native charts, built."""
    folder = tmp_path_factory.mktemp("mark")
    deck = every_type_deck(folder)
    text = deck.read_text(encoding="utf-8").replace(
        "lang: ko-KR\n", "lang: ko-KR\ntheme: {charts: native}\n"
    )
    deck.write_text(text, encoding="utf-8")
    build(deck)
    return folder / "out" / "deck.pptx"


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """Write `source`'s members, each through `change(name, data)`, to `target` (as an office's
    save does: every member written again)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
    return target


def slide_parts(change: Callable[[etree._Element], None]) -> Callable[[str, bytes], bytes]:
    """Return a member change that applies `change` to the root of every slide and notes part."""

    def changed(name: str, data: bytes) -> bytes:
        if not re.fullmatch(r"ppt/(slides|notesSlides)/\w+\.xml", name):
            return data
        root = etree.fromstring(data)
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return changed


def split_runs(root: etree._Element) -> None:
    """Split every run of two characters or more in two, as LibreOffice splits by script."""
    for piece in list(root.iter(f"{{{A}}}r")):
        text = piece.find(f"{{{A}}}t")
        if text is None or len(text.text or "") < 2:
            continue
        second = etree.fromstring(etree.tostring(piece))
        half = len(text.text) // 2
        second.find(f"{{{A}}}t").text = text.text[half:]
        text.text = text.text[:half]
        piece.addnext(second)


def reorder_attributes(root: etree._Element) -> None:
    """Write every element's attributes in reverse order, with explicit bold where none was."""
    for element in root.iter():
        items = list(element.attrib.items())[::-1]
        element.attrib.clear()
        for key, value in items:
            element.set(key, value)
        if element.tag == f"{{{A}}}rPr" and "b" not in element.attrib:
            element.set("b", "0")


def trailing_paragraphs(root: etree._Element) -> None:
    """Add an empty paragraph after every text body's last, and spaces at the end of lines."""
    for body in root.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}txBody"):
        texts = list(body.findall(f"{{{A}}}p")[-1].iter(f"{{{A}}}t"))
        if texts:
            texts[-1].text = (texts[-1].text or "") + "  "
        etree.SubElement(body, f"{{{A}}}p")


def renumbered_fields(root: etree._Element) -> None:
    """Give every field (slide numbers) another text, as an office does when it renumbers."""
    for field in root.iter(f"{{{A}}}fld"):
        for text in field.iter(f"{{{A}}}t"):
            text.text = "99"


def test_every_deck_deckgen_writes_carries_its_mark(built):
    with zipfile.ZipFile(built) as archive:
        custom = archive.read("docProps/custom.xml")
        assert b"docProps/custom.xml" in archive.read("_rels/.rels")
        assert b"/docProps/custom.xml" in archive.read("[Content_Types].xml")
    found = mark.read_mark(custom)
    assert found is not None
    assert len(found.slides) == len(Presentation(str(built)).slides)
    assert all(len(value) <= mark.CHUNK for _name, value in mark.properties(found))
    assert mark.examine(built) == mark.Verdict("unedited", slides=(len(found.slides),) * 2)


@pytest.mark.parametrize(
    "change",
    [split_runs, reorder_attributes, trailing_paragraphs, renumbered_fields],
    ids=["runs-split", "attributes-reordered", "empty-paragraph-added", "fields-renumbered"],
)
def test_a_save_that_changes_no_word_reads_as_unedited(built, tmp_path, change):
    saved = rewrite(built, tmp_path / "saved.pptx", slide_parts(change))
    assert saved.read_bytes() != built.read_bytes()
    verdict = mark.examine(saved)
    assert verdict.state == "unedited", verdict
    # And a build replaces it: no refusal, nothing kept aside.
    folder = shutil.copytree(built.parent.parent, tmp_path / "deck")
    shutil.copyfile(saved, folder / "out" / "deck.pptx")
    result = run("build", str(folder / "deck.yaml"), "-o", str(folder / "out" / "deck.pptx"))
    assert result.exit_code == 0, result.output
    assert list((folder / "out").glob("*.edited-*")) == []


def test_line_breaks_and_spaces_are_one_spelling():
    one = mark.text_digest("첫 줄\n둘째 줄")
    assert mark.text_digest("첫 줄\v둘째 줄") == one  # python-pptx's a:br
    assert mark.text_digest("첫 줄\r\n둘째 줄  \n") == one
    assert mark.text_digest("첫 줄\u2028둘째 줄") == one
    assert mark.text_digest("첫 줄\n둘째 줄.") != one
    assert mark.text_digest("  \n ") == ""


def edit_bullet(prs: Presentation) -> int:
    slide = prs.slides[2]  # the first bullets slide, after the title and divider
    body = next(s for s in slide.shapes if s.has_text_frame and s != slide.shapes.title)
    body.text_frame.paragraphs[0].runs[0].text = "고친 첫째"
    return 3


def edit_title(prs: Presentation) -> int:
    prs.slides[2].shapes.title.text_frame.text = "고친 제목"
    return 3


def edit_notes(prs: Presentation) -> int:
    prs.slides[2].notes_slide.notes_text_frame.text = "고친 노트"
    return 3


def edit_table(prs: Presentation) -> int:
    number, table = next(
        (n, s.table) for n, slide in enumerate(prs.slides, 1) for s in slide.shapes if s.has_table
    )
    table.cell(1, 1).text_frame.text = "1600"
    return number


def edit_chart(prs: Presentation) -> int:
    from pptx.chart.data import CategoryChartData

    number, chart = next(
        (n, s.chart) for n, slide in enumerate(prs.slides, 1) for s in slide.shapes if s.has_chart
    )
    data = CategoryChartData()
    data.categories = ["2023", "2024"]
    data.add_series("매출", (2000, 6500))  # a number corrected in the data sheet
    data.add_series("비용", (-500, 1500.5))
    chart.replace_data(data)
    return number


@pytest.mark.parametrize(
    "edit",
    [edit_bullet, edit_title, edit_notes, edit_table, edit_chart],
    ids=["bullet", "title", "notes", "table-cell", "native-chart-value"],
)
def test_an_edit_reads_as_edited_on_its_slide(built, tmp_path, edit):
    prs = Presentation(str(built))
    number = edit(prs)
    prs.save(tmp_path / "edited.pptx")
    verdict = mark.examine(tmp_path / "edited.pptx")
    assert verdict.state == "edited"
    assert [change.slide for change in verdict.changes] == [number]
    assert sum(change.count for change in verdict.changes) == 1


def test_a_deleted_slide_is_counted(built, tmp_path):
    prs = Presentation(str(built))
    listed = prs.slides._sldIdLst
    listed.remove(listed[-1])
    prs.save(tmp_path / "shorter.pptx")
    verdict = mark.examine(tmp_path / "shorter.pptx")
    assert verdict.state == "edited"
    assert verdict.slides == (len(listed) + 1, len(listed))


@pytest.mark.parametrize(
    ("data", "state"),
    [
        (b"", "foreign"),
        (b"my own notes, named deck.pptx", "foreign"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "foreign"),  # an encrypted .pptx
    ],
    ids=["empty", "text", "encrypted"],
)
def test_a_file_deckgen_did_not_write_is_foreign(tmp_path, data, state):
    path = tmp_path / "deck.pptx"
    path.write_bytes(data)
    assert mark.examine(path).state == state


def test_a_plain_python_pptx_deck_is_foreign_and_an_older_deckgens_is_legacy(built, tmp_path):
    Presentation().save(tmp_path / "plain.pptx")
    assert mark.examine(tmp_path / "plain.pptx") == mark.Verdict("foreign", reason="has no mark")

    def unmarked(name: str, data: bytes) -> bytes:
        return re.sub(rb"<Relationship [^>]*custom-properties[^>]*/>", b"", data)

    old = rewrite(built, tmp_path / "old.pptx", unmarked)
    assert mark.examine(old).state == "legacy"
    saved = rewrite(
        old,
        tmp_path / "saved.pptx",
        lambda name, data: data.replace(
            b"<Application>deckgen<", b"<Application>Microsoft Office PowerPoint<"
        ),
    )
    assert mark.examine(saved).state == "foreign"


def test_a_damaged_mark_or_a_part_past_its_bound_is_not_trusted(built, tmp_path, monkeypatch):
    def damaged(name: str, data: bytes) -> bytes:
        return (
            data.replace(b"deckgen-text-1", b"deckgen-text-9")
            if name == "docProps/custom.xml"
            else data
        )

    found = mark.examine(rewrite(built, tmp_path / "damaged.pptx", damaged))
    assert found == mark.Verdict("foreign", reason="has a damaged deckgen mark")
    resaved = rewrite(built, tmp_path / "resaved.pptx", lambda name, data: data)
    monkeypatch.setattr(mark, "MAX_PART_BYTES", 100)  # every slide is larger
    assert mark.examine(resaved) == mark.Verdict("foreign", reason="is a damaged .pptx")


def test_a_templates_own_custom_properties_are_kept_beside_the_mark():
    existing = textwrap.dedent(
        f"""\
        <Properties xmlns="{mark.NS_CUSTOM}" xmlns:vt="{mark.NS_VT}">
        <property fmtid="{mark.FMTID}" pid="2" name="Client"><vt:lpwstr>ACME</vt:lpwstr></property>
        <property fmtid="{mark.FMTID}" pid="7" name="deckgen-text-1"><vt:lpwstr>old</vt:lpwstr>
        </property>
        </Properties>"""
    ).encode()
    written = mark.Mark((mark.SlideText(("0123abcd",), "89abcdef"),), "0" * 16)
    part = mark.custom_xml(written, existing)
    names = re.findall(rb'pid="(\d+)" name="([^"]+)"', part)
    assert names == [(b"2", b"Client"), (b"3", b"deckgen-mark"), (b"4", b"deckgen-text-1")]
    assert mark.read_mark(part) == written


@pytest.mark.slow
def test_a_deck_on_a_template_carries_the_mark_too(tmp_path):
    make_template(tmp_path / "company.pptx")
    build(template_deck(tmp_path))
    assert mark.examine(tmp_path / "out" / "deck.pptx").state == "unedited"


def test_the_mark_is_read_without_python_pptx(built):
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from deckgen.pptx import mark
        print(mark.examine(Path({str(built)!r})).state, "pptx" in sys.modules)
        """
    )
    done = run_python("-c", code)
    assert done.stdout.split() == ["unedited", "False"], done.stderr


@pytest.mark.requires("soffice")
def test_a_libreoffice_resave_that_changes_no_word_reads_as_unedited(built, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pptx",
            "--outdir",
            str(tmp_path / "lo"),
            str(built),
        ],
        capture_output=True,
        timeout=180,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    saved = tmp_path / "lo" / "deck.pptx"
    with zipfile.ZipFile(saved) as archive:
        assert "LibreOffice" in archive.read("docProps/app.xml").decode()  # every part rewritten
    verdict = mark.examine(saved)
    assert verdict.state == "unedited", verdict
    # And a build replaces it: no refusal, nothing kept aside.
    folder = shutil.copytree(built.parent.parent, tmp_path / "deck")
    shutil.copyfile(saved, folder / "out" / "deck.pptx")
    result = run("build", str(folder / "deck.yaml"), "-o", str(folder / "out" / "deck.pptx"))
    assert result.exit_code == 0, result.output
    assert list((folder / "out").glob("*.edited-*")) == []
