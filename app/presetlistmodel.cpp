#include "presetlistmodel.h"

PresetListModel::PresetListModel(Storage* storage, QObject* parent) : QAbstractListModel(parent), storage_(storage)
{
    refresh();
}

int PresetListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant PresetListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Preset& p = rows_.at(index.row());
    switch (role) {
    case IdRole: return p.id;
    case Qt::DisplayRole:
    case NameRole: return p.name;
    case TextRole: return p.text;
    case IsDefaultRole: return p.isDefault;
    default: return {};
    }
}

QHash<int, QByteArray> PresetListModel::roleNames() const
{
    return {{IdRole, "presetId"}, {NameRole, "name"}, {TextRole, "presetText"}, {IsDefaultRole, "isDefault"}};
}

QString PresetListModel::save(qint64 id, const QString& name, const QString& text)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return tr("Give the preset a name.");
    for (const Preset& p : std::as_const(rows_))
        if (p.id != id && p.name.compare(trimmed, Qt::CaseInsensitive) == 0)
            return tr("A preset named “%1” already exists; choose another name.").arg(trimmed);
    storage_->savePreset(Preset{id, trimmed, text, false});
    refresh();
    return {};
}

void PresetListModel::remove(qint64 id)
{
    storage_->deletePreset(id);
    refresh();
}

void PresetListModel::makeDefault(qint64 id)
{
    storage_->setDefaultPreset(id);
    refresh();
}

QString PresetListModel::textOf(qint64 id) const
{
    for (const Preset& p : rows_)
        if (p.id == id)
            return p.text;
    return {};
}

QString PresetListModel::defaultText() const
{
    for (const Preset& p : rows_)
        if (p.isDefault)
            return p.text;
    return {};
}

void PresetListModel::refresh()
{
    beginResetModel();
    rows_ = storage_->presets();
    endResetModel();
    emit countChanged();
}

#include "moc_presetlistmodel.cpp"
