// moechat-cli as other tools use it: verbs, flags, output formats and exit codes.
#include <QtTest>

#include "reference.h"

namespace {

struct Run {
    int code = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray out, err;
};

Run cli(const QStringList& args, const QByteArray& input = {}) {
    QProcess p;
    p.start(MOECHAT_CLI, args);
    if (!input.isEmpty()) p.write(input);
    p.closeWriteChannel();
    Run r;
    if (!p.waitForFinished(120000)) return r;
    r.code = p.exitCode();
    r.status = p.exitStatus();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString model(const char* name) { return QString::fromStdString(moe::test::model_dir(name)); }

// Prompt `index` of the tiny Mixtral's reference: its ids as "--ids" wants them, and
// transformers' logits for it.
std::pair<QString, std::vector<float>> reference_prompt(int index) {
    const auto m = moe::test::manifest("tiny-mixtral");
    const auto& p = m["prompts"][size_t(index)];
    QStringList ids;
    for (int id : p["ids"].get<std::vector<int>>()) ids << QString::number(id);
    return {ids.join(','), moe::test::read_f32(moe::test::model_dir("tiny-mixtral") + "/reference/" +
                                               p["prompt_logits"].get<std::string>())};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void version() {
        const Run r = cli({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("moechat-cli " MOECHAT_VERSION));
    }

    void logits_batched_and_incremental_match_reference() {
        const auto [ids, expected] = reference_prompt(1);
        QTemporaryDir dir;
        for (bool incremental : {false, true}) {
            const QString out = dir.filePath(incremental ? "inc.f32" : "batch.f32");
            QStringList args{"logits", "--model", model("tiny-mixtral"), "--ids", ids, "--out", out, "--threads", "2"};
            if (incremental) args << "--incremental";
            const Run r = cli(args);
            QVERIFY2(r.code == 0, r.err.constData());
            const auto got = moe::test::read_f32(out.toStdString());
            QCOMPARE(got.size(), expected.size());
            QVERIFY(moe::test::relative_error(got, expected) < 1e-4);
        }
        // --tp 2 gives the same logits
        const QString out = dir.filePath("tp2.f32");
        const Run r = cli({"logits", "--model", model("tiny-mixtral"), "--ids", ids, "--out", out, "--tp", "2"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(moe::test::relative_error(moe::test::read_f32(out.toStdString()), expected) < 1e-4);
    }

    // A checkpoint as save_pretrained writes it, without tokenizer files: ids in, logits out still
    // works; verbs that need text say what is missing.
    void logits_need_no_tokenizer() {
        const auto [ids, expected] = reference_prompt(0);
        QTemporaryDir dir;
        const QDir src(model("tiny-mixtral"));
        const QString bare = dir.filePath("bare");
        QVERIFY(QDir().mkpath(bare));
        int copied = 0;
        for (const QString& f : src.entryList(QDir::Files)) {
            if (f.startsWith("tokenizer")) continue;
            QVERIFY(QFile::copy(src.filePath(f), bare + "/" + f));
            ++copied;
        }
        QVERIFY(copied >= 4); // config, generation config, index, shards
        QVERIFY(!QFile::exists(bare + "/tokenizer.model"));

        const QString out = dir.filePath("bare.f32");
        const Run r = cli({"logits", "--model", bare, "--ids", ids, "--out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(moe::test::relative_error(moe::test::read_f32(out.toStdString()), expected) < 1e-4);

        const Run g = cli({"generate", "--model", bare, "--prompt", "Hello", "--max-tokens", "2"});
        QCOMPARE(g.status, QProcess::NormalExit);
        QVERIFY(g.code != 0);
        QVERIFY2(g.err.contains("tokenizer.model"), g.err.constData());
    }

    void tokenize_prints_reference_ids() {
        std::ifstream f(moe::test::model_dir("tiny-mixtral") + "/reference/tokenizer_cases.json");
        const auto cases = nlohmann::json::parse(f)["cases"];
        int checked = 0;
        for (const auto& c : cases) {
            const auto text = QString::fromStdString(c["text"].get<std::string>());
            if (text.isEmpty() || text.startsWith('-')) continue; // not expressible as one argument value
            const Run r = cli({"tokenize", "--model", model("tiny-mixtral"), "--text", text});
            QVERIFY2(r.code == 0, r.err.constData());
            QStringList want;
            for (int id : c["ids"].get<std::vector<int>>()) want << QString::number(id);
            QCOMPARE(QString::fromUtf8(r.out).trimmed(), want.join(' '));
            if (++checked == 6) break;
        }
        QVERIFY(checked >= 3);
    }

    void template_renders_exactly_and_reports_errors() {
        QTemporaryDir dir;
        const QString msgs = dir.filePath("m.json");
        QFile mf(msgs);
        QVERIFY(mf.open(QIODevice::WriteOnly));
        mf.write(R"([{"role":"system","content":"Be kind."},{"role":"user","content":"Hi!"}])");
        mf.close();
        Run r = cli({"template", "--model", model("tiny-mixtral"), "--messages", msgs, "--add-generation-prompt"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out), QString("<|system|>\nBe kind.</s>\n<|user|>\nHi!</s>\n<|assistant|>\n"));

        const QString tpl = dir.filePath("t.jinja");
        QFile tf(tpl);
        QVERIFY(tf.open(QIODevice::WriteOnly));
        tf.write("{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}{% endfor %}");
        tf.close();
        r = cli({"template", "--template-file", tpl, "--bos-token", "<s>", "--eos-token", "</s>", "--messages", msgs});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out), QString("<s>[system]Be kind.</s>[user]Hi!</s>"));

        QVERIFY(tf.open(QIODevice::WriteOnly | QIODevice::Truncate));
        tf.write("{% for m in messages %}\n{{ raise_exception('Conversation roles must alternate') }}{% endfor %}");
        tf.close();
        r = cli({"template", "--template-file", tpl, "--bos-token", "<s>", "--eos-token", "</s>", "--messages", msgs});
        QVERIFY(r.code != 0);
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY2(r.err.contains("Conversation roles must alternate"), r.err.constData());

        // A folder whose template lives in chat_template.jinja (as transformers saves it) renders
        // that file, with the folder's special tokens.
        const QString folder = dir.filePath("jinja-folder");
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(model("tiny-mixtral") + "/tokenizer_config.json", folder + "/tokenizer_config.json"));
        QFile jf(folder + "/chat_template.jinja");
        QVERIFY(jf.open(QIODevice::WriteOnly));
        jf.write("{{ bos_token }}{% for m in messages %}({{ m.role }}) {{ m.content }}{{ eos_token }}{% endfor %}");
        jf.close();
        r = cli({"template", "--model", folder, "--messages", msgs});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out), QString("<s>(system) Be kind.</s>(user) Hi!</s>"));
        // {"messages": [...], "tools": [...]}: the other keys are template variables, and every
        // object keeps the file's key order (expected text from Python's jinja2 with json.load).
        const QString with_tools = dir.filePath("tools.json");
        QFile wt(with_tools);
        QVERIFY(wt.open(QIODevice::WriteOnly));
        wt.write(R"({"messages": [{"role": "user", "content": "Weather?", "zeta": 1, "alpha": 2}],
                    "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]})");
        wt.close();
        QVERIFY(tf.open(QIODevice::WriteOnly | QIODevice::Truncate));
        tf.write("{{ messages[0]|tojson }}|{% for t in tools %}{{ t|tojson }}{% endfor %}");
        tf.close();
        r = cli({"template", "--template-file", tpl, "--bos-token", "<s>", "--eos-token", "</s>", "--messages", with_tools});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out),
                 QString(R"({"role": "user", "content": "Weather?", "zeta": 1, "alpha": 2}|)"
                         R"({"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}})"));

