#!/usr/bin/env python3
"""Builds moechat's golden fixtures with Hugging Face transformers (the canonical implementation).

Writes, relative to the repository root:
  tests/data/tiny-mixtral/   tiny random MixtralForCausalLM (bf16, sharded safetensors),
                             tokenizer.model, tokenizer_config.json (Zephyr-style template,
                             added special tokens <|system|> <|user|> <|assistant|>)
  tests/data/tiny-dense/     tiny random MistralForCausalLM (f16, sliding window 8),
                             same tokenizer.model, Mistral-Instruct template
  */reference/manifest.json  prompts, ids, greedy continuations, logits file names
  */reference/*.f32          float32 little-endian logits, row-major [rows, vocab]
  tests/data/tiny-mixtral/reference/tokenizer_cases.json
                             transformers' ids and decodes for many strings
  resources/demo-model/      a bigger random Mixtral for the no-download demo

The references are computed in float32: each checkpoint is loaded back from disk with
torch_dtype=float32, so they measure the arithmetic and not the storage dtype.

Usage (see tests/tools/README.md):
  python3 -m venv /tmp/pyref
  /tmp/pyref/bin/pip install torch transformers sentencepiece safetensors numpy protobuf
  /tmp/pyref/bin/python tests/tools/make_fixtures.py
"""
import io
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import sentencepiece as spm
import torch
import transformers
from transformers import (LlamaTokenizer, LlamaTokenizerFast, MistralConfig,
                          MistralForCausalLM, MixtralConfig, MixtralForCausalLM)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEED = 20240417
SP_VOCAB = 384
GREEDY_TOKENS = 32
# Greedy fixtures keep every step's top-2 logit gap above this, so an fp32 implementation that
# sums in another order (errors ~1e-6) cannot flip an argmax.
MIN_MARGIN = 2e-3
DEMO_EOS_SCALE = 0.5  # the demo model's EOS row: sampled now and then, so answers end

ZEPHYR_TEMPLATE = (
    "{% for message in messages %}\n"
    "{% if message['role'] == 'user' %}\n"
    "{{ '<|user|>\n' + message['content'] + eos_token }}\n"
    "{% elif message['role'] == 'system' %}\n"
    "{{ '<|system|>\n' + message['content'] + eos_token }}\n"
    "{% elif message['role'] == 'assistant' %}\n"
    "{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n"
    "{% endif %}\n"
    "{% if loop.last and add_generation_prompt %}\n"
    "{{ '<|assistant|>' }}\n"
    "{% endif %}\n"
    "{% endfor %}")

MISTRAL_INSTRUCT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
    "{% endif %}"
    "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
    "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}"
    "{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}"
    "{% endif %}{% endfor %}")

ADDED_TOKENS = ["<|system|>", "<|user|>", "<|assistant|>"]

# Training text: plain English plus a little accented Latin; CJK and emoji occur too rarely
# to get pieces of their own, so they exercise byte fallback.
CORPUS_SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "A mixture of experts routes every token to two of its eight experts.",
    "Hello, how are you today? I am fine, thank you.",
    "Please write a short poem about the sea and the wind.",
    "The model runs on the local machine and nothing leaves it.",
    "Tokens are pieces of words; the tokenizer splits text into tokens.",
    "What is the capital of France? The capital of France is Paris.",
    "Numbers like 42, 1999 and 3.14159 are split into single digits.",
    "She said: \"It's a beautiful day in the neighbourhood!\"",
    "Write a function that returns the sum of two numbers.",
    "The weather is cold in winter and warm in summer.",
    "Café, naïve, résumé, façade and Übermaß are words with accents.",
    "El niño comió una manzana en la mañana.",
    "Les élèves étudient à l'école près de la forêt.",
    "Grüße aus München, schöne Grüße!",
    "Attention, experts, routers and norms make up a transformer layer.",
    "User: tell me a story. Assistant: once upon a time there was a tiny model.",
    "System prompts tell the assistant how to behave.",
    "He walked along the river, thinking about the long road home.",
    "Do you like apples, bananas or oranges?",
]
RARE_SENTENCES = [
    "日本語のテキストも少しあります。",
    "你好，世界！",
    "Emoji: 😀 🎉 🚀",
    "Ελληνικά και русский текст.",
]


