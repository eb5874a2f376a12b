#!/usr/bin/env python3
"""Renders the chat-template fixtures with Python's jinja2, the way transformers'
apply_chat_template does, so that tests/backend/test_chat_template.cpp can compare the C++
engine with the reference byte for byte.

transformers compiles a chat template in an ImmutableSandboxedEnvironment(trim_blocks=True,
lstrip_blocks=True) with the loopcontrols extension, replaces the `tojson` filter with
json.dumps(ensure_ascii=False), adds the globals raise_exception and strftime_now, and renders
with messages, tools=None, documents=None, add_generation_prompt and the special tokens.

Inputs:   tests/data/templates/*.jinja        real chat templates of public models
Outputs:  tests/data/templates/scenarios.json the message lists every template is rendered with
          tests/data/templates/expected/*.json the rendered text (or the error) per scenario
          tests/data/templates/features.json  small templates, one language feature each
          tests/fuzz/corpus/template/         all of those templates, as fuzzing seeds

JSON objects reach the C++ engine through nlohmann::json, which keeps keys sorted, so the
inputs here are key-sorted too: both engines then see the same dict order.

Usage: python3 tests/tools/make_template_fixtures.py   (needs jinja2 3.1)
"""
import datetime
import json
import pathlib
import sys

import jinja2
import jinja2.ext
import jinja2.nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "tests" / "data" / "templates"


