// SPDX-License-Identifier: MIT
#pragma once

#include "engine/config.h"

#include <QHash>
#include <QString>
#include <QStringList>

/** @brief Capabilities as bits, so routing checks them without string compares. */
namespace Capability {
enum : quint32 {
    Tools = 1u << 0,
    Vision = 1u << 1,
    Json = 1u << 2,
    Reasoning = 1u << 3,
    Embedding = 1u << 4,
};
/// The bits of the names it knows ("tools", "vision", "json", "reasoning", "embedding").
quint32 fromNames(const QStringList &names);
QStringList names(quint32 bits);
} // namespace Capability

/** @brief What the catalog knows about one model: prices, quality, context, capabilities. */
struct ModelInfo
{
    QString id;
    double inputPer1M = 0;
    double outputPer1M = 0;
    double cachedInputPer1M = -1; ///< < 0: cache reads priced as input
    double cacheWritePer1M = -1; ///< < 0: cache writes priced as input
    double quality = 50;
    qint64 contextWindow = 0;
    qint64 maxOutputTokens = 0; ///< 0: unknown (Anthropic requests then default to 4096)
    QStringList capabilities;
    double typicalTtftMs = 0;
    bool known = false; ///< false: not in models.json nor the config; served at price 0
    quint32 capabilityBits = 0; ///< Capability bits of `capabilities`

    [[nodiscard]] bool has(const QString &capability) const { return capabilities.contains(capability); }
    /// One price per 1M tokens to compare models by (key and routing limits): input and output
    /// blended 3:1, the usual ratio of prompt to completion tokens.
    [[nodiscard]] double blendedPricePer1M() const { return (3 * inputPer1M + outputPer1M) / 4; }
    /// Cost in USD of a call. @p cachedTokens (cache reads) and @p cacheWriteTokens are part of
    /// @p promptTokens (OpenAI semantics) and are priced at their own prices.
    [[nodiscard]] double cost(qint64 promptTokens, qint64 completionTokens, qint64 cachedTokens = 0,
        qint64 cacheWriteTokens = 0) const;
};

/** @brief A provider preset: the base URL and the models an OpenAI-compatible service serves. */
struct ProviderPreset
{
    QString name;
    QString baseUrl;
    QStringList models;
    bool local = false;
    bool streamUsage = true; ///< accepts stream_options.include_usage
};

/**
 * @brief The model catalog: the built-in resources/models.json plus the config's `models`.
 *
 * Lookups are by model id; a config entry overrides only the fields it sets.
 */
class Catalog
{
public:
    Catalog();
    /// Loads the built-in catalog (from the resource) and applies @p overrides.
    bool load(const QList<ModelConfig> &overrides, QString *error);
    /// Loads from a JSON document (tests).
    bool loadFrom(const QByteArray &json, const QList<ModelConfig> &overrides, QString *error);

    /// The model's entry; an unknown id gives an entry with known = false and price 0.
    [[nodiscard]] ModelInfo model(const QString &id) const;
    [[nodiscard]] bool contains(const QString &id) const { return m_models.contains(id); }
    [[nodiscard]] QList<ModelInfo> models() const { return m_models.values(); }
    [[nodiscard]] const ProviderPreset *preset(const QString &name) const;
    [[nodiscard]] QStringList presetNames() const { return m_presets.keys(); }

private:
    QHash<QString, ModelInfo> m_models;
    QHash<QString, ProviderPreset> m_presets;
};
