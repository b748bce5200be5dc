"""Exercise 06, the Python test suite.

Change the Rust code in src/parser.rs to make the tests below pass.
Do not change the tests: they grade your solution and the reference one alike.

Every test compares rjson.loads with the standard library's json.loads on this very
interpreter: the same values of the same types, or the same error at the same place.
"""

import json
import subprocess
import sys

import pytest
import rjson
from hypothesis import example, given
from hypothesis import strategies as st


def shape(value):
    """The value with the type of every part spelt out: 1, 1.0 and True all differ."""
    if type(value) is list:
        return ["list", [shape(item) for item in value]]
    if type(value) is dict:
        return ["dict", [(key, shape(item)) for key, item in value.items()]]
    return [type(value).__name__, repr(value)]


def assert_same_value(text):
    assert shape(rjson.loads(text)) == shape(json.loads(text)), f"rjson.loads({text!r})"


def where(error):
    return {"pos": error.pos, "lineno": error.lineno, "colno": error.colno}


def assert_same_error(text):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    try:
        value = rjson.loads(text)
    except json.JSONDecodeError as actual:
        assert where(actual) == where(expected.value), (
            f"rjson.loads({text!r}) raised {actual}; json.loads raised {expected.value}"
        )
    else:
        pytest.fail(f"rjson.loads({text!r}) returned {value!r}: expected JSONDecodeError")


# --- core: values ------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=40,
)


@pytest.mark.parametrize(
    "text",
    ["null", "true", "false", "0", "-0", "42", "-7", "3.25", "-0.0", "1e3", "1E-3", '""'],
)
def test_scalars(text):
    assert_same_value(text)


def test_arrays_and_objects_nest():
    assert_same_value('[1, [2, [3, []]], {"a": {"b": [true, null, 1.5]}}, {}, []]')


def test_whitespace_around_everything():
    assert_same_value(' \n\t{ "a" : [ 1 ,\r\n 2 ] , "b" : { } }\n ')


def test_keys_keep_document_order_and_the_last_duplicate_wins():
    text = '{"z": 1, "a": 2, "m": 3, "a": 4}'
    assert list(rjson.loads(text).items()) == [("z", 1), ("a", 4), ("m", 3)]
    assert_same_value(text)


@pytest.mark.parametrize(
    "text",
    [
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "1" * 300,
        "0.1",
        "5e-324",
        "1.7976931348623157e308",
        "1e400",
        "-1e400",
        "123456789.123456789e-5",
    ],
)
def test_numbers_of_every_size(text):
    assert_same_value(text)


@pytest.mark.parametrize(
    "text",
    [
        r'"\" \\ \/ \b \f \n \r \t"',
        r'"\u0041\u00e9\u4e2d\uFFFF"',
        r'"\ud83d\ude00 is one character"',
        '"raw: é 中 😀"',
        r'"mixed é \n 😀 \ud83d\ude00"',
        r'"\ud83d\u0041"',  # a high surrogate, then no low one
    ],
)
def test_strings_with_every_escape(text):
    assert_same_value(text)


def test_lone_surrogate_is_the_stdlibs_str_or_an_error():
    # The stdlib keeps a lone surrogate in the str; refusing it is fine too.
    for text in [r'"\ud800"', r'"x\udfff"', r'["\ud83d", 1]']:
        try:
            value = rjson.loads(text)
        except json.JSONDecodeError:
            continue
        assert shape(value) == shape(json.loads(text)), f"rjson.loads({text!r})"


def test_nan_and_infinity_are_the_stdlibs_or_an_error():
    for text in ["NaN", "Infinity", "-Infinity", "[NaN]"]:
        try:
            value = rjson.loads(text)
        except json.JSONDecodeError:
            continue
        assert repr(value) == repr(json.loads(text)), f"rjson.loads({text!r})"


@given(JSON_VALUES)
@example({"": [1, 2.5, None, True, "é"]})
def test_property_round_trip_matches_json(value):
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=2)):
        assert_same_value(text)


