from nettui.domain.text import digits, fold, one_line, pasted, tokens, visible


def test_fold_strips_accents_and_case():
    assert fold("José") == "jose"
    assert fold("NÚÑEZ") == fold("nunez") == "nunez"
    assert fold("Íñigo Ibáñez") == "inigo ibanez"
    assert fold("Straße") == "strasse"


def test_tokens_are_folded_words():
    assert tokens("María-José  O'Brien") == ["maria", "jose", "o", "brien"]


def test_digits_of_a_phone():
    assert digits("+34 600-12 34") == "346001234"


def test_visible_neutralises_terminal_escapes():
    title_change = "\x1b]0;pwned\x07Eve"
    shown = visible(title_change)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "␛]0;pwned␇Eve"
    assert "\x9b" not in visible("a\x9bb")
    assert "\u202e" not in visible("abc\u202edef")


def test_one_line_joins_lines():
    assert one_line("a\nb\tc") == "a b c"


def test_pasted_text_loses_escape_sequences_and_control_characters():
    assert pasted("\x1b[31mred\x1b[0m") == "red"  # colours copied from a terminal
    assert pasted("\x1b]0;title\x07Ana") == "Ana"  # a title change
    assert pasted("\x1b]52;c;QUJD\x1b\\x") == "x"  # a clipboard write, ended by ST
    assert pasted("\x9b1mbold") == "bold"  # an 8-bit CSI
    assert pasted("Ana\tGarcía\x07\x00") == "Ana García"
    assert pasted("\x1b(Bplain\x1b7 \x1b\x1b text") == "plain  text"
    assert pasted("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert pasted("one\r\n two \n\n", one_line=True) == "one two"
    assert pasted("Núñez 🙂 الاسم") == "Núñez 🙂 الاسم"  # text is text
