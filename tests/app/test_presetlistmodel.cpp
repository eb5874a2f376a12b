// PresetListModel: create, edit, delete, default; names must be unique.
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

#include "presetlistmodel.h"

class TestPresetListModel : public QObject {
    Q_OBJECT

private slots:
    void editsTheLibrary()
    {
        QTemporaryDir dir;
        Storage storage(dir.filePath(QStringLiteral("h.sqlite")));
        PresetListModel model(&storage);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int initial = model.rowCount();
        QVERIFY(initial >= 1);

        QCOMPARE(model.save(0, QStringLiteral("Translator"), QStringLiteral("Translate into French.")), QString());
        QCOMPARE(model.rowCount(), initial + 1);
        QVERIFY(!model.save(0, QStringLiteral("translator"), QStringLiteral("dup")).isEmpty());
        QVERIFY(!model.save(0, QStringLiteral("  "), QStringLiteral("nameless")).isEmpty());
        QCOMPARE(model.rowCount(), initial + 1);

        qint64 id = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.data(model.index(row), PresetListModel::NameRole).toString() == QStringLiteral("Translator"))
                id = model.data(model.index(row), PresetListModel::IdRole).toLongLong();
        QVERIFY(id != 0);
        model.makeDefault(id);
        QCOMPARE(model.defaultText(), QStringLiteral("Translate into French."));
        QCOMPARE(model.save(id, QStringLiteral("Translator"), QStringLiteral("Translate into German.")), QString());
        QCOMPARE(model.textOf(id), QStringLiteral("Translate into German."));
        model.remove(id);
        QCOMPARE(model.rowCount(), initial);
        QCOMPARE(model.defaultText(), QString());
    }
};

QTEST_GUILESS_MAIN(TestPresetListModel)
#include "test_presetlistmodel.moc"
