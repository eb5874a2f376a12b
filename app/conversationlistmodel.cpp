#include "conversationlistmodel.h"

#include <QLocale>

ConversationListModel::ConversationListModel(Storage* storage, QObject* parent)
    : QAbstractListModel(parent), storage_(storage)
{
    refresh();
}

int ConversationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Conversation& c = rows_.at(index.row());
    switch (role) {
    case IdRole: return c.id;
    case Qt::DisplayRole:
    case TitleRole: return c.title;
    case UpdatedRole: return c.updatedAt;
    case SectionRole: return dateGroup(c.updatedAt, QDate::currentDate());
    default: return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {{IdRole, "conversationId"}, {TitleRole, "title"}, {UpdatedRole, "updated"}, {SectionRole, "section"}};
}

void ConversationListModel::setSearch(const QString& search)
{
    if (search == search_)
        return;
    search_ = search;
    emit searchChanged();
    refresh();
}

int ConversationListModel::rowOf(qint64 conversationId) const
{
    for (int row = 0; row < rows_.size(); ++row)
        if (rows_.at(row).id == conversationId)
            return row;
    return -1;
}

qint64 ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < rows_.size() ? rows_.at(row).id : 0;
}

void ConversationListModel::refresh()
{
    beginResetModel();
    rows_ = storage_->conversations(search_);
    endResetModel();
    emit countChanged();
}

QString ConversationListModel::dateGroup(const QDateTime& updated, const QDate& today)
{
    const qint64 days = updated.date().daysTo(today);
    if (days <= 0)
        return tr("Today");
    if (days == 1)
        return tr("Yesterday");
    if (days < 7)
        return tr("Previous 7 days");
    if (days < 30)
        return tr("Previous 30 days");
    return QLocale().toString(updated.date(), QStringLiteral("MMMM yyyy"));
}

#include "moc_conversationlistmodel.cpp"
