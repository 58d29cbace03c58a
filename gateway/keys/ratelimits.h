// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

/**
 * @brief A key's rate limits: requests and tokens per minute (sliding 60 s window) and requests
 * in flight at once. 0 means no limit. Admin API shape: {"rpm"?, "tpm"?, "parallel"?}.
 */
struct RateLimits
{
    qint64 rpm = 0;
    qint64 tpm = 0;
    qint64 parallel = 0;

    [[nodiscard]] bool isSet() const { return rpm > 0 || tpm > 0 || parallel > 0; }
    [[nodiscard]] QJsonObject toJson() const;
    static std::optional<RateLimits> fromJson(const QJsonValue &value, const QString &path, QString *error);

    friend bool operator==(const RateLimits &, const RateLimits &) = default;
};
