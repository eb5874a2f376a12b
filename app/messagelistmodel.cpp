#include "messagelistmodel.h"

#include <QJsonArray>
#include <QLocale>

int MessageListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PathStep& step = rows_.at(index.row());
    switch (role) {
    case IdRole: return step.message.id;
    case RoleRole: return step.message.role;
    case Qt::DisplayRole:
    case ContentRole: return step.message.content;
    case StateRole: return step.message.state;
    case BranchIndexRole: return step.siblingIndex;
    case BranchCountRole: return step.siblingCount;
    case DetailsRole: return describeGeneration(step.message.generation);
    case BlocksRole: return splitBlocks(step.message.content);
    default: return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {{IdRole, "messageId"}, {RoleRole, "role"}, {ContentRole, "content"}, {StateRole, "messageState"},
            {BranchIndexRole, "branchIndex"}, {BranchCountRole, "branchCount"}, {DetailsRole, "details"}, {BlocksRole, "blocks"}};
}

void MessageListModel::setPath(const QList<PathStep>& path)
{
    beginResetModel();
    rows_ = path;
    endResetModel();
    emit countChanged();
}

void MessageListModel::append(const PathStep& step)
{
    beginInsertRows({}, int(rows_.size()), int(rows_.size()));
    rows_.append(step);
    endInsertRows();
    emit countChanged();
}

int MessageListModel::rowOf(qint64 messageId) const
{
    for (int row = int(rows_.size()) - 1; row >= 0; --row)
        if (rows_.at(row).message.id == messageId)
            return row;
    return -1;
}

void MessageListModel::appendText(qint64 messageId, const QString& piece)
{
    const int row = rowOf(messageId);
    if (row < 0)
        return;
    rows_[row].message.content += piece;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {ContentRole, BlocksRole});
}

void MessageListModel::finish(qint64 messageId, const QString& state, const QJsonObject& generation)
{
    const int row = rowOf(messageId);
    if (row < 0)
        return;
    rows_[row].message.state = state;
    rows_[row].message.generation = generation;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {StateRole, DetailsRole});
}

QVariantList MessageListModel::splitBlocks(const QString& markdown)
{
    QVariantList blocks;
    QStringList prose;
    QStringList code;
    QString fence;
    QString language;
    const auto flushProse = [&] {
        const QString text = prose.join(QLatin1Char('\n')).trimmed();
        if (!text.isEmpty())
            blocks << QVariantMap{{"code", false}, {"text", text}, {"language", QString()}};
        prose.clear();
    };
    for (const QString& line : markdown.split(QLatin1Char('\n'))) {
        const QString trimmed = line.trimmed();
        if (fence.isEmpty()) {
            if (trimmed.startsWith(QLatin1String("```")) || trimmed.startsWith(QLatin1String("~~~"))) {
                flushProse();
                fence = trimmed.left(3);
                language = trimmed.mid(3).trimmed();
            } else {
                prose << line;
            }
        } else if (trimmed == fence) {
            blocks << QVariantMap{{"code", true}, {"text", code.join(QLatin1Char('\n'))}, {"language", language}};
            code.clear();
            fence.clear();
        } else {
            code << line;
        }
    }
    if (!fence.isEmpty())
        blocks << QVariantMap{{"code", true}, {"text", code.join(QLatin1Char('\n'))}, {"language", language}};
    else
        flushProse();
    return blocks;
}

QString MessageListModel::describeGeneration(const QJsonObject& generation)
{
    if (generation.isEmpty())
        return {};
    const QLocale locale;
    const QJsonObject s = generation.value(QLatin1String("sampling")).toObject();
    QStringList parts;
    parts << tr("Model: %1").arg(generation.value(QLatin1String("model")).toString());
    parts << tr("temperature %1, top-k %2, top-p %3, min-p %4, repetition penalty %5, max %6 tokens")
                 .arg(locale.toString(s.value(QLatin1String("temperature")).toDouble()))
                 .arg(s.value(QLatin1String("top_k")).toInt())
                 .arg(locale.toString(s.value(QLatin1String("top_p")).toDouble()))
                 .arg(locale.toString(s.value(QLatin1String("min_p")).toDouble()))
                 .arg(locale.toString(s.value(QLatin1String("repetition_penalty")).toDouble()))
                 .arg(s.value(QLatin1String("max_tokens")).toInt());
    parts << tr("seed %1").arg(generation.value(QLatin1String("seed")).toInteger());
    const int changes = int(generation.value(QLatin1String("changes")).toArray().size());
    if (changes > 0)
        parts << tr("settings changed %n time(s) while answering", nullptr, changes);
    const QJsonObject stats = generation.value(QLatin1String("stats")).toObject();
    if (!stats.isEmpty())
        parts << tr("first token after %1 ms, %2 tokens/s")
                     .arg(locale.toString(stats.value(QLatin1String("time_to_first_token_ms")).toDouble(), 'f', 0))
                     .arg(locale.toString(stats.value(QLatin1String("decode_tokens_per_s")).toDouble(), 'f', 1));
    return parts.join(QStringLiteral(" · "));
}

#include "moc_messagelistmodel.cpp"