class GenerationTag(jinja2.ext.Extension):
    """transformers' AssistantTracker without tracking: {% generation %} renders its body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render"), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def make_environment():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return datetime.datetime.now().strftime(format)

    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTag, jinja2.ext.loopcontrols]
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


ENV = make_environment()


def sorted_keys(value):
    return json.loads(json.dumps(value, sort_keys=True, ensure_ascii=False))


def render(source, messages, bos_token, eos_token, add_generation_prompt, extra):
    """Returns {"output": text} or {"error": message, "error_kind": ..., "line": n}."""
    try:
        template = ENV.from_string(source)
    except jinja2.exceptions.TemplateSyntaxError as e:
        return {"error": e.message, "error_kind": "syntax", "line": e.lineno}
    except SyntaxError as e:  # jinja2 compiles to Python, which rejects e.g. 'break' outside a loop
        return {"error": e.msg, "error_kind": "syntax", "line": None}
    variables = {"tools": None, "documents": None}
    variables.update(sorted_keys(extra))
    variables.update(
        messages=sorted_keys(messages),
        bos_token=bos_token,
        eos_token=eos_token,
        add_generation_prompt=add_generation_prompt,
    )
    try:
        return {"output": template.render(**variables)}
    except jinja2.exceptions.TemplateError as e:
        kind = "raise_exception" if type(e) is jinja2.exceptions.TemplateError else "runtime"
        return {"error": str(e), "error_kind": kind}
    except Exception as e:  # TypeError, ValueError, OverflowError raised while rendering
        return {"error": f"{type(e).__name__}: {e}", "error_kind": "runtime"}


# ---- scenarios for the real templates ----

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "The city name"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "Temperature unit"},
            },
            "required": ["city"],
        },
    },
}

MULTI_TURN = [
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "Hi there"},
    {"role": "user", "content": "Who are you"},
    {"role": "assistant", "content": "   I am an assistant   "},
    {"role": "user", "content": "Another question"},
]

SCENARIOS = {
    "user_only": {"messages": [{"role": "user", "content": "Hello!"}]},
    "system_user": {
        "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "What is 2+2?"},
        ]
    },
    "multi_turn": {"messages": MULTI_TURN},
    "system_multi_turn": {"messages": [{"role": "system", "content": "You are a helpful assistant"}] + MULTI_TURN},
    "unicode": {
        "messages": [
            {"role": "system", "content": "Réponds en français, s'il te plaît."},
            {
                "role": "user",
                "content": "Grüße aus Köln — 你好，世界! 🚀 \"quotes\", 'apostrophes', back\\slash,\ttab\nnew line",
            },
            {"role": "assistant", "content": "Ça va très bien ✓ <b>html</b> & ampersand"},
            {"role": "user", "content": "Encore une fois ?\n\n  "},
        ]
    },
    "consecutive_users": {
        "messages": [{"role": "user", "content": "First"}, {"role": "user", "content": "Second"}]
    },
    "assistant_first": {
        "messages": [{"role": "assistant", "content": "Hi"}, {"role": "user", "content": "Hello"}]
    },
    "no_messages": {"messages": []},
    "thinking": {
        "messages": [
            {"role": "user", "content": "Solve x + 1 = 43"},
            {"role": "assistant", "content": "<think>\nSubtract one from both sides.\n</think>\n\nx = 42"},
            {"role": "user", "content": "Thanks!"},
        ]
    },
    "tool_use": {
        "messages": [
            {"role": "user", "content": "What's the weather in Paris?"},
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {
                        "id": "call12345",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}},
                    }
                ],
            },
            {
                "role": "tool",
                "tool_call_id": "call12345",
                "name": "get_weather",
                "content": "{\"temperature\": 18.5, \"condition\": \"cloudy\"}",
            },
            {"role": "assistant", "content": "It is 18.5 °C and cloudy in Paris."},
        ],
        "extra": {"tools": [WEATHER_TOOL]},
    },
    "multi_turn_with_tools": {
        "messages": [{"role": "system", "content": "You are a helpful assistant"}] + MULTI_TURN,
        "extra": {"tools": [WEATHER_TOOL]},
    },
    "tool_use_string_arguments": {
        "messages": [
            {"role": "user", "content": "Weather in Oslo?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call98765",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": "{\"city\": \"Oslo\"}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call98765", "content": "-3 degrees"},
        ],
        "extra": {"tools": [WEATHER_TOOL]},
    },
}

for scenario in SCENARIOS.values():
    scenario.setdefault("bos_token", "<s>")
    scenario.setdefault("eos_token", "</s>")
    scenario.setdefault("extra", {})
    scenario["extra"].setdefault("date_string", "26 Jul 2024")  # Llama 3.x would ask strftime_now


# ---- one language feature per template ----
# (name, template, extra variables); messages default to [] and add_generation_prompt to false.

D = {"a": 1, "b": [1, 2], "c": {"x": "y"}, "s": "Hello World", "n": None, "f": 2.5, "t": True}
MSGS = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]

FEATURES = [
    # text, whitespace control, trim_blocks, lstrip_blocks, comments, raw
    ("plain_text", "Hello, world!\n", {}),
    ("trailing_newline_dropped", "a\n\n", {}),
    ("crlf_newlines", "a\r\nb\rc", {}),
    ("trim_blocks", "{% if true %}\nyes\n{% endif %}\nafter", {}),
    ("trim_blocks_only_one_newline", "{% if true %}\n\nyes{% endif %}", {}),
    ("lstrip_blocks", "x\n    {% if true %}\n    indented\n    {% endif %}\ny", {}),
    ("lstrip_blocks_not_mid_line", "x  {% if true %}y{% endif %}", {}),
    ("lstrip_blocks_at_start", "   {% if true %}a{% endif %}", {}),
    ("lstrip_blocks_tabs", "\t\t{% if true %}a\n\t\t{% endif %}b", {}),
    ("variable_not_lstripped", "    {{ 'v' }}\n", {}),
    ("variable_no_trim", "{{ 'v' }}\nafter", {}),
    ("strip_left", "a   \n  {%- if true %}b{% endif %}", {}),
    ("strip_right", "{% if true -%}   \n  b{% endif %}", {}),
    ("strip_both_variable", "a  {{- 'b' -}}  c", {}),
    ("plus_disables_lstrip", "x\n    {%+ if true %}y{% endif %}", {}),
    ("plus_disables_trim", "{% if true +%}\ny{% endif %}", {}),
    ("comment", "a{# comment #}b", {}),
    ("comment_trim_blocks", "a\n{# comment #}\nb", {}),
    ("comment_strip", "a   {#- c -#}   b", {}),
    ("comment_lstrip", "a\n   {# c #}\nb", {}),
    ("raw_block", "{% raw %}{{ not a var }}{% endraw %}", {}),
    ("raw_block_whitespace", "a\n  {% raw %}\n{{ x }}\n  {% endraw %}\nb", {}),
    ("multiline_tags", "{%\n  if true\n%}yes{%\nendif\n%}", {}),
    # literals and printing
    ("print_types", "{{ 1 }}|{{ 1.0 }}|{{ 1.5e3 }}|{{ 1e16 }}|{{ 1e-5 }}|{{ 0.1 + 0.2 }}|{{ true }}|{{ none }}|{{ 'x' }}", {}),
    ("print_containers", "{{ [1, 'a', none, true, 1.5] }}|{{ {'k': 'v', 'n': [1]} }}|{{ (1,) }}|{{ (1, 2) }}|{{ () }}", {}),
    ("print_quotes", "{{ [\"it's\", 'say \"hi\"', 'both \\' \"', 'nl\\n', 'tab\\t', 'uni é', 'ctl \\x01'] }}", {}),
    ("string_escapes", "{{ 'a\\nb\\tc\\\\d\\'e\\\"f\\x41\\u00e9\\U0001F600\\101' }}", {}),
    ("unknown_escape_kept", "{{ 'a\\qb' }}", {}),
    ("adjacent_strings", "{{ 'a' 'b' \"c\" }}", {}),
    ("integer_literals", "{{ 0x1F }}|{{ 0o17 }}|{{ 0b101 }}|{{ 1_000_000 }}|{{ 0 }}", {}),
    ("float_literals", "{{ 1.5 }}|{{ 1_0.2_5 }}|{{ 2e2 }}|{{ 2E-2 }}|{{ 123456789.123456789 }}", {}),
    ("print_tuple_expression", "{{ 1, 2 }}", {}),
    ("print_undefined", "[{{ nothing }}]", {}),
    ("print_dict_variable", "{{ d }}", {"d": D}),
    ("print_messages", "{{ messages }}", {"messages": MSGS}),
    # arithmetic
    ("arithmetic", "{{ 7 + 3 }} {{ 7 - 10 }} {{ 7 * 3 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }}", {}),
    ("float_arithmetic", "{{ 7.5 // 2 }} {{ -7.5 % 2 }} {{ 1 / 3 }} {{ 10 / 2 }} {{ 2.0 ** 0.5 }} {{ 3 * 1.5 }}", {}),
    ("power_left_assoc", "{{ 2 ** 3 ** 2 }} {{ -2 ** 2 }}", {}),
    ("bool_arithmetic", "{{ true + 1 }} {{ true * 3 }} {{ false - 1 }}", {}),
    ("string_plus", "{{ 'a' + 'b' }}{{ [1] + [2, 3] }}", {}),
    ("string_repeat", "{{ 'ab' * 3 }}|{{ 3 * 'x' }}|{{ [0] * 3 }}|{{ 'x' * 0 }}|{{ 'x' * -2 }}", {}),
    ("concat_tilde", "{{ 'a' ~ 1 ~ none ~ undefined_var ~ 1.5 ~ true ~ [1] }}", {}),
    ("percent_format", "{{ '%s is %d years' % ('Bob', 42) }}|{{ '%s' % 'x' }}|{{ '%.2f' % 3.14159 }}|{{ '100%%' % () }}", {}),
    ("unary", "{{ -(3) }} {{ +3 }} {{ -1.5 }} {{ not true }} {{ not 0 }} {{ - -1 }}", {}),
    ("unary_minus_filter", "{{ -1|abs }} {{ -3|string }}", {}),
    # comparisons and logic
    ("comparisons", "{{ 1 < 2 }} {{ 2 <= 2 }} {{ 3 > 4 }} {{ 3 >= 3 }} {{ 1 == 1.0 }} {{ 1 != 2 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }}", {}),
    ("chained_comparison", "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 == 1 == 1 }}", {}),
    ("equality_types", "{{ true == 1 }} {{ (1, 2) == [1, 2] }} {{ none == none }} {{ 'a' == 'a' }} {{ {'a': 1} == {'a': 1} }} {{ u == u }} {{ none == u }}", {}),
    ("in_operator", "{{ 1 in [1, 2] }} {{ 'a' in 'cat' }} {{ 'k' in {'k': 1} }} {{ 3 not in [1] }} {{ 'x' in u }} {{ '' in 'abc' }}", {}),
    ("and_or_values", "{{ 0 or 'x' }}|{{ '' and 1 }}|{{ 'a' and 'b' }}|{{ none or none }}|{{ u or 'dflt' }}", {}),
    ("short_circuit", "{{ false and u.x }}{{ true or u.x }}", {}),
    ("conditional_expression", "{{ 'yes' if true else 'no' }}|{{ 'yes' if 0 else 'no' }}|[{{ 'y' if false }}]|{{ 'a' if false else 'b' if true else 'c' }}", {}),
    ("truthiness", "{% for v in [0, 1, '', 'a', [], [0], {}, none, 0.0, u] %}{{ 'T' if v else 'F' }}{% endfor %}", {}),
    # variables and scoping
    ("set_and_print", "{% set x = 42 %}{{ x }}", {}),
    ("set_tuple_unpack", "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set c, d = [3, 4] %}{{ c }}{{ d }}", {}),
    ("set_block", "{% set x %}a{{ 1 }}b{% endset %}[{{ x }}]", {}),
    ("set_block_filter", "{% set x | upper %}hello {{ 'world' }}{% endset %}{{ x }}", {}),
    ("set_in_if_leaks", "{% if true %}{% set z = 3 %}{% endif %}{{ z }}", {}),
    ("set_in_loop_is_per_iteration", "{% for i in range(3) %}{% if i == 0 %}{% set x = 'a' %}{% endif %}[{{ x }}]{% endfor %}", {}),
    ("set_in_loop_sees_outer", "{% set x = 1 %}{% for i in range(2) %}{{ x }}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}", {}),
    ("namespace", "{% set ns = namespace(count=0, found=false) %}{% for i in range(5) %}{% set ns.count = ns.count + i %}{% if i == 3 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.count }} {{ ns.found }}", {}),
    ("namespace_from_dict", "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}{{ ns.c is defined }}", {}),
    ("namespace_print", "{% set ns = namespace(a=1, b='x') %}{{ ns }}", {}),
    ("with_block", "{% with x = 1, y = 2 %}{{ x + y }}{% endwith %}[{{ x }}]", {}),
    ("variables_shadow_globals", "{{ range }}", {"range": "mine"}),
    # jinja2 decides per frame, when compiling, whether a name comes from outside
    ("frame_read_before_set", "{{ x }}{% set x = 2 %}{{ x }}", {"x": 1}),
    ("frame_loop_before_set", "{% for i in [1] %}[{{ x }}]{% endfor %}{% set x = 2 %}{{ x }}", {"x": 1}),
    ("frame_if_before_set", "{% if true %}{{ x }}{% endif %}{% set x = 2 %}", {"x": 1}),
    ("frame_macro_before_set", "{% macro m() %}[{{ x }}]{% endmacro %}{{ m() }}{% set x = 2 %}{{ m() }}", {"x": 1}),
    ("frame_nested_loops_before_set", "{% for i in [1] %}{% for j in [1] %}[{{ x }}]{% endfor %}{% endfor %}{% set x = 2 %}", {"x": 1}),
    ("frame_read_first_elsewhere", "{% set y = x %}{% for i in [1] %}{{ x }}{% endfor %}{% set x = 2 %}{{ y }}", {"x": 1}),
    ("frame_set_in_some_branches", "{% for i in [1] %}[{{ x }}]{% endfor %}{% if false %}{% set x = 2 %}{% endif %}", {"x": 1}),
    ("frame_set_in_all_branches", "{% for i in [1] %}[{{ x }}]{% endfor %}{% if a %}{% set x = 2 %}{% elif b %}{% set x = 3 %}{% else %}{% set x = 4 %}{% endif %}{{ x }}", {"x": 1}),
    ("frame_loop_body_frame", "{% for i in [1, 2] %}{% for j in [1] %}[{{ y }}]{% endfor %}{% set y = i %}{{ y }}{% endfor %}", {"y": 0}),
    ("frame_macro_body_frame", "{% macro m() %}{% for i in [1] %}[{{ z }}]{% endfor %}{% set z = 5 %}{{ z }}{% endmacro %}{{ m() }}", {"z": 0}),
    # undefined behaviour
    ("undefined_is_falsy", "{% if missing %}yes{% else %}no{% endif %}", {}),
    ("undefined_attribute_of_dict", "[{{ d.nope }}][{{ d['nope'] }}][{{ d.nope is defined }}]", {"d": D}),
    ("attribute_of_none_is_undefined", "[{{ n.x }}][{{ 'abc'.x }}][{{ [1][5] }}][{{ 5.real }}]", {"n": None}),
    ("undefined_iterates_empty", "{% for x in missing %}x{% else %}empty{% endfor %}|{{ missing|length }}|{{ missing|list }}|{{ missing|join(',') }}", {}),
    ("undefined_tests", "{{ missing is defined }} {{ missing is undefined }} {{ missing is none }} {{ missing is iterable }} {{ missing is sequence }} {{ missing is callable }}", {}),
    ("undefined_default", "{{ missing|default('d') }}|{{ ''|default('d') }}|{{ ''|default('d', true) }}|{{ none|default('d') }}|{{ missing|d('x') }}", {}),
    ("undefined_string_filters", "[{{ missing|string }}][{{ missing|trim }}][{{ missing|upper }}]", {}),
    # attribute and item access
    ("attribute_and_item", "{{ d.a }} {{ d['a'] }} {{ d.c.x }} {{ d['c']['x'] }} {{ d.b[1] }} {{ d.b.0 }}", {"d": D}),
    ("message_access", "{{ messages[0]['role'] }} {{ messages[0].content }} {{ messages[-1].role }}", {"messages": MSGS}),
    ("dict_method_wins_over_key", "{{ d.items is defined }} {{ d['items'] }}", {"d": {"items": "key"}}),
    ("indexing_negative", "{{ [1, 2, 3][-1] }} {{ 'hello'[-2] }} {{ 'héllo'[1] }}", {}),
    ("slicing", "{{ [1, 2, 3, 4][1:3] }} {{ [1, 2, 3][::-1] }} {{ 'hello'[1:] }} {{ 'hello'[:-1] }} {{ 'hello'[::2] }} {{ [1, 2, 3][5:] }} {{ 'héllo wörld'[2:8] }}", {}),
    ("slice_messages", "{% for m in messages[1:] %}{{ m.role }}{% endfor %}", {"messages": MSGS}),
    ("private_attribute_blocked", "[{{ 'a'.__class__ }}][{{ d.__len__ }}]", {"d": D}),
    # loops
    ("for_loop_variables", "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}", {}),
    ("for_else", "{% for x in [] %}x{% else %}empty{% endfor %}", {}),
    ("for_filtered", "{% for i in [1, 2, 3, 4] if i is even %}{{ loop.index }}/{{ loop.length }}:{{ i }} {% endfor %}", {}),
    ("for_dict_items", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", {"d": {"x": 1, "y": 2}}),
    ("for_dict_keys", "{% for k in d %}{{ k }}{% endfor %}", {"d": {"x": 1, "y": 2}}),
    ("for_nested_loop", "{% for a in [1, 2] %}{% for b in 'xy' %}{{ a }}{{ b }}{{ loop.index }}{% endfor %}{{ loop.index }} {% endfor %}", {}),
    ("for_outer_loop_alias", "{% for a in [1, 2] %}{% set outer = loop %}{% for b in [3] %}{{ outer.index }}{{ loop.index }}{% endfor %}{% endfor %}", {}),
    ("loop_cycle_prev_next", "{% for a in 'xyz' %}{{ loop.cycle('o', 'e') }}{{ loop.previtem }}{{ loop.nextitem }}|{% endfor %}", {}),
    ("loop_changed", "{% for a in [1, 1, 2, 2, 3] %}{% if loop.changed(a) %}{{ a }}{% endif %}{% endfor %}", {}),
    ("loop_break_continue", "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ i }}{% endfor %}", {}),
    ("range_forms", "{{ range(3)|list }} {{ range(1, 4)|list }} {{ range(10, 0, -3)|list }} {{ range(0)|list }}", {}),
    ("loop_over_reversed_messages", "{% for m in messages[::-1] %}{{ m.role }}{{ loop.index0 }}{% endfor %}", {"messages": MSGS}),
    ("loop_unpack_pairs", "{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }}{% endfor %}", {}),
    # if / elif / else
    ("if_elif_else", "{% for i in range(4) %}{% if i == 0 %}zero{% elif i == 1 %}one{% elif i == 2 %}two{% else %}many{% endif %} {% endfor %}", {}),
    # macros and call blocks
    ("macro_defaults", "{% macro m(a, b=2) %}{{ a }}{{ b }}{% endmacro %}{{ m(1) }}{{ m(1, 3) }}{{ m(b=5, a=0) }}[{{ m() }}]", {}),
    ("macro_sees_later_globals", "{% macro m() %}{{ y }}{% endmacro %}{% set y = 1 %}{{ m() }}{% set y = 2 %}{{ m() }}", {}),
    ("macro_recursion", "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}", {}),
    ("macro_varargs_kwargs", "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, x=4) }}", {}),
    ("macro_in_loop_closure", "{% for i in range(2) %}{% macro m() %}{{ i }}{% endmacro %}{{ m() }}{% endfor %}", {}),
    ("call_block", "{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inner{% endcall %}", {}),
    ("call_block_args", "{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(v) each([1, 2]) %}[{{ v }}]{% endcall %}", {}),
    ("filter_block", "{% filter upper %}abc {{ 'def' }}{% endfilter %}", {}),
    ("generation_block", "{% generation %}text {{ 1 }}{% endgeneration %}", {}),
    ("joiner", "{% set pipe = joiner('|') %}{% for i in range(3) %}{{ pipe() }}{{ i }}{% endfor %}", {}),
    # string methods
    ("str_strip", "[{{ '  a b  '.strip() }}][{{ 'xxaxx'.strip('x') }}][{{ '  a'.lstrip() }}][{{ 'a\\n\\n'.rstrip('\\n') }}][{{ '\\u3000a\\u00a0'.strip() }}]", {}),
    ("str_split", "{{ ' a  b '.split() }} {{ 'a,b,,c'.split(',') }} {{ 'a b c'.split(' ', 1) }} {{ 'a b c'.rsplit(' ', 1) }} {{ 'x'.split('y') }} {{ ''.split() }}", {}),
    ("str_startswith", "{{ 'hello'.startswith('he') }} {{ 'hello'.endswith('lo') }} {{ 'hello'.startswith(('x', 'h')) }} {{ 'hello'.startswith('l', 2) }}", {}),
    ("str_case", "{{ 'hELLo wOrld'.upper() }} {{ 'hELLo'.lower() }} {{ 'hello world 1st'.title() }} {{ 'hELLO'.capitalize() }} {{ 'Straße ÉCOLE'.lower() }} {{ 'éa'.upper() }}", {}),
    ("str_replace_find", "{{ 'aaa'.replace('a', 'b', 2) }} {{ 'ab'.replace('', '-') }} {{ 'hello'.find('l') }} {{ 'hello'.rfind('l') }} {{ 'héllo'.find('l') }} {{ 'hello'.count('l') }} {{ 'x'.find('y') }}", {}),
    ("str_join_splitlines", "{{ ', '.join(['a', 'b']) }} {{ 'a\\nb\\r\\nc'.splitlines() }}", {}),
    ("str_predicates", "{{ '123'.isdigit() }} {{ 'abc'.isalpha() }} {{ '  '.isspace() }} {{ 'abc'.islower() }} {{ 'ABC'.isupper() }} {{ ''.isdigit() }}", {}),
    ("str_misc_methods", "{{ 'ab'.center(6, '*') }} {{ 'ab'.ljust(4) }}| {{ '7'.zfill(3) }} {{ 'a=b=c'.partition('=') }} {{ 'hello'.removeprefix('he') }} {{ '{} and {}'.format(1, 'x') }}", {}),
    ("think_split", "{{ c.split('</think>')[-1].lstrip('\\n') }}|{{ c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}", {"c": "<think>\nreason\n</think>\n\nanswer"}),
    # dict and list methods
    ("dict_methods", "{{ d.get('a') }} {{ d.get('zz', 5) }} {{ d.get('zz') }} {{ d.keys()|list }} {{ d.values()|list|length }} {{ d.items()|list|first }}", {"d": D}),
    ("list_methods", "{{ [1, 2, 3].index(2) }} {{ [1, 1, 2].count(1) }}", {}),
    # filters
    ("filter_trim", "[{{ '  x  '|trim }}][{{ 'xxyxx'|trim('x') }}]", {}),
    ("filter_length", "{{ 'héllo'|length }} {{ [1, 2]|length }} {{ d|length }} {{ 'x'|count }}", {"d": D}),
    ("filter_join", "{{ [1, 2, 3]|join(', ') }} {{ ['a', 'b']|join }} {{ [{'a': 1}, {'a': 2}]|join('-', attribute='a') }}", {}),
    ("filter_list", "{{ 'abc'|list }} {{ (1, 2)|list }} {{ {'k': 1}|list }}", {}),
    ("filter_map", "{{ [{'a': 1}, {'a': 2}]|map(attribute='a')|list }} {{ ['a', 'b']|map('upper')|list }} {{ [{'a': 1}, {}]|map(attribute='a', default=0)|list }} {{ ['x,y']|map('replace', ',', ';')|list }}", {}),
    ("filter_selectattr", "{{ messages|selectattr('role', 'equalto', 'user')|list }} {{ messages|rejectattr('role', 'eq', 'user')|map(attribute='content')|list }}", {"messages": MSGS}),
    ("filter_select", "{{ [1, 2, 3, 4]|select('even')|list }} {{ [1, 2, 3]|reject('odd')|list }} {{ [0, 1, '', 'a']|select|list }} {{ [1, 5, 10]|select('gt', 3)|list }}", {}),
    ("filter_tojson", "{{ d|tojson }}|{{ 'é<>&\\'\"'|tojson }}|{{ [1, 2.5, none, true]|tojson }}|{{ 1.0|tojson }}|{{ {}|tojson }}|{{ []|tojson(indent=2) }}", {"d": D}),
    ("filter_tojson_indent", "{{ d|tojson(indent=4) }}\n{{ d|tojson(indent=2, sort_keys=true) }}\n{{ [1, [2, 3]]|tojson(indent=1) }}", {"d": {"z": 1, "a": [1, {"b": None}], "m": {}}}),
    ("filter_tojson_options", "{{ d|tojson(separators=(',', ':')) }}|{{ 'é😀'|tojson(ensure_ascii=true) }}|{{ '\\x01\\x7f\\u2028'|tojson }}", {"d": {"a": [1, 2], "b": "c"}}),
    ("filter_tojson_tool", "{{ tool|tojson }}", {"tool": WEATHER_TOOL}),
    ("filter_string", "{{ 1|string }}{{ none|string }}{{ [1]|string }}{{ 1.0|string }}", {}),
    ("filter_case", "{{ 'hello world'|upper }} {{ 'HELLO'|lower }} {{ \"hello world's-best (x)\"|title }} {{ 'hELLO wORLD'|capitalize }}", {}),
    ("filter_default_chain", "{{ missing|default(none)|string }}", {}),
    ("filter_first_last", "{{ [1, 2, 3]|first }} {{ [1, 2, 3]|last }} {{ 'héllo'|first }} {{ 'héllo'|last }} [{{ []|first }}]", {}),
    ("filter_replace", "{{ 'a-b-c'|replace('-', '+') }} {{ 'aaa'|replace('a', 'b', 2) }}", {}),
    ("filter_numbers", "{{ 3.7|int }} {{ '42'|int }} {{ 'x'|int }} {{ '3.5'|int }} {{ ' 0x1A '|int(base=16) }} {{ '3.5'|float }} {{ 3|float }} {{ 'x'|float }} {{ -3|abs }} {{ -2.5|abs }}", {}),
    ("filter_round", "{{ 2.5|round }} {{ 3.5|round }} {{ 3.14159|round(2) }} {{ 2.675|round(2) }} {{ 3|round }} {{ 3.2|round(method='ceil') }} {{ 3.8|round(method='floor') }}", {}),
    ("filter_sort_unique", "{{ [3, 1, 2]|sort }} {{ ['B', 'a', 'C']|sort }} {{ ['B', 'a', 'C']|sort(case_sensitive=true) }} {{ [3, 1, 2]|sort(reverse=true) }} {{ [1, 2, 1, 3]|unique|list }} {{ ['a', 'A', 'b']|unique|list }}", {}),
    ("filter_sort_attribute", "{{ items|sort(attribute='n')|map(attribute='v')|join }}", {"items": [{"n": 2, "v": "b"}, {"n": 1, "v": "a"}, {"n": 3, "v": "c"}]}),
    ("filter_dictsort", "{{ {'b': 1, 'a': 2}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value') }} {{ {'b': 1, 'A': 2}|dictsort(reverse=true) }}", {}),
    ("filter_items", "{% for k, v in d|items %}{{ k }}{{ v }}{% endfor %}{{ missing|items|list }}", {"d": {"p": 1, "q": 2}}),
    ("filter_reverse", "{{ 'abc'|reverse }} {{ [1, 2, 3]|reverse|list }}", {}),
    ("filter_min_max_sum", "{{ [3, 1, 2]|min }} {{ [3, 1, 2]|max }} {{ ['b', 'A']|max }} {{ [1, 2, 3]|sum }} {{ [{'v': 1}, {'v': 2}]|sum(attribute='v') }} {{ [1.5, 2]|sum(start=10) }}", {}),
    ("filter_indent", "{{ 'a\\nb\\n'|indent(2) }}|{{ 'a\\nb'|indent(2, true) }}|{{ 'a\\n\\nb'|indent(2, blank=true) }}|{{ 'a\\nb'|indent('> ') }}", {}),
    ("filter_center_wordcount", "[{{ 'x'|center(5) }}] {{ 'one two, three'|wordcount }}", {}),
    ("filter_escape", "{{ '<a href=\"x\">&\\'</a>'|e }} {{ '<b>'|safe }}", {}),
    ("filter_format", "{{ '%s-%s'|format('a', 1) }}", {}),
    ("filter_truncate", "{{ 'hello world foo bar'|truncate(11) }}|{{ 'hello world foo bar'|truncate(11, true) }}|{{ 'short'|truncate(10) }}", {}),
    ("filter_batch", "{{ [1, 2, 3, 4, 5]|batch(2)|list }} {{ [1, 2, 3]|batch(2, 'x')|list }}", {}),
    ("filter_groupby", "{% for g, xs in items|groupby('k') %}{{ g }}:{{ xs|map(attribute='v')|join }};{% endfor %}", {"items": [{"k": "b", "v": 1}, {"k": "a", "v": 2}, {"k": "b", "v": 3}]}),
    ("filter_chain", "{{ messages|map(attribute='content')|map('upper')|join(' / ') }}", {"messages": MSGS}),
    ("filter_striptags", "{{ '<p>Hello   <b>world</b></p>'|striptags }}", {}),
    # tests
    ("tests_types", "{{ none is none }} {{ 1 is number }} {{ true is number }} {{ true is integer }} {{ 1 is integer }} {{ 1.0 is float }} {{ 'a' is string }} {{ {} is mapping }} {{ [] is sequence }} {{ 'a' is sequence }} {{ 1 is iterable }} {{ true is boolean }} {{ 1 is boolean }}", {}),
    ("tests_values", "{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ 'abc' is lower }} {{ 'ABC' is upper }} {{ true is true }} {{ 1 is true }} {{ false is false }}", {}),
    ("tests_compare", "{{ 1 is eq 1 }} {{ 1 is equalto 2 }} {{ 2 is gt 1 }} {{ 2 is ge 2 }} {{ 1 is lt 2 }} {{ 1 is le 0 }} {{ 1 is ne 2 }} {{ 1 is in [1] }}", {}),
    ("tests_negated", "{{ 1 is not none }} {{ missing is not defined }} {{ not 1 is none }}", {}),
    ("tests_callable_filter", "{{ range is callable }} {{ 'upper' is filter }} {{ 'nope' is filter }} {{ 'odd' is test }} {{ none is sameas none }}", {}),
    ("test_is_string_content", "{% for m in messages %}{{ m.content is string }}{% endfor %}", {"messages": MSGS + [{"role": "user", "content": [{"type": "text", "text": "x"}]}]}),
    # globals
    ("raise_exception_unused", "{% if false %}{{ raise_exception('never') }}{% endif %}ok", {}),
    ("strftime_is_defined", "{{ strftime_now is defined }} {{ strftime_now('%Y')|length }}", {}),
    ("tools_and_documents_are_none", "{{ tools is none }} {{ documents is none }} {{ tools is defined }}", {}),
    ("dict_global", "{{ dict(a=1, b=2) }} {{ dict([('x', 1)]) }}", {}),
    ("add_generation_prompt_variable", "{{ add_generation_prompt }}{{ bos_token }}{{ eos_token }}", {}),
    # errors: syntax (reported when the template is parsed)
    ("error_unclosed_block", "{% if true %}never closed", {}),
    ("error_unclosed_variable", "line one\n{{ x", {}),
    ("error_unknown_filter", "a\n\n{{ x|nosuchfilter }}", {}),
    ("error_unknown_filter_dead_branch", "{% if false %}{{ x|nosuchfilter }}{% endif %}", {}),
    ("error_unknown_test", "{{ x is nosuchtest }}", {}),
    ("error_unknown_tag", "ok\n{% frobnicate %}", {}),
    ("error_mismatched_end", "{% if true %}\n{% endfor %}", {}),
    ("error_bad_expression", "{{ 1 + }}", {}),
    ("error_unexpected_char", "{{ 1 $ 2 }}", {}),
    ("error_unterminated_string", "{{ 'abc }}", {}),
    ("error_unbalanced_brackets", "{{ (1, 2] }}", {}),
    ("error_unclosed_comment", "a {# no end", {}),
    ("error_break_outside_loop", "{% break %}", {}),
    ("error_macro_default_order", "{% macro m(a=1, b) %}{% endmacro %}", {}),
    ("error_else_without_if", "text\n{% else %}", {}),
    ("error_extends_not_supported", "{% extends 'base.html' %}", {}),
    ("error_assign_to_literal", "{% set 1 = 2 %}", {}),
    # errors: runtime (reported when rendering)
    ("error_raise_exception", "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}", {}),
    ("error_undefined_attribute_chain", "{{ missing.attr }}", {}),
    ("error_undefined_item", "{{ missing['x'] }}", {}),
    ("error_undefined_arithmetic", "{{ missing + 1 }}", {}),
    ("error_str_plus_int", "{{ 'a' + 1 }}", {}),
    ("error_int_plus_str", "{{ 1 + 'a' }}", {}),
    ("error_compare_types", "{{ 1 < 'a' }}", {}),
    ("error_division_by_zero", "{{ 1 / 0 }}", {}),
    ("error_not_iterable", "{% for x in 5 %}{% endfor %}", {}),
    ("error_call_non_callable", "{{ 'x'() }}", {}),
    ("error_call_undefined", "{{ nothing() }}", {}),
    ("error_mutating_method", "{{ [1].append(2) }}", {}),
    ("error_tojson_undefined", "{{ missing|tojson }}", {}),
    ("error_range_too_big", "{{ range(100001)|length }}", {}),
    ("error_macro_too_many_args", "{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}", {}),
    ("error_unpack_mismatch", "{% set a, b = [1, 2, 3] %}", {}),
    ("error_set_attr_on_non_namespace", "{% set x = 1 %}{% set x.y = 2 %}", {}),
    ("error_items_of_list", "{{ [1]|items|list }}", {}),
    ("error_in_int", "{{ 1 in 5 }}", {}),
    ("error_int_in_string", "{{ 1 in 'abc' }}", {}),
    ("error_messages_index_missing", "{{ messages[0]['role'] }}", {}),
]


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def main():
    expected_dir = TEMPLATES / "expected"
    expected_dir.mkdir(exist_ok=True)
    write_json(TEMPLATES / "scenarios.json", sorted_keys(SCENARIOS))

    templates = sorted(TEMPLATES.glob("*.jinja"))
    for path in templates:
        source = path.read_text(encoding="utf-8")
        cases = []
        for name, scenario in SCENARIOS.items():
            for add_generation_prompt in (False, True):
                result = render(source, scenario["messages"], scenario["bos_token"], scenario["eos_token"],
                                add_generation_prompt, scenario["extra"])
                cases.append({"scenario": name, "add_generation_prompt": add_generation_prompt, **result})
        write_json(expected_dir / (path.stem + ".json"), {"template": path.name, "cases": cases})

    features = []
    names = set()
    for name, source, extra in FEATURES:
        assert name not in names, name
        names.add(name)
        extra = dict(extra)
        messages = extra.pop("messages", [])
        result = render(source, messages, "<s>", "</s>", False, extra)
        features.append({"name": name, "template": source, "messages": sorted_keys(messages),
                         "extra": sorted_keys(extra), **result})
    write_json(TEMPLATES / "features.json", features)

    # The seed corpus of tests/fuzz/fuzz_template.cpp: every template above.
    corpus = ROOT / "tests" / "fuzz" / "corpus" / "template"
    corpus.mkdir(parents=True, exist_ok=True)
    for path in templates:
        (corpus / path.name).write_bytes(path.read_bytes())
    for name, source, _ in FEATURES:
        (corpus / (name + ".jinja")).write_text(source, encoding="utf-8")
    print(f"{len(templates)} templates x {2 * len(SCENARIOS)} renders, {len(features)} feature cases", file=sys.stderr)


if __name__ == "__main__":
    main()
