import pytest

from sellerdesk.channels.amazon.flatfile.encoding import detect, normalise

JAPANESE = "商品名\tシルバーリング　ハンドメイド\n"
FRENCH = "Bague en argent martelé, décorée à la main - 12€\n"
GERMAN = "Halskette Größe 45 cm, Weißgold 18°\n"


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (b"\xef\xbb\xbfamazon-order-id\tsku\n", "utf-8-sig"),
        (FRENCH.encode("utf-8"), "utf-8"),
        (FRENCH.encode("cp1252"), "cp1252"),
        (GERMAN.encode("cp1252"), "cp1252"),
        (JAPANESE.encode("cp932"), "cp932"),
        (b"plain ascii\tonly\n", "utf-8"),
        (b"caf\xe9 \x81", "latin-1"),  # 0x81 is undefined in Cp1252
    ],
)
def test_the_encoding_is_detected_from_the_bytes(data, codec):
    assert detect(data) == codec


def test_a_utf8_character_cut_by_the_sample_still_reads_as_utf8():
    data = ("x" * 10 + "é").encode("utf-8")[:-1]
    assert detect(data) == "utf-8"


def test_accented_cp1252_text_is_never_mistaken_for_japanese():
    # "é" followed by a letter is a valid CP932 kanji pair; kana never arise from Cp1252.
    text = "Décoration Créée Médaillon Éléphant " * 20
    assert detect(text.encode("cp1252")) == "cp1252"


@pytest.mark.parametrize(
    ("given", "codec"),
    [("Windows-31J", "cp932"), ("UTF8", "utf-8"), ("ISO-8859-1", "latin-1"), ("Cp1252", "cp1252")],
)
def test_the_names_amazon_and_sellers_use_are_understood(given, codec):
    assert normalise(given) == codec


def test_an_unknown_encoding_name_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="UTF-8, Cp1252, ISO-8859-1 or Windows-31J"):
        normalise("ebcdic")
