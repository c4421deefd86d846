"""The private fontconfig and profile LibreOffice renders with: one family, no Hangul/Latin gap."""

from __future__ import annotations

import os
import subprocess
import zipfile

import pytest

from deckgen import fonts
from deckgen.export import fontconfig, profile
from helpers import build, every_type_deck, make_template, template_deck, write_deck


def matched(env: dict[str, str], pattern: str) -> str:
    """Return the family fontconfig picks for `pattern` with the private configuration."""
    return subprocess.run(
        ["fc-match", "-f", "%{family[0]}", pattern],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.requires("fc-match")
def test_missing_faces_render_in_the_bundled_face_installed_ones_in_their_own(tmp_path):
    env = fontconfig.environment(tmp_path, ["Malgun Gothic", "DejaVu Sans", "No Such Face"])
    assert matched(env, "Malgun Gothic") == fonts.FAMILY
    assert matched(env, "Malgun Gothic:lang=ko") == fonts.FAMILY
    assert matched(env, "No Such Face") == fonts.FAMILY
    assert matched(env, "맑은 고딕") == fonts.FAMILY  # deckgen's defaults, whatever the deck names
    # A face the machine has is rendered in that face: the mapping only stands in for it.
    assert matched(env, "DejaVu Sans") == "DejaVu Sans"
    # Faces the deck does not name are left to the system's configuration.
    assert matched(env, "Some Other Face") == matched({}, "Some Other Face")


def test_the_configuration_builds_on_the_systems(tmp_path):
    text = fontconfig.config(["A & B"])
    for path in fontconfig.system_configs():
        assert f'<include ignore_missing="yes">{path}</include>' in text
    assert f"<dir>{fonts.FOLDER}</dir>" in text
    assert "<string>A &amp; B</string>" in text


@pytest.mark.slow
def test_deck_faces_are_the_theme_fonts_and_the_bullets(tmp_path):
    build(every_type_deck(tmp_path))
    assert fontconfig.deck_faces(tmp_path / "out" / "deck.pptx") == ["Malgun Gothic", "Arial"]


@pytest.mark.slow
def test_faces_a_deck_names_are_mapped(tmp_path):
    deck = write_deck(
        tmp_path,
        """
        title: Faces
        theme: {fonts: {latin: Segoe UI, east_asian: 맑은 고딕}}
        sections:
          - title: S
            slides:
              - {type: statement, text: Hello}
        """,
    )
    build(deck)
    faces = fontconfig.deck_faces(tmp_path / "out" / "deck.pptx")
    assert faces[:2] == ["Segoe UI", "맑은 고딕"]


def test_a_file_that_is_no_deck_names_no_faces(tmp_path):
    (tmp_path / "broken.pptx").write_bytes(b"not a zip")
    assert fontconfig.deck_faces(tmp_path / "broken.pptx") == []


def test_the_profile_is_set_to_a_korean_locale(tmp_path):
    # Impress turns its Asian/Western autospacing off in every document when its locale is Korean.
    settings = profile.seed(tmp_path / "profile")
    assert profile.ITEM in settings.read_text(encoding="utf-8")


def test_a_profile_with_settings_of_its_own_keeps_them(tmp_path):
    settings = tmp_path / "profile" / profile.FILE
    settings.parent.mkdir(parents=True)
    mine = '<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="X"/></item>'
    other = (
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" '
        'oor:op="fuse"><value>de-DE</value></prop></item>'
    )
    settings.write_text(f"<oor:items>{mine}\n{other}\n</oor:items>", encoding="utf-8")
    profile.seed(tmp_path / "profile")
    text = settings.read_text(encoding="utf-8")
    assert mine in text and profile.ITEM in text and "de-DE" not in text
    profile.seed(tmp_path / "profile")
    assert settings.read_text(encoding="utf-8") == text


@pytest.mark.slow
def test_faces_are_those_the_slides_use_at_most_max_faces(tmp_path):
    # A template's layout the deck does not use names 100 faces; its master, shown on every
    # slide, 40 more: only the master's are mapped, and only MAX_FACES of all.
    make_template(tmp_path / "company.pptx")

    def shape(prefix: str, count: int) -> bytes:
        text = "".join(
            f'<a:r><a:rPr lang="en-US"><a:latin typeface="{prefix} {n}"/></a:rPr><a:t>x</a:t></a:r>'
            for n in range(count)
        )
        return (
            '<p:sp><p:nvSpPr><p:cNvPr id="99" name="Faces"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
            '</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9" cy="9"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/>'
            f"<a:lstStyle/><a:p>{text}</a:p></p:txBody></p:sp></p:spTree>"
        ).encode()

    path = tmp_path / "company.pptx"
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts:
            if name == "ppt/slideLayouts/slideLayout7.xml":  # Blank
                data = data.replace(b"</p:spTree>", shape("Unused", 100), 1)
            elif name == "ppt/slideMasters/slideMaster1.xml":
                data = data.replace(b"</p:spTree>", shape("Master", 40), 1)
            target.writestr(name, data)
    build(template_deck(tmp_path))
    faces = fontconfig.deck_faces(tmp_path / "out" / "deck.pptx")
    assert len(faces) == fontconfig.MAX_FACES
    assert not [face for face in faces if face.startswith("Unused")]
    assert faces[:3] == ["Calibri", "맑은 고딕", "Georgia"]  # the theme fonts first
    assert "Master 0" in faces
