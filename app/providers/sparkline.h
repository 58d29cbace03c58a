// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QList>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

/**
 * @brief A small line chart of recent values (a provider's p50 latency per interval), scaled to
 * its own maximum; a negative value is a gap (no traffic in that interval).
 */
class Sparkline : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QList<qreal> values READ values WRITE setValues NOTIFY valuesChanged)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)
    Q_PROPERTY(bool empty READ empty NOTIFY valuesChanged)
public:
    explicit Sparkline(QQuickItem *parent = nullptr);

    [[nodiscard]] QList<qreal> values() const { return m_values; }
    void setValues(const QList<qreal> &values);
    [[nodiscard]] QColor color() const { return m_color; }
    void setColor(const QColor &color);
    /// No value to draw.
    [[nodiscard]] bool empty() const;

    void paint(QPainter *painter) override;

Q_SIGNALS:
    void valuesChanged();
    void colorChanged();

private:
    QList<qreal> m_values;
    QColor m_color = Qt::gray;
};
