#pragma once
// The sidebar's conversations, newest first, with a date group per row and full-text search.
#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include "storage.h"

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController.conversations")
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles { IdRole = Qt::UserRole + 1, TitleRole, UpdatedRole, SectionRole };
    Q_ENUM(Roles)

    explicit ConversationListModel(Storage* storage, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString search() const { return search_; }
    void setSearch(const QString& search);
    Q_INVOKABLE int rowOf(qint64 conversationId) const;
    Q_INVOKABLE qint64 idAt(int row) const;
    void refresh();

    // "Today", "Yesterday", "Previous 7 days", "Previous 30 days", then the month.
    static QString dateGroup(const QDateTime& updated, const QDate& today);

signals:
    void searchChanged();
    void countChanged();

private:
    Storage* storage_;
    QString search_;
    QList<Conversation> rows_;
};
