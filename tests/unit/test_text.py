from nettui.domain.text import digits, fold, one_line, tokens, visible


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