        r = cli({"template", "--model", dir.filePath("no-such-folder"), "--messages", msgs});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("does not exist"), r.err.constData());
    }

    void generate_streams_greedy_text() {
        const Run r = cli({"generate", "--model", model("tiny-mixtral"), "--prompt", "Hello", "--max-tokens", "12",
                           "--temperature", "0", "--stats"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(!r.out.trimmed().isEmpty());
        QVERIFY(r.err.contains("decode"));
        // Deterministic: greedy twice gives the same text.
        const Run again = cli({"generate", "--model", model("tiny-mixtral"), "--prompt", "Hello", "--max-tokens", "12",
                               "--temperature", "0"});
        QCOMPARE(again.out, r.out);
    }

    void chat_keeps_the_conversation() {
        const Run r = cli({"chat", "--model", model("tiny-mixtral"), "--max-tokens", "6", "--temperature", "0"},
                          "Hello\nHow are you?\n/exit\n");
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("reused"), r.err.constData());
        // second turn reuses the first turn's cache
        const QList<QByteArray> stats = r.err.split('[');
        QVERIFY(stats.size() >= 3);
        QVERIFY2(!stats[2].contains("(0 reused)"), stats[2].constData());
    }

    void bench_runs_on_random_weights() {
        QTemporaryDir dir;
        const QString cfg = dir.filePath("config.json");
        QFile f(cfg);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"architectures":["MixtralForCausalLM"],"vocab_size":300,"hidden_size":64,"intermediate_size":96,
                   "num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"num_local_experts":4,
                   "num_experts_per_tok":2,"max_position_embeddings":256})");
        f.close();
        const Run r = cli({"bench", "--config", cfg, "--random-weights", "--prompt-tokens", "16", "--gen-tokens", "4"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("prefill"));
        QVERIFY(r.out.contains("decode"));
        QVERIFY(r.out.contains("copy bandwidth"));
    }

    void bad_input_is_one_line_and_nonzero_never_a_signal_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no verb") << QStringList{} << "usage";
        QTest::newRow("unknown verb") << QStringList{"frobnicate"} << "unknown verb";
        QTest::newRow("unknown flag") << QStringList{"logits", "--model", "x", "--idz", "1"} << "unknown option --idz";
        QTest::newRow("missing value") << QStringList{"logits", "--model"} << "needs a value";
        QTest::newRow("bad ids") << QStringList{"logits", "--model", model("tiny-mixtral"), "--ids", "1,x", "--out", "/tmp/x"}
                                 << "comma-separated";
        QTest::newRow("id out of range") << QStringList{"logits", "--model", model("tiny-mixtral"), "--ids", "1,100000", "--out", "/tmp/moechat-x.f32"}
                                         << "outside the vocabulary";
        QTest::newRow("missing model") << QStringList{"generate", "--model", "/nonexistent", "--prompt", "hi"} << "does not exist";
        QTest::newRow("bad backend") << QStringList{"generate", "--model", model("tiny-mixtral"), "--prompt", "hi", "--backend", "tpu"}
                                     << "--backend";
        QTest::newRow("bad number") << QStringList{"generate", "--model", model("tiny-mixtral"), "--prompt", "hi", "--top-p", "2"}
                                    << "--top-p must be between 0 and 1";
    }
    void bad_input_is_one_line_and_nonzero_never_a_signal() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
