"""Ligatures a PDF's ToUnicode map cuts to their last letter ("deined", "he U.S.") read whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from policyqa.ingest.ligatures import ligature_letters, read_cmap, repaired_map, repaired_pdf, write_cmap
from policyqa.ingest.pdf import extract_pdf

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "pdfs" / "reports"

# As a PDF producer wrote it: the ligatures "fl", "fi", "ffi" and "T_h" (codes 1B, 1C, 1E, 1F)
# mapped to their last letter, plain letters by one range.
CUT_SHORT = """begincmap
4 beginbfrange
<1b><1b><006c>
<1c><1c><0069>
<1e><1f>[<0069> <0068>]
<61><63><0061>
endbfrange
1 beginbfchar
<20> <0020>
endbfchar
endcmap"""


def font(cmap: str, glyphs: list[str]) -> DictionaryObject:
    stream = DecodedStreamObject()
    stream.set_data(cmap.encode("latin-1"))
    names = [NameObject(f"/{g}") for g in glyphs]
    encoding = DictionaryObject({NameObject("/Differences"): ArrayObject([NumberObject(0x1B), *names])})
    return DictionaryObject({NameObject("/Encoding"): encoding, NameObject("/ToUnicode"): stream})


def test_a_ligature_glyph_name_says_its_letters():
    assert [ligature_letters(g) for g in ["fi", "ffl", "f_f_i", "T_h", "i", "space", "a_"]] == [
        "fi",
        "ffl",
        "ffi",
        "Th",
        None,
        None,
        None,
    ]


def test_a_tounicode_map_reads_and_writes_back_the_same():
    mapping = read_cmap(CUT_SHORT)
    assert mapping == {0x1B: "l", 0x1C: "i", 0x1E: "i", 0x1F: "h", 0x61: "a", 0x62: "b", 0x63: "c", 0x20: " "}
    assert read_cmap(write_cmap({**mapping, 0x1C: "fi"}).decode("ascii")) == {**mapping, 0x1C: "fi"}


def test_ligatures_mapped_to_their_last_letter_get_all_their_letters():
    repaired = repaired_map(font(CUT_SHORT, ["fl", "fi", "ffi", "ffi", "T_h"]))
    assert repaired is not None
    assert [repaired[c] for c in (0x1B, 0x1C, 0x1E, 0x1F)] == ["fl", "fi", "ffi", "Th"]
    assert repaired[0x61] == "a"
    # a map that gives the ligatures all their letters, or glyphs that are no ligatures, is left alone
    whole = CUT_SHORT.replace("<1c><1c><0069>", "<1c><1c><FB01>").replace("<1b><1b><006c>", "<1b><1b><FB02>")
    whole = whole.replace("[<0069> <0068>]", "[<FB03> <00540068>]")
    assert repaired_map(font(whole, ["fl", "fi", "ffi", "ffi", "T_h"])) is None
    assert repaired_map(font(CUT_SHORT, ["l", "i", "ffi", "i", "h"])) is None


def test_a_pdf_without_ligature_names_is_not_copied(tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    assert repaired_pdf(plain) is None


@pytest.mark.skipif(not REPORTS.is_dir(), reason="shared reports not found beside the repo")
def test_a_report_whose_fonts_cut_ligatures_short_reads_whole_words():
    text = " ".join(extract_pdf(REPORTS / "camelot--cdc-mmwr-2011-us-024.pdf").pages)
    assert "Inadequate housing is defined as an occupied" in text
    assert "deined" not in text and "afect" not in text
    assert "The U.S." in text


def test_the_letters_of_one_ligature_glyph_are_no_overprint():
    from policyqa.ingest.layout import Char
    from policyqa.ingest.pdfium import _drop_overprints

    def char(text: str, x0: float, index: int) -> Char:
        return Char(text, x0, x0 + 6.4, 10.0, 17.2, 7.2, False, index)

    # "affect": PDFium reads the "ﬀ" glyph as two f's with the glyph's one box
    letters = [char("a", 0.0, 0), char("f", 4.0, 1), char("f", 4.0, 2), char("e", 9.7, 3)]
    assert "".join(c.text for c in _drop_overprints(letters)) == "affe"
    # the same letter drawn again later a little off (fake bold) is one letter, in bold
    bold = [*letters, char("a", 0.3, 4)]
    kept = _drop_overprints(bold)
    assert "".join(c.text for c in kept) == "affe" and kept[0].bold
