// ConversationListModel: order, date groups, search, under QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "conversationlistmodel.h"

class TestConversationListModel : public QObject {
    Q_OBJECT

private slots:
    void listsNewestFirstAndSearches()
    {
        QTemporaryDir dir;
        Storage storage(dir.filePath(QStringLiteral("h.sqlite")));
        const qint64 older = storage.createConversation(QStringLiteral("Gardening"), {}, {});
        QTest::qWait(2);
        const qint64 newer = storage.createConversation(QStringLiteral("Astronomy"), {}, {});

        ConversationListModel model(&storage);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.idAt(0), newer);
        QCOMPARE(model.data(model.index(1), ConversationListModel::TitleRole).toString(), QStringLiteral("Gardening"));
        QCOMPARE(model.data(model.index(0), ConversationListModel::SectionRole).toString(), QStringLiteral("Today"));
        QCOMPARE(model.rowOf(older), 1);

        QSignalSpy countSpy(&model, &ConversationListModel::countChanged);
        model.setSearch(QStringLiteral("garden"));
        QCOMPARE(countSpy.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.idAt(0), older);
        model.setSearch({});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.roleNames().value(ConversationListModel::TitleRole), QByteArray("title"));
    }

    void dateGroups()
    {
        const QDate today(2026, 3, 20);
        const auto at = [&](int daysAgo) { return QDateTime(today.addDays(-daysAgo), QTime(12, 0)); };
        QCOMPARE(ConversationListModel::dateGroup(at(0), today), QStringLiteral("Today"));
        QCOMPARE(ConversationListModel::dateGroup(at(1), today), QStringLiteral("Yesterday"));
        QCOMPARE(ConversationListModel::dateGroup(at(6), today), QStringLiteral("Previous 7 days"));
        QCOMPARE(ConversationListModel::dateGroup(at(20), today), QStringLiteral("Previous 30 days"));
        QCOMPARE(ConversationListModel::dateGroup(at(60), today), QLocale().toString(at(60).date(), QStringLiteral("MMMM yyyy")));
    }
};

QTEST_GUILESS_MAIN(TestConversationListModel)
#include "test_conversationlistmodel.moc"
