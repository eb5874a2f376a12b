// HardwareInfo: the embedded known-model configs, the "does it fit" arithmetic on hardware of
// known sizes, and the probe of this machine.
#include <QSignalSpy>
#include <QTest>

#include "hardwareinfo.h"
#include "memory_plan.h"

namespace {

constexpr uint64_t GB = 1'000'000'000;

moe::GpuInfo gpu(int index, uint64_t total, uint64_t free) { return {index, "Test GPU", total, free}; }

std::vector<moe::GpuInfo> gpus(int count, uint64_t bytes) {
    std::vector<moe::GpuInfo> out;
    for (int i = 0; i < count; ++i) out.push_back(gpu(i, bytes, bytes));
    return out;
}

moe::ModelConfig known(const QString& name) {
    for (const auto& model : HardwareInfo::knownModelConfigs())
        if (model.name == name) return model.config;
    qFatal("known model %s missing", qPrintable(name));
}

QVariantMap row(const HardwareInfo& info, const QString& name) {
    for (const QVariant& v : info.knownModels())
        if (v.toMap().value("name").toString() == name) return v.toMap();
    return {};
}

} // namespace

class TestHardwareInfo : public QObject {
    Q_OBJECT

private slots:
    void knownModelsAreEmbeddedWithTheirPublishedSizes() {
        const auto models = HardwareInfo::knownModelConfigs();
        QCOMPARE(models.size(), size_t(3));
        QCOMPARE(models[0].name, QString("Mixtral-8x7B"));
        QCOMPARE(models[1].name, QString("Mixtral-8x22B"));
        QCOMPARE(models[2].name, QString("Zephyr-141B-A39B"));
        // The model cards' figures: 46.7 B and 140.6 B parameters, 93.4 GB and 281 GB in bf16.
        QCOMPARE(moe::format_bytes(uint64_t(models[0].config.parameter_count()) * 2), std::string("93.4 GB"));
        QCOMPARE(models[1].config.parameter_count() / 100'000'000, int64_t(1406));
        QCOMPARE(models[2].config.parameter_count(), models[1].config.parameter_count());
    }

    void mixtral8x7bNeedsTwo80GbGpus() {
        const moe::ModelConfig c = known("Mixtral-8x7B");
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(1, 80 * GB)), 0);
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(2, 80 * GB)), 2);
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(8, 80 * GB)), 2);
        // One 141 GB H200 holds it alone.
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(4, 141 * GB)), 1);
    }

    void mixtral8x22bNeedsFour80GbGpus() {
        const moe::ModelConfig c = known("Mixtral-8x22B");
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(3, 80 * GB)), 0);
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(4, 80 * GB)), 4);
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(8, 80 * GB)), 4);
    }

    void aGpuCountTheHeadsDoNotSplitOverIsSkipped() {
        // 281 GB over two 141 GB GPUs leaves no room for the KV cache, and the 8 key/value heads
        // do not split over 3, so three H200s cannot run Mixtral-8x22B; four can.
        const moe::ModelConfig c = known("Mixtral-8x22B");
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(2, 141 * GB)), 0);
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(3, 141 * GB)), 0);
        QCOMPARE(HardwareInfo::gpusNeeded(c, gpus(4, 141 * GB)), 4);
    }

    void theGpusWithMostFreeMemoryAreCountedFirst() {
        const moe::ModelConfig c = known("Mixtral-8x7B");
        // A busy GPU first in index order must not make the answer 0 or 3.
        std::vector<moe::GpuInfo> mixed{gpu(0, 80 * GB, 5 * GB), gpu(1, 80 * GB, 80 * GB), gpu(2, 80 * GB, 80 * GB)};
        QCOMPARE(HardwareInfo::gpusNeeded(c, mixed), 2);
        // A GPU reporting nothing free holds nothing (the planner reads capacity 0 as unlimited).
        QCOMPARE(HardwareInfo::gpusNeeded(c, {gpu(0, 80 * GB, 0)}), 0);
    }

    void systemMemoryFit() {
        const moe::ModelConfig c = known("Mixtral-8x7B");
        QVERIFY(!HardwareInfo::fitsInMemory(c, 64 * GB));
        QVERIFY(HardwareInfo::fitsInMemory(c, 128 * GB));
        QVERIFY(!HardwareInfo::fitsInMemory(c, 0));
    }

    void propertiesDescribeTheGivenHardware() {
        HardwareInfo info({gpu(0, 80 * GB, 79 * GB), gpu(1, 80 * GB, 79 * GB)}, 200 * GB);
        QVERIFY(!info.probing());
        QCOMPARE(info.gpus().size(), 2);
        const QVariantMap first = info.gpus().first().toMap();
        QCOMPARE(first.value("name").toString(), QString("Test GPU"));
        QCOMPARE(first.value("memory").toDouble(), double(80 * GB));
        QCOMPARE(first.value("memoryText").toString(), QString("80.0 GB"));
        QCOMPARE(first.value("freeMemoryText").toString(), QString("79.0 GB"));
        QCOMPARE(info.systemMemoryText(), QString("200.0 GB"));
        QVERIFY(info.probeError().isEmpty());

        QCOMPARE(info.knownModels().size(), 3);
        const QVariantMap small = row(info, "Mixtral-8x7B");
        QCOMPARE(small.value("gpusNeeded").toInt(), 2);
        QCOMPARE(small.value("fitsInRam").toBool(), true);
        QCOMPARE(small.value("bf16SizeText").toString(), QString("93.4 GB"));
        QVERIFY(small.value("perGpuText").toString().endsWith(" GB"));
        const QVariantMap large = row(info, "Zephyr-141B-A39B");
        QCOMPARE(large.value("gpusNeeded").toInt(), 0);
        QCOMPARE(large.value("fitsInRam").toBool(), false);
        QCOMPARE(large.value("perGpuText").toString(), QString());
    }

    void probesThisMachineWithoutBlocking() {
        HardwareInfo info;
        QSignalSpy probed(&info, &HardwareInfo::probingChanged);
        QVERIFY(info.probing());
        QVERIFY(probed.wait(60'000));
        QVERIFY(!info.probing());
        QCOMPARE(info.gpus().size(), qsizetype(moe::list_gpus().size()));
        QVERIFY(info.systemMemory() > 0);
        QCOMPARE(info.knownModels().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestHardwareInfo)
#include "test_hardwareinfo.moc"
