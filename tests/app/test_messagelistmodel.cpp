// MessageListModel: the branch on screen, streamed text appended in place, answer details.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "messagelistmodel.h"

namespace {
PathStep step(qint64 id, const QString& role, const QString& content, int index = 0, int count = 1)
{
    Message m;
    m.id = id;
    m.role = role;
    m.content = content;
    return PathStep{m, index, count};
}
} // namespace

class TestMessageListModel : public QObject {
    Q_OBJECT

private slots:
    void appendsPiecesInPlace()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPath({step(1, QStringLiteral("user"), QStringLiteral("Hi"), 1, 3)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0), MessageListModel::BranchIndexRole).toInt(), 1);
        QCOMPARE(model.data(model.index(0), MessageListModel::BranchCountRole).toInt(), 3);

        model.append(step(2, QStringLiteral("assistant"), {}));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.appendText(2, QStringLiteral("Hel"));
        model.appendText(2, QStringLiteral("lo"));
        QCOMPARE(model.data(model.index(1), MessageListModel::ContentRole).toString(), QStringLiteral("Hello"));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(MessageListModel::ContentRole));
        QCOMPARE(reset.count(), 0);

        model.appendText(99, QStringLiteral("ignored"));
        QCOMPARE(changed.count(), 2);
    }

    void splitsCodeBlocks()
    {
        const QVariantList blocks = MessageListModel::splitBlocks(
            QStringLiteral("Here:\n\n```python\nprint(1)\n\nprint(2)\n```\nDone *now*.\n~~~\nstreaming"));
        QCOMPARE(blocks.size(), 4);
        QCOMPARE(blocks[0].toMap().value("text").toString(), QStringLiteral("Here:"));
        QVERIFY(!blocks[0].toMap().value("code").toBool());
        QVERIFY(blocks[1].toMap().value("code").toBool());
        QCOMPARE(blocks[1].toMap().value("language").toString(), QStringLiteral("python"));
        QCOMPARE(blocks[1].toMap().value("text").toString(), QStringLiteral("print(1)\n\nprint(2)"));
        QCOMPARE(blocks[2].toMap().value("text").toString(), QStringLiteral("Done *now*."));
        QVERIFY(blocks[3].toMap().value("code").toBool()); // unclosed: still streaming
        QCOMPARE(blocks[3].toMap().value("text").toString(), QStringLiteral("streaming"));
        QVERIFY(MessageListModel::splitBlocks(QString()).isEmpty());
    }

    void finishRecordsDetails()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPath({step(1, QStringLiteral("user"), QStringLiteral("Hi")), step(2, QStringLiteral("assistant"), QStringLiteral("Yo"))});
        QVERIFY(model.data(model.index(1), MessageListModel::DetailsRole).toString().isEmpty());
        const QJsonObject generation{
            {"model", "tiny-mixtral"},
            {"seed", 42},
            {"sampling", QJsonObject{{"temperature", 0.7}, {"top_k", 40}, {"top_p", 0.9}, {"min_p", 0.05},
                                     {"repetition_penalty", 1.1}, {"max_tokens", 256}}},
            {"stats", QJsonObject{{"time_to_first_token_ms", 120.0}, {"decode_tokens_per_s", 14.25}}}};
        model.finish(2, QStringLiteral("complete"), generation);
        const QString details = model.data(model.index(1), MessageListModel::DetailsRole).toString();
        QVERIFY2(details.contains(QStringLiteral("tiny-mixtral")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("seed 42")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("top-k 40")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("120 ms")), qPrintable(details));
        QCOMPARE(model.data(model.index(1), MessageListModel::StateRole).toString(), QStringLiteral("complete"));
    }
};

QTEST_GUILESS_MAIN(TestMessageListModel)
#include "test_messagelistmodel.moc"