def corpus_lines():
    rng = random.Random(SEED)
    lines = []
    for _ in range(60):
        lines.extend(CORPUS_SENTENCES)
    words = " ".join(CORPUS_SENTENCES).split()
    for _ in range(400):
        lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))))
    lines.extend(RARE_SENTENCES)
    rng.shuffle(lines)
    return lines


def train_tokenizer(workdir):
    """A Llama-like sentencepiece BPE model: <unk>=0 <s>=1 </s>=2, byte fallback, digits split,
    identity normalisation, no whitespace collapsing, dummy prefix on. Trained from memory so the
    model file records no temporary paths and reruns give identical bytes."""
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus_lines()), model_writer=model, model_type="bpe",
        vocab_size=SP_VOCAB, character_coverage=0.995, byte_fallback=True, split_digits=True,
        allow_whitespace_only_pieces=True, normalization_rule_name="identity",
        remove_extra_whitespaces=False, add_dummy_prefix=True,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, unk_surface=" \u2047 ",
        max_sentence_length=4192, seed_sentencepiece_size=100000, num_threads=1,
        minloglevel=2)
    path = workdir / "tokenizer.model"
    path.write_bytes(model.getvalue())
    return path


def tokenizer_config(chat_template, added_tokens):
    decoder = {}
    for i, content in enumerate(["<unk>", "<s>", "</s>"]):
        decoder[str(i)] = token_entry(content)
    for i, content in enumerate(added_tokens):
        decoder[str(SP_VOCAB + i)] = token_entry(content)
    cfg = {
        "add_bos_token": True,
        "add_eos_token": False,
        "added_tokens_decoder": decoder,
        "additional_special_tokens": list(added_tokens),
        "bos_token": "<s>",
        "chat_template": chat_template,
        "clean_up_tokenization_spaces": False,
        "eos_token": "</s>",
        "legacy": True,
        "model_max_length": 256,
        "pad_token": None,
        "sp_model_kwargs": {},
        "spaces_between_special_tokens": False,
        "tokenizer_class": "LlamaTokenizer",
        "unk_token": "<unk>",
        "use_default_system_prompt": False,
    }
    if not added_tokens:
        del cfg["additional_special_tokens"]
    return cfg


def token_entry(content):
    return {"content": content, "lstrip": False, "normalized": False, "rstrip": False,
            "single_word": False, "special": True}


def write_tokenizer(model_dir, sp_model, chat_template, added_tokens):
    model_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(sp_model, model_dir / "tokenizer.model")
    cfg = tokenizer_config(chat_template, added_tokens)
    (model_dir / "tokenizer_config.json").write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n")


def zephyr_prompt(system, turns, eos="</s>"):
    out = f"<|system|>\n{system}{eos}\n" if system else ""
    for role, text in turns:
        out += f"<|{role}|>\n{text}{eos}\n"
    return out + "<|assistant|>\n"


TOKENIZER_TEXTS = [
    "",
    "Hello",
    "Hello world",
    " Hello world",
    "  two leading spaces",
    "multiple   spaces    inside",
    "trailing space ",
    "line one\nline two\n\nline four",
    "\n",
    " ",
    "tab\there",
    "Numbers 1234567890 and 3.14",
    "Café naïve résumé Übermaß",
    "日本語のテキスト",
    "Emoji 😀🎉 rocket 🚀!",
    "mixed: Ελληνικά, русский, 中文, and English.",
    "▁literal lower one eighth block",
    "<s>",
    "</s>",
    "Hello</s>",
    "Hello </s> world",
    "</s></s>",
    "<s>Hello",
    "<unk>",
    "a<|user|>b",
    "<|user|>\nHi there</s>\n<|assistant|>\n",
    "<|user|> with space after",
    "text before <|assistant|>",
    "<|assistant|><|user|><|system|>",
    "<|user",
    "</s",
    zephyr_prompt("You are a friendly chatbot.", [("user", "How many helicopters can a human eat in one sitting?")]),
    zephyr_prompt("", [("user", "Hi!"), ("assistant", "Hello! How can I help?"), ("user", "Tell me a joke.")]),
    "[INST] What is your favourite condiment? [/INST]",
]


