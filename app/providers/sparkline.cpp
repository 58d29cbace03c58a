// SPDX-License-Identifier: MIT
#include "providers/sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

Sparkline::Sparkline(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setAntialiasing(true);
}

void Sparkline::setValues(const QList<qreal> &values)
{
    if (values == m_values)
        return;
    m_values = values;
    Q_EMIT valuesChanged();
    update();
}

void Sparkline::setColor(const QColor &color)
{
    if (color == m_color)
        return;
    m_color = color;
    Q_EMIT colorChanged();
    update();
}

bool Sparkline::empty() const
{
    return std::none_of(m_values.cbegin(), m_values.cend(), [](qreal v) { return v >= 0; });
}

void Sparkline::paint(QPainter *painter)
{
    const qsizetype n = m_values.size();
    const qreal w = width();
    const qreal h = height();
    if (n == 0 || w <= 2 || h <= 2)
        return;
    const qreal top = std::max<qreal>(*std::max_element(m_values.cbegin(), m_values.cend()), 1e-9);
    const qreal step = n > 1 ? (w - 2) / qreal(n - 1) : 0;
    auto point
        = [&](qsizetype i) { return QPointF(1 + step * qreal(i), h - 1 - (h - 2) * m_values.at(i) / top); };

    QColor fill = m_color;
    fill.setAlphaF(0.14f);
    QPen pen(m_color, 1.6);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    // One path per run of values without a gap; a lone value is a dot.
    qsizetype i = 0;
    while (i < n) {
        while (i < n && m_values.at(i) < 0)
            ++i;
        const qsizetype start = i;
        while (i < n && m_values.at(i) >= 0)
            ++i;
        if (start >= n)
            break;
        if (i - start == 1) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(m_color);
            painter->drawEllipse(point(start), 1.8, 1.8);
            continue;
        }
        QPainterPath line(point(start));
        for (qsizetype j = start + 1; j < i; ++j)
            line.lineTo(point(j));
        QPainterPath area = line;
        area.lineTo(point(i - 1).x(), h);
        area.lineTo(point(start).x(), h);
        area.closeSubpath();
        painter->setPen(Qt::NoPen);
        painter->fillPath(area, fill);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(line);
    }
}
