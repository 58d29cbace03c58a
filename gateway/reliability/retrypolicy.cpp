// SPDX-License-Identifier: MIT
#include "reliability/retrypolicy.h"

#include <cmath>

bool RetryPolicy::countsAgainstProvider(const GatewayError &error)
{
    return error.isRetryable() && error.status != 429;
}

bool RetryPolicy::retriesSameDeployment(const GatewayError &error)
{
    if (!error.isRetryable() || error.status == 504 || error.status == 408)
        return false;
    return error.code != QLatin1String("upstream_auth_failed");
}

int RetryPolicy::delayMs(int retry, const GatewayError &error, double random) const
{
    if (retry >= m_config.retries)
        return -1;
    if (error.retryAfterSeconds >= 0) {
        const qint64 ms = qint64(error.retryAfterSeconds) * 1000;
        return ms <= m_config.maxRetryAfterMs ? int(ms) : -1;
    }
    const double exponential = std::ldexp(double(m_config.baseDelayMs), qMin(retry, 20));
    const double capped = qMin(double(m_config.maxDelayMs), exponential);
    return int(capped / 2 + capped / 2 * qBound(0.0, random, 1.0));
}
