// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QList>

#include <algorithm>

/**
 * @brief A list model whose rows have ids, brought up to date with the finest signals.
 *
 * syncRows() makes @p rows equal @p next matched by id: rows that went away are removed (from
 * the bottom), new ones inserted where they belong, reordered ones moved, and rows whose shown
 * content changed (@p same says false) emit dataChanged; rows equal in what they show take the
 * new value silently. Never a reset, so views keep their scroll position, selection and delegates.
 */
class RowsByIdModel : public QAbstractListModel
{
public:
    using QAbstractListModel::QAbstractListModel;

protected:
    template<typename Row, typename IdOf, typename Same>
    void syncRows(QList<Row> &rows, const QList<Row> &next, IdOf idOf, Same same)
    {
        for (qsizetype i = rows.size() - 1; i >= 0; --i) {
            const auto id = idOf(rows.at(i));
            if (std::none_of(next.cbegin(), next.cend(), [&](const Row &r) { return idOf(r) == id; })) {
                beginRemoveRows({}, int(i), int(i));
                rows.removeAt(i);
                endRemoveRows();
            }
        }
        for (qsizetype i = 0; i < next.size(); ++i) {
            const auto id = idOf(next.at(i));
            qsizetype at = -1;
            for (qsizetype j = i; j < rows.size(); ++j) {
                if (idOf(rows.at(j)) == id) {
                    at = j;
                    break;
                }
            }
            if (at < 0) {
                beginInsertRows({}, int(i), int(i));
                rows.insert(i, next.at(i));
                endInsertRows();
                continue;
            }
            if (at != i) {
                beginMoveRows({}, int(at), int(at), {}, int(i));
                rows.move(at, i);
                endMoveRows();
            }
            const bool changed = !same(rows.at(i), next.at(i));
            rows[i] = next.at(i);
            if (changed)
                Q_EMIT dataChanged(index(int(i)), index(int(i)));
        }
    }
};