def hf_tokenizer(model_dir, **kwargs):
    """The tokenizer AutoTokenizer gives for a Mixtral checkpoint: LlamaTokenizerFast, built
    from tokenizer.model the way the hub's tokenizer.json files were."""
    return LlamaTokenizerFast.from_pretrained(model_dir, from_slow=True, **kwargs)


def tokenizer_cases(model_dir, sp_model_path):
    """Reference ids and decodes. Mixtral/Zephyr checkpoints ship legacy=true Llama tokenizers."""
    ref = hf_tokenizer(model_dir)
    variants = {
        "ids_no_bos_config": hf_tokenizer(model_dir, add_bos_token=False),
        "ids_add_eos_config": hf_tokenizer(model_dir, add_eos_token=True),
        "ids_legacy_false": hf_tokenizer(model_dir, legacy=False),
    }
    slow = LlamaTokenizer.from_pretrained(model_dir)
    sp = spm.SentencePieceProcessor(model_file=str(sp_model_path))

    cases = []
    disagreements = []
    for text in TOKENIZER_TEXTS:
        ids = ref(text)["input_ids"]
        case = {
            "text": text,
            "ids": ids,
            "ids_no_special": ref(text, add_special_tokens=False)["input_ids"],
            **{k: tok(text)["input_ids"] for k, tok in variants.items()},
            "pieces": ref.convert_ids_to_tokens(ids),
            "decode": ref.decode(ids),
            "decode_skip_special": ref.decode(ids, skip_special_tokens=True),
        }
        if slow(text)["input_ids"] != ids:
            case["ids_slow"] = slow(text)["input_ids"]
            disagreements.append(text)
        cases.append(case)

    # Decode-only cases: random ids (including byte pieces that form no valid UTF-8, control
    # and added tokens), as a model with random weights would produce them.
    rng = random.Random(SEED + 1)
    vocab = len(ref)
    byte_ids = [i for i in range(SP_VOCAB) if sp.is_byte(i)]
    special_ids = [0, 1, 2] + list(range(SP_VOCAB, vocab))
    decodes = []
    for _ in range(24):
        ids = []
        for _ in range(rng.randint(1, 24)):
            r = rng.random()
            if r < 0.3:
                ids.append(rng.choice(byte_ids))
            elif r < 0.36:
                ids.append(rng.choice(special_ids))
            else:
                ids.append(rng.randrange(3 + len(byte_ids), SP_VOCAB))
        entry = {"ids": ids, "decode": ref.decode(ids),
                 "decode_skip_special": ref.decode(ids, skip_special_tokens=True),
                 "decode_sentencepiece": sp.decode([i for i in ids if i < SP_VOCAB])}
        decodes.append(entry)
    return {
        "transformers_version": transformers.__version__,
        "sentencepiece_version": spm.__version__,
        "vocab_size": vocab,
        "sp_vocab_size": SP_VOCAB,
        "note": ("ids/decode: the tokenizers-backed Llama tokenizer AutoTokenizer gives "
                 "(legacy=True as configured); ids_*_config: the same with one setting changed; "
                 "decode: skip_special_tokens=False; ids_slow: the sentencepiece LlamaTokenizer, "
                 "only where it differs. decode_sentencepiece: libsentencepiece's DecodeIds "
                 "of the non-added ids, for information."),
        "encode_disagreements_slow_vs_reference": disagreements,
        "cases": cases,
        "decodes": decodes,
    }


