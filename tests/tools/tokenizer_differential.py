#!/usr/bin/env python3
"""Differential test of moechat's tokenizer (backend/tokenizer.cpp) against transformers.

Developer tool, not run by CI (see tests/tools/README.md). It trains a few small Llama/Mistral-
like sentencepiece models, writes model folders with tokenizer_config.json variants, and compares
for random and hand-picked texts:

- encode: moe::Tokenizer::encode (with and without special tokens) against LlamaTokenizerFast
  converted from tokenizer.model with the same tokenizer_config.json (what a Llama/Mistral/
  Mixtral checkpoint's tokenizer.json holds), and notes where the slow LlamaTokenizer differs;
- decode: for random id sequences, moe::Tokenizer::decode and the concatenated pieces of
  moe::StreamDecoder (as the engine streams generated ids) against the fast tokenizer's
  decode(ids) with special tokens kept; every streamed piece must be valid UTF-8.

moe::Tokenizer is driven through tests/tools/tokenizer_driver.cpp, compiled here with g++
straight from backend/tokenizer.cpp (and json_file.cpp); a sample of encodes is cross-checked with
`moechat-cli tokenize` when --cli points at a built moechat-cli.

Mismatches are minimised (characters dropped while the mismatch persists) and written to
--out (JSON). Exit status 1 when any encode or decode mismatch remains.

    python3 -m venv /tmp/tokvenv
    /tmp/tokvenv/bin/pip install "transformers>=4.46,<5" sentencepiece tokenizers protobuf
    /tmp/tokvenv/bin/python tests/tools/tokenizer_differential.py \
        --cli build/backend/cli/moechat-cli --cases 400
"""
import argparse
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import sentencepiece as spm
import transformers
from transformers import LlamaTokenizer, LlamaTokenizerFast

ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------------------------
# The C++ side

def build_driver(out_path):
    cmd = ["g++", "-std=c++20", "-O1", "-I", str(ROOT / "backend"),
           str(ROOT / "tests/tools/tokenizer_driver.cpp"), str(ROOT / "backend/tokenizer.cpp"),
           str(ROOT / "backend/json_file.cpp"), "-lsentencepiece", "-o", str(out_path)]
    subprocess.run(cmd, check=True)


