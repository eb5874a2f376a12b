#pragma once
// The library of named system prompts; one of them is the default for new conversations.
#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include "storage.h"

class PresetListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController.presets")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles { IdRole = Qt::UserRole + 1, NameRole, TextRole, IsDefaultRole };
    Q_ENUM(Roles)

    explicit PresetListModel(Storage* storage, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Returns an error message ("" on success): names must be non-empty and unique.
    Q_INVOKABLE QString save(qint64 id, const QString& name, const QString& text);
    Q_INVOKABLE void remove(qint64 id);
    Q_INVOKABLE void makeDefault(qint64 id);
    Q_INVOKABLE QString textOf(qint64 id) const;
    QString defaultText() const;

signals:
    void countChanged();

private:
    void refresh();
    Storage* storage_;
    QList<Preset> rows_;
};
