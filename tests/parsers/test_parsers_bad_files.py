"""Bad input raises one exception class, PdfError(code, message), with a one-line message in
Chinese and English."""

from __future__ import annotations

import pytest

from parsers import PdfError, extract_document, extract_path
from parsers.pdf import read_pdf


def handmade_pdf(count: int, kids: int) -> bytes:
    """A tiny PDF whose page tree claims ``count`` pages and lists ``kids`` references."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, b" ".join([b"3 0 R"] * kids)),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def error_of(data: bytes, **kw) -> PdfError:
    with pytest.raises(PdfError) as info:
        extract_document(data, **kw)
    err = info.value
    assert "\n" not in err.message and " / " in err.message, "one line, Chinese / English"
    assert str(err) == err.message
    return err


@pytest.fixture
def good_pdf(contract_pdf) -> bytes:
    return contract_pdf().paras(["合同编号：T-1", "本合同总价为人民币10,000.00元。"]).build()


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
    b"PK\x03\x04" + b"\0" * 64,
    "这是一份合同的纯文本，不是PDF。".encode(),
])
def test_a_file_that_is_not_a_pdf_is_refused_by_its_magic_bytes(data):
    err = error_of(data)
    assert err.code == "not_pdf"
    assert err.message == "文件不是PDF / not a PDF file"


def test_a_truncated_pdf_is_refused(good_pdf):
    err = error_of(good_pdf[: len(good_pdf) // 2])
    assert err.code == "truncated"
    assert "truncated" in err.message and "截断" in err.message


def test_a_corrupt_pdf_is_refused():
    err = error_of(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    assert err.code == "corrupt"


def test_an_encrypted_pdf_needs_a_password_and_is_refused(contract_pdf):
    locked = contract_pdf().para("本合同总价为人民币10,000.00元。").build(encrypt="secret")
    err = error_of(locked)
    assert err.code == "encrypted"
    assert "加密" in err.message and "password" in err.message


def test_a_page_tree_that_claims_a_million_pages_is_refused_before_any_page_is_read():
    err = error_of(handmade_pdf(1_000_000, 1))
    assert err.code == "too_many_pages"
    assert err.message == "PDF页数过多（1000000页，上限2000页） / too many pages (1000000, limit 2000)"


def test_the_page_limit_is_configurable(contract_pdf):
    doc = contract_pdf()
    for n in range(25):
        doc.para(f"第{n + 1}页的内容").page_break()
    data = doc.build()
    assert error_of(data, max_pages=20).code == "too_many_pages"
    assert extract_document(data, max_pages=30)["pages"] == 26


def test_a_file_above_the_size_limit_is_refused(good_pdf):
    with pytest.raises(PdfError) as info:
        read_pdf(good_pdf, max_bytes=1000)
    assert info.value.code == "too_large"


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_an_empty_file_is_refused(data):
    err = error_of(data)
    assert err.code == "empty"
    assert err.message == "文件为空 / the file is empty"


def test_a_pdf_without_pages_is_refused():
    err = error_of(handmade_pdf(0, 0))
    assert err.code == "empty"
    assert err.message == "PDF没有页面 / the PDF has no pages"


def test_a_blank_page_is_not_an_error_but_says_there_is_no_text():
    result = extract_document(handmade_pdf(1, 1))
    assert result["pages"] == 1 and result["obligations"] == []
    assert any("no extractable text" in w for w in result["warnings"])


def test_a_missing_path_is_a_pdf_error_too(tmp_path):
    with pytest.raises(PdfError) as info:
        extract_path(tmp_path / "nope.pdf")
    assert info.value.code == "unreadable"


def test_extract_path_reads_the_file(tmp_path, good_pdf):
    path = tmp_path / "c.pdf"
    path.write_bytes(good_pdf)
    assert extract_path(path)["contract"]["code"] == "T-1"