class Driver:
    def __init__(self, path):
        self.proc = subprocess.Popen([str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8", bufsize=1)

    def ask(self, request):
        self.proc.stdin.write(json.dumps(request, ensure_ascii=True) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def encode(self, model_dir, text, add_special=True):
        answer = self.ask({"model": str(model_dir), "op": "encode", "text": text,
                           "add_special": add_special})
        return answer.get("ids", "error: " + answer.get("error", "?"))

    def decode(self, model_dir, ids):
        return self.ask({"model": str(model_dir), "op": "decode", "ids": ids})


def cli_encode(cli, model_dir, text):
    out = subprocess.run([str(cli), "tokenize", "--model", str(model_dir), "--text", text],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return "error: " + out.stderr.strip()
    return [int(t) for t in out.stdout.split()]

# ---------------------------------------------------------------------------------------------
# Sentencepiece models

WORDS = ("the quick brown fox jumps over a lazy dog while seven wizards quietly hex jumbo "
         "Hello world tokenizer Mixtral Mistral Llama model expert router attention layer "
         "def return import class self print value None True False for while if else").split()
UNICODE_WORDS = ["café", "naïve", "résumé", "Übermaß", "日本語", "テキスト", "你好", "世界",
                 "Ελληνικά", "русский", "текст", "עברית", "العربية", "한국어", "😀", "🎉"]


def pseudo_words(rng, n):
    """Made-up words, so that a bigger vocabulary has merges to learn."""
    onsets = ["", "b", "br", "c", "ch", "d", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "pr",
              "qu", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "z"]
    return ["".join(rng.choice(onsets) + rng.choice("aeiouy") + rng.choice(["", "n", "r", "s", "t", "ck"])
                    for _ in range(rng.randint(1, 4))) for _ in range(n)]


def corpus(seed, rich=False):
    rng = random.Random(seed)
    lines = []
    if rich:
        vocab = pseudo_words(rng, 3000)
        for _ in range(6000):
            lines.append(" ".join(rng.choice(vocab) if rng.random() < 0.9 else rng.choice(WORDS)
                                  for _ in range(rng.randint(3, 16))))
    for _ in range(3000):
        n = rng.randint(3, 14)
        words = [rng.choice(WORDS) if rng.random() < 0.85 else rng.choice(UNICODE_WORDS) for _ in range(n)]
        line = " ".join(words)
        if rng.random() < 0.2:
            line += " " + str(rng.randint(0, 99999))
        if rng.random() < 0.1:
            line = "    " + line  # indented code-ish lines give whitespace pieces
        if rng.random() < 0.1:
            line = line.replace(" ", "\t", 1)
        lines.append(line)
    return lines


def train(path, model_type, vocab, seed, control=(), user_defined=(), rich=False):
    """Llama-like: <unk>=0 <s>=1 </s>=2, byte fallback, digits split, identity normalisation,
    whitespace kept, dummy prefix on."""
    out = io.BytesIO()
    kwargs = {}
    if control:
        kwargs["control_symbols"] = list(control)
    if user_defined:
        kwargs["user_defined_symbols"] = list(user_defined)
    if model_type == "unigram":
        kwargs["hard_vocab_limit"] = False
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus(seed, rich)), model_writer=out, model_type=model_type,
        vocab_size=vocab, character_coverage=0.999, byte_fallback=True, split_digits=True,
        allow_whitespace_only_pieces=True, normalization_rule_name="identity",
        remove_extra_whitespaces=False, add_dummy_prefix=True, unk_id=0, bos_id=1, eos_id=2,
        pad_id=-1, unk_surface=" \u2047 ", max_sentence_length=4192, num_threads=1,
        minloglevel=2, **kwargs)
    path.write_bytes(out.getvalue())


MODELS = {
    # name: (model_type, vocab, control symbols, user-defined symbols)
    "bpe400": ("bpe", 400, (), ()),
    "bpe800": ("bpe", 800, ("[INST]", "[/INST]", "[TOOL_CALLS]"), ("<|im_start|>", "<|im_end|>")),
    "unigram400": ("unigram", 400, (), ()),
    "bpe4000": ("bpe", 4000, (), ()),  # trained on made-up words too: many merges
}


def entry(content, special=True, normalized=None, lstrip=False, rstrip=False, single_word=False):
    return {"content": content, "lstrip": lstrip,
            "normalized": (not special) if normalized is None else normalized,
            "rstrip": rstrip, "single_word": single_word, "special": special}


def config_variants(sp, model_name):
    """tokenizer_config.json variants (None: no file at all)."""
    n = sp.get_piece_size()
    base_decoder = {"0": entry("<unk>"), "1": entry("<s>"), "2": entry("</s>")}
    for i in range(n):
        if sp.is_control(i) and i > 2:  # Mistral v3 style: control pieces listed as special
            base_decoder[str(i)] = entry(sp.id_to_piece(i))

    def cfg(decoder=None, **over):
        c = {"add_bos_token": True, "add_eos_token": False,
             "added_tokens_decoder": dict(base_decoder if decoder is None else decoder),
             "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": None,
             "clean_up_tokenization_spaces": False, "legacy": True, "model_max_length": 4096,
             "sp_model_kwargs": {}, "spaces_between_special_tokens": False,
             "tokenizer_class": "LlamaTokenizer"}
        c.update(over)
        return c

    def with_added(*entries):
        # New tokens take the ids after the vocabulary; one the model already has (a
        # user-defined piece) keeps its own id, as transformers assigns them.
        decoder = dict(base_decoder)
        next_id = n
        for e in entries:
            own = sp.piece_to_id(e["content"])
            if own != sp.unk_id():
                decoder[str(own)] = e
            else:
                decoder[str(next_id)] = e
                next_id += 1
        return decoder

    extra = with_added(entry("<|im_start|>"), entry("<|im_end|>"),
                       entry("<tool>", special=False, normalized=False),
                       entry("<think>", special=False))  # normalized, as add_tokens gives
    strip = with_added(entry("<|im_start|>", lstrip=True), entry("<|im_end|>", rstrip=True),
                       entry("[SEP]", lstrip=True, rstrip=True))
    # Older Llama-2 folders list <unk>/<s>/</s> as normalized; a space inside a token's content.
    normalized_special = {k: dict(v, normalized=True) for k, v in base_decoder.items()}
    spaced = with_added(entry("<my tok>", special=False), entry("[END OF TEXT]", special=True),
                        entry("<think>", special=False, lstrip=True, rstrip=True))
    single = with_added(entry("<tool>", special=True, single_word=True))
    variants = {
        "legacy": cfg(),
        "legacy_false": cfg(legacy=False),
        "eos_no_bos": cfg(add_bos_token=False, add_eos_token=True),
        "added": cfg(extra),
        "added_legacy_false": cfg(extra, legacy=False),
        "strip": cfg(strip),
        "strip_legacy_false": cfg(strip, legacy=False),
        "normalized_special": cfg(normalized_special),
        "normalized_special_legacy_false": cfg(normalized_special, legacy=False),
        "spaced": cfg(spaced),
        "spaced_legacy_false": cfg(spaced, legacy=False),
        "single_word": cfg(single),
        # add_prefix_space=false: no dummy prefix anywhere, no leading space stripped on decode
        "no_prefix_space": cfg(extra, add_prefix_space=False),
        "no_prefix_space_legacy_false": cfg(extra, legacy=False, add_prefix_space=False),
        # decode applies transformers' clean_up_tokenization (" ," -> "," ...)
        "clean_up": cfg(extra, clean_up_tokenization_spaces=True),
        "no_config": None,
    }
    if model_name in ("unigram400", "bpe4000"):
        for k in ("added_legacy_false", "strip_legacy_false", "eos_no_bos", "spaced_legacy_false",
                  "normalized_special_legacy_false", "no_prefix_space_legacy_false"):
            del variants[k]
    return variants, sorted({v["content"] for c in variants.values() if c
                             for v in c["added_tokens_decoder"].values()})


def write_folder(path, sp_model, config):
    path.mkdir(parents=True)
    shutil.copy(sp_model, path / "tokenizer.model")
    if config is not None:
        (path / "tokenizer_config.json").write_text(json.dumps(config, indent=1))

# ---------------------------------------------------------------------------------------------
# Texts

FIXED_TEXTS = [
    "", " ", "  ", "\n", "\t", " \n ", "Hello", " Hello", "  Hello", "Hello ", "Hello  world",
    "Hello\nworld", "Hello\n\n world", "\tindented\n\tcode", "1234567890", "3.14159", "x=1+2",
    "▁", "▁Hello", "Hello▁world", " ▁ ", "▁▁", "<s>", "</s>", "<unk>", "<s>Hello", "Hello</s>",
    "Hello </s> world", "Hello</s>world", "</s></s>", "</s> </s>", " </s>", "</s> ", "</s>\n",
    "<s> Hello", "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
    "<|im_start|> user", "a<|im_end|>b", "a <|im_end|> b", "[INST] Hi [/INST]", "[INST]Hi[/INST]",
    " [INST] x", "[TOOL_CALLS][{}]", "<tool>", "a<tool>b", "a <tool> b", " <tool>", "<think>",
    "a<think>b", "a <think> b", " <think>", "<think> x", "[SEP]", "a [SEP] b", "a[SEP]b",
    "a <my tok> b", "<my tok>", "x<my tok>", "[END OF TEXT]", "a [END OF TEXT]b", "é [SEP]",
    "\u3000[SEP]\u2028", "a\u200b[SEP]", "<tool>x", "x<tool>", "x <tool> y", "é<tool>", "_<tool>",
    "<|im_start", "</s", "<s", "<", ">", "<<s>>", "<s><s>", "Café naïve", "日本語のテキスト",
    "😀🎉🚀", "👩‍👩‍👧‍👦", "🇯🇵🇫🇷", "👍🏽", "e\u0301", "a\u0300\u0301\u0302", "עברית ו-English",
    "مرحبا بالعالم", "\u200b", "\ufeff", "\u00a0", "\u3000", "\r\n", "\x0b\x0c", "\x00", "\x7f",
    "\U0010ffff", "\ue000", "ﬁ", "Ⅻ", "①", "ｈｅｌｌｏ",
]

PIECES = (
    ["the", "quick", "Hello", "world", "model", "x", "a", "I", "def", "return", "(", ")", ":",
     ",", ".", "!", "?", "-", "'", '"', "{", "}", "/", "\\", "_", "=", "+"] +
    ["0", "7", "42", "2024", "3.14", "1,000"] +
    [" ", " ", " ", "  ", "   ", "\n", "\n\n", "\t", " \n", "\r"] +
    ["▁", "▁▁"] +
    [" .", " ,", " !", " ?", " ' ", " n't", " 's", " 're", " 've", " 'm", "'"] +
    UNICODE_WORDS + ["e\u0301", "👩‍💻", "🇺🇸", "\u200d", "\u00a0", "ﬀ", "\U0001F9E0", "\u0627\u0644"]
)


def random_text(rng, tokens):
    parts = []
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.08:
            parts.append(rng.choice(["", " "]) + pseudo_words(rng, 1)[0])
        elif r < 0.18:
            parts.append(rng.choice(tokens))
        elif r < 0.23:
            t = rng.choice(tokens)
            parts.append(t[:rng.randint(1, max(1, len(t) - 1))])  # a partial token
        elif r < 0.27:
            parts.append(chr(rng.choice([rng.randint(0x20, 0x7e), rng.randint(0xa0, 0x2fff),
                                         rng.randint(0x4e00, 0x9fff), rng.randint(0x1f300, 0x1faff),
                                         rng.randint(1, 0x1f)])))
        else:
            parts.append(rng.choice(PIECES))
    return "".join(parts)

# ---------------------------------------------------------------------------------------------
# Comparison


def minimise(text, differs):
    """Shortest text found by dropping characters (then chunks) while `differs` holds."""
    changed = True
    while changed:
        changed = False
        for size in (8, 4, 2, 1):
            i = 0
            while i < len(text):
                candidate = text[:i] + text[i + size:]
                if candidate != text and differs(candidate):
                    text = candidate
                    changed = True
                else:
                    i += 1
    return text


FIXTURE_TEXTS = [
    "", " ", "Hello  world", " Hello", "\tindented\n", "▁Hello", "Hello</s>world", "Hello </s> world",
    "<s>Hello", "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", "a<|im_end|>b",
    "a <|im_end|> b", "\n<|im_start|> x", "[INST] Hi [/INST]", "[INST]Hi[/INST]", "x[TOOL_CALLS] y",
    "<tool>", "a<tool>b", "a <tool> b", "é<tool>", "x <tool>y", "<think>", "a<think>b", "a <think> b",
    " <think>", "<think> x", "<think>😀", "a [SEP] b", "a\u3000[SEP]\u2028b", "é [SEP]\n",
    "a <my tok> b", "x<my tok>", "a [END OF TEXT]b", "a<unk>b", "a <unk> b", "o<s> ",
]


def write_fixture(out_dir, work):
    """tests/data/tokenizers/spm-symbols: a tiny BPE model with control and user-defined pieces,
    and transformers' ids for FIXTURE_TEXTS under each tokenizer_config.json variant."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sp_path = out_dir / "tokenizer.model"
    train(sp_path, "bpe", 420, seed=7, control=("[INST]", "[/INST]", "[TOOL_CALLS]"),
          user_defined=("<|im_start|>", "<|im_end|>"))
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    variants, _ = config_variants(sp, "fixture")
    cases = {"transformers": transformers.__version__, "tokenizers": __import__("tokenizers").__version__,
             "note": "ids: LlamaTokenizerFast(from_slow=True) with this tokenizer_config.json "
                     "(none when config is null); made by tests/tools/tokenizer_differential.py "
                     "--write-fixture", "variants": {}}
    for name, config in variants.items():
        folder = work / f"fixture-{name}"
        write_folder(folder, sp_path, config)
        fast = LlamaTokenizerFast.from_pretrained(folder, from_slow=True)
        cases["variants"][name] = {"config": config,
                                   "ids": [fast(t)["input_ids"] for t in FIXTURE_TEXTS]}
    cases["texts"] = FIXTURE_TEXTS
    (out_dir / "cases.json").write_text(json.dumps(cases, ensure_ascii=False, separators=(",", ":")) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=300, help="random texts per folder")
    ap.add_argument("--decodes", type=int, default=300, help="random id sequences per folder")
    ap.add_argument("--seed", type=int, default=20241126)
    ap.add_argument("--cli", type=Path, help="moechat-cli to cross-check a sample of encodes with")
    ap.add_argument("--out", type=Path, default=Path("/tmp/tokenizer_differential.json"))
    ap.add_argument("--only", help="comma-separated model names")
    ap.add_argument("--write-fixture", type=Path, metavar="DIR",
                    help="write the regression fixture (tests/data/tokenizers/spm-symbols) and exit")
    args = ap.parse_args()
    if int(transformers.__version__.split(".")[0]) >= 5:
        print(f"note: transformers {transformers.__version__}; the reference is transformers 4 "
              "(see tests/tools/README.md, 'transformers 4, not 5')", file=sys.stderr)

    work = Path(tempfile.mkdtemp(prefix="tokdiff-"))
    if args.write_fixture:
        write_fixture(args.write_fixture, work)
        shutil.rmtree(work, ignore_errors=True)
        return 0
    driver_path = work / "tokenizer_driver"
    build_driver(driver_path)
    driver = Driver(driver_path)
    rng = random.Random(args.seed)

    report = {"transformers": transformers.__version__, "sentencepiece": spm.__version__,
              "folders": {}, "encode_mismatches": [], "decode_mismatches": [],
              "slow_vs_fast": [], "cli_mismatches": []}
    totals = {"encode": 0, "decode": 0}
    models = MODELS if not args.only else {k: MODELS[k] for k in args.only.split(",")}
    for model_name, (model_type, vocab, control, user_defined) in models.items():
        sp_path = work / f"{model_name}.model"
        train(sp_path, model_type, vocab, seed=sum(map(ord, model_name)), control=control,
              user_defined=user_defined, rich=vocab > 1000)
        sp = spm.SentencePieceProcessor(model_file=str(sp_path))
        variants, added_strings = config_variants(sp, model_name)
        token_strings = sorted(set(added_strings) | {"<s>", "</s>", "<unk>", "<|im_start|>", "<|im_end|>",
                                                      "[INST]", "[/INST]", "<tool>", "<think>", "[SEP]",
                                                      "<my tok>", "[END OF TEXT]"})
        for variant, config in variants.items():
            folder = work / f"{model_name}-{variant}"
            write_folder(folder, sp_path, config)
            fast = LlamaTokenizerFast.from_pretrained(folder, from_slow=True)
            slow = LlamaTokenizer.from_pretrained(folder)
            label = f"{model_name}/{variant}"
            texts = list(FIXED_TEXTS) + [random_text(rng, token_strings) for _ in range(args.cases)]
            n_enc = n_bad = 0
            for text in texts:
                for add_special in (True, False):
                    want = fast(text, add_special_tokens=add_special)["input_ids"]
                    got = driver.encode(folder, text, add_special)
                    n_enc += 1
                    if add_special:
                        slow_ids = slow(text)["input_ids"]
                        if slow_ids != want:
                            report["slow_vs_fast"].append({"folder": label, "text": text,
                                                           "fast": want, "slow": slow_ids})
                    if got == want:
                        continue
                    n_bad += 1

                    def differs(t, add_special=add_special):
                        return driver.encode(folder, t, add_special) != \
                            fast(t, add_special_tokens=add_special)["input_ids"]
                    small = minimise(text, differs)
                    report["encode_mismatches"].append({
                        "folder": label, "add_special": add_special, "text": text, "minimal": small,
                        "transformers": fast(small, add_special_tokens=add_special)["input_ids"],
                        "ours": driver.encode(folder, small, add_special),
                        "transformers_pieces": fast.convert_ids_to_tokens(
                            fast(small, add_special_tokens=add_special)["input_ids"])})
            if args.cli:
                for text in texts[:: max(1, len(texts) // 25)]:
                    if "\x00" in text:
                        continue
                    via_cli = cli_encode(args.cli, folder, text)
                    if via_cli != driver.encode(folder, text, True):
                        report["cli_mismatches"].append({"folder": label, "text": text,
                                                         "cli": via_cli})

            # Decode: random ids as a model would generate them.
            size = len(fast)
            byte_ids = [i for i in range(sp.get_piece_size()) if sp.is_byte(i)]
            special_ids = sorted(set(fast.all_special_ids) | set(range(sp.get_piece_size(), size)))
            normal = [i for i in range(sp.get_piece_size()) if not sp.is_byte(i) and i not in special_ids]
            utf8_runs = [fast.convert_tokens_to_ids([f"<0x{b:02X}>" for b in ch.encode()])
                         for ch in "é日😀👍🏽\U0010ffff"]
            n_dec = d_bad = 0
            for round_ in range(args.decodes):
                ids = []
                if round_ % 3 == 0:  # the ids of a text, as a model continues a prompt
                    ids = fast(random_text(rng, token_strings))["input_ids"][rng.randint(0, 2):]
                for _ in range(rng.randint(1, 20) if round_ % 3 else 0):
                    r = rng.random()
                    if r < 0.2:
                        ids.append(rng.choice(byte_ids))
                    elif r < 0.35:
                        ids.extend(rng.choice(utf8_runs))
                    elif r < 0.45:
                        ids.append(rng.choice(special_ids))
                    elif r < 0.48:
                        ids.append(rng.randrange(size, size + 50))  # no token for this id
                    else:
                        ids.append(rng.choice(normal))
                n_dec += 1
                want = fast.decode(ids, skip_special_tokens=False)
                got = driver.decode(folder, ids)
                if "error" in got:
                    problems = ["error: " + got["error"]]
                else:
                    pieces = [bytes.fromhex(h) for h in got["stream_hex"] + [got["flush_hex"]]]
                    problems = []
                    for p in pieces:
                        try:
                            p.decode("utf-8")
                        except UnicodeDecodeError:
                            problems.append(f"streamed piece {p!r} is not UTF-8")
                    streamed = b"".join(pieces).decode("utf-8", "replace")
                    decoded = bytes.fromhex(got["decode_hex"]).decode("utf-8", "replace")
                    if decoded != want:
                        problems.append(f"decode {decoded!r}")
                    if streamed != want:
                        problems.append(f"stream {streamed!r}")
                if problems:
                    d_bad += 1
                    report["decode_mismatches"].append({"folder": label, "ids": ids,
                                                        "transformers": want, "problems": problems})
            report["folders"][label] = {"encodes": n_enc, "encode_mismatches": n_bad,
                                        "decodes": n_dec, "decode_mismatches": d_bad}
            totals["encode"] += n_enc
            totals["decode"] += n_dec
            args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
            print(f"{label:32s} encodes {n_enc:5d} mismatches {n_bad:4d}   "
                  f"decodes {n_dec:4d} mismatches {d_bad:4d}", flush=True)

    report["totals"] = totals
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(f"{totals['encode']} encodes, {totals['decode']} decodes; "
          f"{len(report['encode_mismatches'])} encode and {len(report['decode_mismatches'])} decode "
          f"mismatches, {len(report['slow_vs_fast'])} slow-vs-fast differences, "
          f"{len(report['cli_mismatches'])} CLI-vs-driver differences -> {args.out}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if report["encode_mismatches"] or report["decode_mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
