// SPDX-License-Identifier: MIT
#include "routing/previewmodel.h"

#include <algorithm>

bool PreviewModel::Entry::moved() const
{
    return row.error.isEmpty() && (row.model != appliedModel || row.provider != appliedProvider);
}

bool PreviewModel::Entry::operator==(const Entry &o) const
{
    const PreviewRow &a = row;
    const PreviewRow &b = o.row;
    return a.label == b.label && a.prompt == b.prompt && a.classification == b.classification
        && a.provider == b.provider && a.model == b.model && qFuzzyCompare(1 + a.score, 1 + b.score)
        && a.reason == b.reason && a.runnerUpProvider == b.runnerUpProvider
        && a.runnerUpModel == b.runnerUpModel && qFuzzyCompare(2 + a.runnerUpScore, 2 + b.runnerUpScore)
        && a.error == b.error && appliedModel == o.appliedModel && appliedProvider == o.appliedProvider
        && typed == o.typed;
}

PreviewModel::PreviewModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int PreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant PreviewModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Entry &e = m_rows.at(index.row());
    const PreviewRow &r = e.row;
    switch (role) {
    case LabelRole:
        return r.label;
    case PromptRole:
        return r.prompt;
    case ClassificationRole:
        return r.classification;
    case ModelRole:
        return r.model;
    case ProviderRole:
        return r.provider;
    case ScoreRole:
        return r.error.isEmpty() ? QString::number(r.score, 'f', 2) : QString();
    case ReasonRole:
        return r.reason;
    case RunnerUpRole:
        return r.runnerUpScore < 0
            ? QString()
            : QStringLiteral("%1 · %2").arg(r.runnerUpModel).arg(r.runnerUpScore, 0, 'f', 2);
    case ErrorRole:
        return r.error;
    case MovedRole:
        return e.moved();
    case AppliedModelRole:
        return e.appliedModel;
    case TypedRole:
        return e.typed;
    default:
        return {};
    }
}

QHash<int, QByteArray> PreviewModel::roleNames() const
{
    return {{LabelRole, "label"}, {PromptRole, "prompt"}, {ClassificationRole, "classification"},
        {ModelRole, "model"}, {ProviderRole, "provider"}, {ScoreRole, "score"}, {ReasonRole, "reason"},
        {RunnerUpRole, "runnerUp"}, {ErrorRole, "error"}, {MovedRole, "moved"},
        {AppliedModelRole, "appliedModel"}, {TypedRole, "typed"}};
}

void PreviewModel::update(const QList<PreviewRow> &edited, const QList<PreviewRow> &applied, bool typedFirst)
{
    QList<Entry> next;
    next.reserve(edited.size());
    for (qsizetype i = 0; i < edited.size(); ++i) {
        Entry e;
        e.row = edited.at(i);
        if (i < applied.size() && applied.at(i).error.isEmpty()) {
            e.appliedModel = applied.at(i).model;
            e.appliedProvider = applied.at(i).provider;
        }
        e.typed = typedFirst && i == 0;
        next.append(e);
    }
    // Only the typed row comes and goes, at the top: insert or remove there, then compare in place.
    const qsizetype before = m_rows.size();
    if (next.size() > m_rows.size()) {
        const int added = int(next.size() - m_rows.size());
        beginInsertRows({}, 0, added - 1);
        m_rows = next.mid(0, added) + m_rows;
        endInsertRows();
    } else if (next.size() < m_rows.size()) {
        beginRemoveRows({}, 0, int(m_rows.size() - next.size()) - 1);
        m_rows.remove(0, m_rows.size() - next.size());
        endRemoveRows();
    }
    for (qsizetype i = 0; i < next.size(); ++i) {
        if (m_rows.at(i) == next.at(i))
            continue;
        m_rows[i] = next.at(i);
        Q_EMIT dataChanged(index(int(i)), index(int(i)));
    }
    if (m_rows.size() != before)
        Q_EMIT countChanged();
    const int moved
        = int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Entry &e) { return e.moved(); }));
    if (moved != m_moved) {
        m_moved = moved;
        Q_EMIT movedChanged();
    }
}