def init_weights(model, seed, std=0.08, embed_std=0.6, router_std=0.6):
    """Random weights large enough that logits, routing and attention are far from uniform."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.3 * torch.randn(p.shape, generator=gen))
            elif "embed_tokens" in name:
                p.copy_(embed_std * torch.randn(p.shape, generator=gen))
            elif ".gate.weight" in name:
                p.copy_(router_std * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(std * torch.randn(p.shape, generator=gen))


def save_model(model, out_dir, dtype, max_shard_size, extra_config=None):
    model = model.to(dtype)
    model.save_pretrained(out_dir, safe_serialization=True, max_shard_size=max_shard_size)
    # Spell config.json as the published Mixtral/Mistral checkpoints do.
    path = out_dir / "config.json"
    cfg = json.loads(path.read_text())
    cfg["torch_dtype"] = cfg.pop("dtype")
    if cfg.get("head_dim", 0) is None:
        del cfg["head_dim"]
    cfg.update(extra_config or {})
    path.write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n")


def load_f32(cls, model_dir):
    model = cls.from_pretrained(model_dir, dtype=torch.float32, attn_implementation="eager")
    model.eval()
    return model


@torch.no_grad()
def logits_of(model, ids):
    return model(torch.tensor([ids])).logits[0].float().numpy()


@torch.no_grad()
def greedy(model, ids, n):
    """Argmax continuation (no EOS stop: every fixture has exactly n new tokens)."""
    seq = list(ids)
    margins = []
    for _ in range(n):
        row = logits_of(model, seq)[-1]
        top2 = np.sort(row)[-2:]
        margins.append(float(top2[1] - top2[0]))
        seq.append(int(np.argmax(row)))
    return seq[len(ids):], min(margins)


def well_separated(model, candidates):
    """The first candidate prompt whose greedy continuation never has a near-tie."""
    for ids in candidates:
        if greedy(model, ids, GREEDY_TOKENS)[1] >= MIN_MARGIN:
            return ids
    raise RuntimeError("no candidate prompt has a well-separated greedy continuation")


def write_references(model, model_dir, prompts, notes):
    ref = model_dir / "reference"
    if ref.exists():
        shutil.rmtree(ref)
    ref.mkdir()
    entries = []
    for name, ids in prompts:
        prompt_logits = logits_of(model, ids)
        cont, margin = greedy(model, ids, GREEDY_TOKENS)
        full = logits_of(model, ids + cont[:-1])
        # The same positions computed in one pass must agree with the incremental loop.
        assert np.allclose(full[: len(ids)], prompt_logits, atol=1e-5)
        step_logits = full[len(ids) - 1:]
        assert list(np.argmax(step_logits, axis=1)) == cont
        prompt_logits.astype("<f4").tofile(ref / f"{name}.prompt_logits.f32")
        step_logits.astype("<f4").tofile(ref / f"{name}.greedy_logits.f32")
        entries.append({
            "name": name,
            "ids": ids,
            "prompt_logits": f"{name}.prompt_logits.f32",
            "prompt_logits_shape": list(prompt_logits.shape),
            "greedy_ids": cont,
            "greedy_logits": f"{name}.greedy_logits.f32",
            "greedy_logits_shape": list(step_logits.shape),
            "greedy_min_top2_margin": margin,
        })
    manifest = {
        "generated_by": "tests/tools/make_fixtures.py",
        "transformers_version": transformers.__version__,
        "torch_version": torch.__version__,
        "dtype_of_reference": "float32 (checkpoint loaded with torch_dtype=float32, eager attention)",
        "logits_format": "float32 little-endian, row-major [rows, vocab_size]",
        "prompt_logits": "row i = logits after position i of ids (prefill)",
        "greedy_logits": ("row i = logits that chose greedy_ids[i]: row 0 is the last prompt position, "
                          "row i>0 is the position of greedy_ids[i-1] (decode step i)"),
        "vocab_size": int(model.config.vocab_size),
        **notes,
        "prompts": entries,
    }
    (ref / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return manifest


def check_sliding_window(model, window, layers):
    """Documents transformers' window rule empirically: position p sees keys p-window+1..p, so
    after `layers` layers token 0 can influence p only when p <= layers*(window-1)."""
    rng = np.random.default_rng(SEED)
    ids = [1] + list(rng.integers(3, SP_VOCAB, size=3 * window))
    changed = list(ids)
    changed[0] = 5
    a, b = logits_of(model, ids), logits_of(model, changed)
    differs = [bool(np.abs(a[p] - b[p]).max() > 0) for p in range(len(ids))]
    reach = layers * (window - 1)
    assert all(differs[: reach + 1]) and not any(differs[reach + 1:]), differs
    return (f"position p attends to keys p-{window - 1}..p (the last {window} positions, "
            f"itself included); checked: token 0 changes logits up to position {reach} only")


def build_mixtral(out_dir, vocab, seed, hidden, inter, layers, heads, kv_heads, experts, shard,
                  extra_config=None, output_row_scale=None):
    cfg = MixtralConfig(
        vocab_size=vocab, hidden_size=hidden, intermediate_size=inter, num_hidden_layers=layers,
        num_attention_heads=heads, num_key_value_heads=kv_heads, num_local_experts=experts,
        num_experts_per_tok=2, rope_theta=1e6, rms_norm_eps=1e-5, max_position_embeddings=256,
        sliding_window=None, tie_word_embeddings=False, bos_token_id=1, eos_token_id=2,
        router_aux_loss_coef=0.02, output_router_logits=False)
    torch.manual_seed(seed)
    model = MixtralForCausalLM(cfg)
    init_weights(model, seed)
    with torch.no_grad():
        # A small lm_head row keeps that token's logit near zero, below the best of the rest.
        for i, scale in (output_row_scale or {}).items():
            model.lm_head.weight[i] *= scale
    save_model(model, out_dir, torch.bfloat16, shard, extra_config)


def build_dense(out_dir, vocab, seed):
    cfg = MistralConfig(
        vocab_size=vocab, hidden_size=48, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, rope_theta=10000.0, rms_norm_eps=1e-5,
        max_position_embeddings=256, sliding_window=8, tie_word_embeddings=False,
        bos_token_id=1, eos_token_id=2)
    torch.manual_seed(seed)
    model = MistralForCausalLM(cfg)
    init_weights(model, seed)
    save_model(model, out_dir, torch.float16, "60KB")


def clean(model_dir):
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model_dir.mkdir(parents=True)


def main():
    if not transformers.__version__.startswith("4."):
        # transformers 5 builds the Llama tokenizer from tokenizer.model with a Metaspace
        # pre-tokenizer that skips the dummy prefix for text starting with a space; sentencepiece
        # and the tokenizer.json files Mixtral checkpoints ship (Prepend normaliser) add it.
        sys.exit(f"make_fixtures.py needs transformers 4.x (found {transformers.__version__})")
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(2)
    work = Path(tempfile.mkdtemp(prefix="moechat-fixtures-"))
    sp_model = train_tokenizer(work)

    mixtral_dir = DATA / "tiny-mixtral"
    dense_dir = DATA / "tiny-dense"
    demo_dir = ROOT / "resources" / "demo-model"
    for d in (mixtral_dir, dense_dir):
        clean(d)
    write_tokenizer(mixtral_dir, sp_model, ZEPHYR_TEMPLATE, ADDED_TOKENS)
    write_tokenizer(dense_dir, sp_model, MISTRAL_INSTRUCT_TEMPLATE, [])

    cases = tokenizer_cases(mixtral_dir, sp_model)
    mix_tok = hf_tokenizer(mixtral_dir)
    dense_tok = hf_tokenizer(dense_dir)

    # tiny Mixtral: vocab = sentencepiece pieces + the three added tokens
    build_mixtral(mixtral_dir, len(mix_tok), SEED, hidden=64, inter=96, layers=2, heads=4,
                  kv_heads=2, experts=4, shard="200KB")
    build_dense(dense_dir, len(dense_tok), SEED + 7)

    zephyrs = [mix_tok.apply_chat_template(
        [{"role": "system", "content": "You are a friendly chatbot."},
         {"role": "user", "content": f"Write a short poem about the {topic}."}],
        tokenize=False, add_generation_prompt=True) for topic in ("sea", "wind", "sun", "moon", "rain")]
    rng = random.Random(SEED + 2)
    mixtral = load_f32(MixtralForCausalLM, mixtral_dir)
    pick = lambda texts: well_separated(mixtral, [mix_tok(t)["input_ids"] for t in texts])
    mixtral_prompts = [
        ("hello", pick(["Hello", "Hello!", "Hi"])),
        ("zephyr_chat", pick(zephyrs)),
        ("english", pick([f"The quick brown fox jumps over the lazy dog, and the model "
                          f"routes every token to two experts{end}" for end in ".!;"])),
        ("unicode", pick([f"Café naïve — 日本語 😀 Grüße{end}" for end in "!?.:;"])),
        ("random_ids", well_separated(
            mixtral, [[1] + [rng.randrange(len(mix_tok)) for _ in range(40)] for _ in range(20)])),
    ]
    mixtral_manifest = write_references(mixtral, mixtral_dir, mixtral_prompts, {
        "chat_prompt_text": {"zephyr_chat": next(
            z for z in zephyrs if mix_tok(z)["input_ids"] == mixtral_prompts[1][1])}})

    instruct = dense_tok.apply_chat_template(
        [{"role": "user", "content": "What is your favourite condiment?"}],
        tokenize=False, add_generation_prompt=True)
    dense = load_f32(MistralForCausalLM, dense_dir)
    pick = lambda texts, **kw: well_separated(dense, [dense_tok(t, **kw)["input_ids"] for t in texts])
    dense_prompts = [
        ("short", pick(["Hi", "Hello", "Hey"])),
        ("instruct", pick([instruct], add_special_tokens=False)),
        ("english", pick([f"Please write a short poem about the sea and the wind, "
                          f"then explain it in plain words{end}" for end in ".!;"])),
        ("random_ids", well_separated(
            dense, [[1] + [rng.randrange(len(dense_tok)) for _ in range(30)] for _ in range(20)])),
    ]
    window_note = check_sliding_window(dense, 8, 2)
    dense_manifest = write_references(dense, dense_dir, dense_prompts, {
        "sliding_window_semantics": window_note, "chat_prompt_text": {"instruct": instruct}})

    (mixtral_dir / "reference" / "tokenizer_cases.json").write_text(
        json.dumps(cases, indent=1, ensure_ascii=False) + "\n")

    # The demo model: a bigger random Mixtral with the same tokenizer.
    clean(demo_dir)
    write_tokenizer(demo_dir, sp_model, ZEPHYR_TEMPLATE, ADDED_TOKENS)
    # Its text is word salad rather than byte soup: byte pieces and special tokens (whose
    # "<|user|>" would end a chat turn at once) are made unlikely, and EOS ends an answer now
    # and then.
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    quiet = [i for i in range(SP_VOCAB) if sp.is_byte(i) or sp.is_control(i) or sp.is_unknown(i)]
    quiet += list(range(SP_VOCAB, len(mix_tok)))
    build_mixtral(demo_dir, len(mix_tok), SEED + 11, hidden=128, inter=192, layers=4, heads=8,
                  kv_heads=4, experts=8, shard="5GB", extra_config={"moechat_demo": True},
                  output_row_scale={**{i: 0.05 for i in quiet}, 2: DEMO_EOS_SCALE})
    (demo_dir / "README.md").write_text(DEMO_README)

    for m in (mixtral_manifest, dense_manifest):
        for p in m["prompts"]:
            print(f"  {p['name']}: {len(p['ids'])} prompt ids, min greedy top-2 margin "
                  f"{p['greedy_min_top2_margin']:.4f}")
    print("slow/reference encode disagreements:", cases["encode_disagreements_slow_vs_reference"])
    shutil.rmtree(work)


DEMO_README = """# moechat demo model — random weights, meaningless text

This folder is a *tiny Mixtral-architecture model with random weights*. It exists so that
moechat runs on a fresh machine with no downloads: the chat window, streaming, sampling
sliders and stop button all work, but **the text it produces is meaningless** (random
tokens). It knows nothing and is not a language model in any useful sense.

- architecture: MixtralForCausalLM, 4 layers, hidden 128, 8 heads (4 KV heads),
  8 experts of width 192, top-2 routing, bf16 safetensors
- tokenizer: a 384-piece sentencepiece BPE model (byte fallback) trained on a few English
  sentences, plus the added tokens <|system|>, <|user|>, <|assistant|>; Zephyr chat template
- its output layer is tilted away from byte pieces and special tokens, so it babbles word
  fragments ("yers uisis youce b'tfts...") and sometimes ends an answer, instead of printing
  broken characters; that is all it does
- config.json carries `"moechat_demo": true` so the app can label it as a demo

Regenerate with `tests/tools/make_fixtures.py` (see tests/tools/README.md). For real answers
point moechat at a Mixtral-family checkpoint (Mixtral-8x7B-Instruct, Zephyr-141B-A39B, ...).
"""

if __name__ == "__main__":
    sys.exit(main())
