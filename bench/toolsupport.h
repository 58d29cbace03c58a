// SPDX-License-Identifier: MIT
// What the two benchmark tools share: a monotonic clock and case-insensitive header matching.
#pragma once

#include <string_view>
#include <time.h>

inline long long nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/// @p text starts with @p lowerPrefix, ignoring ASCII case ("Content-Length:" vs "content-length:").
inline bool iequalsPrefix(std::string_view text, std::string_view lowerPrefix)
{
    if (text.size() < lowerPrefix.size())
        return false;
    for (size_t i = 0; i < lowerPrefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != lowerPrefix[i])
            return false;
    }
    return true;
}
