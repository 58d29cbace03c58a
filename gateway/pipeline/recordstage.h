// SPDX-License-Identifier: MIT
#pragma once

#include "pipeline/stage.h"

#include <functional>

struct RequestLogRow;

/** @brief Step 11: the request-log row (written asynchronously by the store thread) and stats. */
class RecordStage : public Stage
{
public:
    using Sink = std::function<void(RequestLogRow &&)>;
    explicit RecordStage(Sink sink)
        : m_sink(std::move(sink))
    { }
    const char *name() const override { return "record"; }
    void after(RequestContext &ctx) override;

    static RequestLogRow toRow(const RequestContext &ctx, qint64 nowNs);

private:
    Sink m_sink;
};
