#pragma once
// The messages of the branch on screen. Streaming pieces are appended in place (one
// dataChanged per piece, never a reset), so delegates and scrolling stay put.
#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include "storage.h"

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController.messages")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        RoleRole,
        ContentRole,
        StateRole,
        BranchIndexRole,
        BranchCountRole,
        DetailsRole, // model, settings, seed and speed of an answer, in words
        BlocksRole,  // [{code: bool, text, language}]: Markdown prose and fenced code blocks
    };
    Q_ENUM(Roles)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setPath(const QList<PathStep>& path);
    void append(const PathStep& step);
    void appendText(qint64 messageId, const QString& piece);
    void finish(qint64 messageId, const QString& state, const QJsonObject& generation);
    const QList<PathStep>& path() const { return rows_; }
    int rowOf(qint64 messageId) const;

    static QString describeGeneration(const QJsonObject& generation);
    // Splits Markdown at fenced code blocks (``` or ~~~), so the view can give each block a
    // copy button. An unclosed fence (an answer still streaming) runs to the end.
    static QVariantList splitBlocks(const QString& markdown);

signals:
    void countChanged();

private:
    QList<PathStep> rows_;
};