def test_moderate_nesting_still_parses():
    text = "[" * 200 + "]" * 200
    assert_same_value(text)
    assert_same_value('{"a":' * 200 + "null" + "}" * 200)


# --- core: errors ------------------------------------------------------------------

INVALID = [
    "",
    "   ",
    "\n\n",
    "nul",
    "True",
    "[",
    "[1",
    "[1,",
    "[1,]",
    "[1 2]",
    "[,1]",
    "{",
    '{"a"',
    '{"a":',
    '{"a" 1}',
    '{"a": 1,}',
    '{"a": 1 "b": 2}',
    "{'a': 1}",
    "{1: 2}",
    "01",
    "-01",
    "1.",
    ".5",
    "-",
    "+1",
    "1e",
    "1e+",
    "[1.]",
    '"abc',
    '"tab\there"',
    '"new\nline"',
    '"\x00"',
    r'"\x"',
    r'"\u12"',
    r'"\u12g4"',
    r'"\ud83d\u12"',
    '"\\',
    "[1] x",
    "{} {}",
    "1 2",
    "\ufeff[]",
    '["é中😀", nope]',
    '{"ключ": 1,\n "значение" 2}',
    "[\n  1,\n  2\n  3\n]",
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid_documents_raise_the_stdlibs_error(text):
    assert_same_error(text)


def test_the_error_is_the_json_modules_own_class():
    with pytest.raises(json.JSONDecodeError) as caught:
        rjson.loads("[1, 2,")
    assert type(caught.value) is json.JSONDecodeError
    assert isinstance(caught.value, ValueError)
    assert caught.value.doc == "[1, 2,"
    assert caught.value.msg, "the message must say what is wrong"


@given(JSON_VALUES, st.data())
def test_property_truncated_documents_fail_like_json(value, data):
    text = json.dumps(value, ensure_ascii=False)
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    try:
        json.loads(text[:cut])
    except json.JSONDecodeError:
        assert_same_error(text[:cut])
    else:
        assert_same_value(text[:cut])


@given(JSON_VALUES, st.data())
def test_property_one_character_changed_fails_like_json(value, data):
    text = json.dumps(value)
    if not text:
        return
    at = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    character = data.draw(st.sampled_from(list(',:[]{}"\\ 0-.eE\x01x') + ["é"]))
    broken = text[:at] + character + text[at + 1 :]
    try:
        json.loads(broken)
    except json.JSONDecodeError:
        assert_same_error(broken)
    except RecursionError:
        pass
    else:
        assert_same_value(broken)


# --- stretch: nesting too deep --------------------------------------------------------
# Run in a child interpreter: a parser without a depth limit overflows its stack,
# which kills the process it runs in.

DEEP = """
import json, sys
import rjson
try:
    rjson.loads(sys.argv[1] * 100_000)
except json.JSONDecodeError as error:
    print("JSONDecodeError", error.pos, len(error.msg) > 0)
"""


@pytest.mark.parametrize("opening", ["[", '{"a":', "[{}, "])
def test_nesting_100000_deep_raises_json_decode_error(opening):
    child = subprocess.run(
        [sys.executable, "-c", DEEP, opening],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, (
        f"rjson.loads({opening!r} * 100_000) crashed the interpreter "
        f"(exit status {child.returncode}): {child.stderr.strip()[-300:]}"
    )
    name, pos, has_message = child.stdout.split()
    assert name == "JSONDecodeError", f"rjson.loads({opening!r} * 100_000) raised no error"
    assert 0 <= int(pos) < 100_000 * len(opening) and has_message == "True"


# --- free: what PyO3 checks before your code runs ----------------------------------


@pytest.mark.parametrize("argument", [b"[]", 1, None, ["[]"]])
def test_non_str_raises_type_error(argument):
    with pytest.raises(TypeError):
        rjson.loads(argument)
