// SPDX-License-Identifier: MIT
#include "engine/config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimeZone>

#include <algorithm>

namespace {

const QStringList kProviderTypes = {QStringLiteral("openai"), QStringLiteral("anthropic"),
    QStringLiteral("gemini"), QStringLiteral("ollama"), QStringLiteral("mock")};

/// Walks a JSON object, remembering the path, so every error can name where it is.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path, QString *error)
        : m_object(object)
        , m_path(std::move(path))
        , m_error(error)
    { }

    [[nodiscard]] bool ok() const { return m_error->isEmpty(); }

    QString childPath(const QString &key) const { return m_path.isEmpty() ? key : m_path + u'.' + key; }

    void fail(const QString &key, const QString &what)
    {
        if (m_error->isEmpty())
            *m_error = childPath(key) + QStringLiteral(": ") + what;
    }

    /// Every key present must be in @p allowed.
    void allowOnly(const QStringList &allowed)
    {
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!allowed.contains(it.key())) {
                fail(it.key(), QStringLiteral("unknown key (expected one of: %1)").arg(allowed.join(u", ")));
                return;
            }
        }
    }

    bool has(const QString &key) const { return m_object.contains(key); }

    QString string(const QString &key, const QString &fallback)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isString()) {
            fail(key, QStringLiteral("expected a string"));
            return fallback;
        }
        return Config::expandEnvironment(v.toString());
    }

    bool boolean(const QString &key, bool fallback)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            fail(key, QStringLiteral("expected true or false"));
            return fallback;
        }
        return v.toBool();
    }

    std::optional<double> number(const QString &key, double min, double max)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isDouble()) {
            fail(key, QStringLiteral("expected a number"));
            return std::nullopt;
        }
        const double d = v.toDouble();
        if (d < min || d > max) {
            fail(key, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
            return std::nullopt;
        }
        return d;
    }

    std::optional<qint64> integer(const QString &key, qint64 min, qint64 max)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return std::nullopt;
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != double(qint64(d))) {
            fail(key, QStringLiteral("expected a whole number"));
            return std::nullopt;
        }
        if (d < double(min) || d > double(max)) {
            fail(key, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
            return std::nullopt;
        }
        return qint64(d);
    }

    std::optional<QStringList> stringList(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isArray()) {
            fail(key, QStringLiteral("expected an array of strings"));
            return std::nullopt;
        }
        QStringList out;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString()) {
                fail(key + QStringLiteral("[%1]").arg(i), QStringLiteral("expected a string"));
                return std::nullopt;
            }
            out << Config::expandEnvironment(a.at(i).toString());
        }
        return out;
    }

    /// A nested object; returns an empty object (and fails) when the value is not one.
    std::optional<QJsonObject> object(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isObject()) {
            fail(key, QStringLiteral("expected an object"));
            return std::nullopt;
        }
        return v.toObject();
    }

    std::optional<QJsonArray> array(const QString &key)
    {
        const QJsonValue v = m_object.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isArray()) {
            fail(key, QStringLiteral("expected an array"));
            return std::nullopt;
        }
        return v.toArray();
    }

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

void parseServer(const QJsonObject &o, ServerConfig &s, QString *error)
{
    Reader r(o, QStringLiteral("server"), error);
    r.allowOnly({QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("requireApiKey"),
        QStringLiteral("adminKey"), QStringLiteral("allowedOrigins"), QStringLiteral("maxBodyBytes")});
    s.host = r.string(QStringLiteral("host"), s.host);
    if (r.ok() && s.host.trimmed().isEmpty())
        r.fail(QStringLiteral("host"), QStringLiteral("must not be empty"));
    if (auto port = r.integer(QStringLiteral("port"), 0, 65535))
        s.port = int(*port);
    s.requireApiKey = r.boolean(QStringLiteral("requireApiKey"), s.requireApiKey);
    s.adminKey = r.string(QStringLiteral("adminKey"), s.adminKey);
    if (auto origins = r.stringList(QStringLiteral("allowedOrigins")))
        s.allowedOrigins = *origins;
    if (auto max = r.integer(QStringLiteral("maxBodyBytes"), 1024, 1LL << 32))
        s.maxBodyBytes = *max;
}

void parseStorage(const QJsonObject &o, StorageConfig &s, QString *error)
{
    Reader r(o, QStringLiteral("storage"), error);
    r.allowOnly({QStringLiteral("driver"), QStringLiteral("path")});
    s.driver = r.string(QStringLiteral("driver"), s.driver);
    if (r.ok() && s.driver != QLatin1String("sqlite"))
        r.fail(QStringLiteral("driver"),
            QStringLiteral("unsupported driver \"%1\" (supported: sqlite)").arg(s.driver));
    s.path = r.string(QStringLiteral("path"), s.path);
}

void parseProvider(const QJsonObject &o, const QString &path, ProviderConfig &p, QString *error)
{
    Reader r(o, path, error);
    r.allowOnly({QStringLiteral("id"), QStringLiteral("type"), QStringLiteral("preset"),
        QStringLiteral("baseUrl"), QStringLiteral("apiKey"), QStringLiteral("models"),
        QStringLiteral("enabled"), QStringLiteral("timeoutMs"), QStringLiteral("connectTimeoutMs"),
        QStringLiteral("paceMs"), QStringLiteral("headers"), QStringLiteral("weight")});
    if (!r.has(QStringLiteral("id")))
        r.fail(QStringLiteral("id"), QStringLiteral("is required"));
    if (!r.has(QStringLiteral("type")))
        r.fail(QStringLiteral("type"), QStringLiteral("is required"));
    p.id = r.string(QStringLiteral("id"), {});
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    if (r.ok() && !idPattern.match(p.id).hasMatch())
        r.fail(QStringLiteral("id"),
            QStringLiteral("must be letters, digits, '.', '_' or '-' (got \"%1\")").arg(p.id));
    p.type = r.string(QStringLiteral("type"), {});
    if (r.ok() && !kProviderTypes.contains(p.type))
        r.fail(QStringLiteral("type"),
            QStringLiteral("unknown provider type \"%1\" (expected one of: %2)")
                .arg(p.type, kProviderTypes.join(u", ")));
    p.preset = r.string(QStringLiteral("preset"), {});
    p.baseUrl = r.string(QStringLiteral("baseUrl"), {});
    if (r.ok() && !p.baseUrl.isEmpty()) {
        const QUrl url(p.baseUrl);
        if (!url.isValid()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty())
            r.fail(QStringLiteral("baseUrl"), QStringLiteral("expected an http:// or https:// URL"));
    }
    p.apiKey = r.string(QStringLiteral("apiKey"), {});
    if (auto models = r.stringList(QStringLiteral("models")))
        p.models = *models;
    p.enabled = r.boolean(QStringLiteral("enabled"), true);
    if (auto t = r.integer(QStringLiteral("timeoutMs"), 100, 3600000))
        p.timeoutMs = int(*t);
    if (auto t = r.integer(QStringLiteral("connectTimeoutMs"), 100, 600000))
        p.connectTimeoutMs = int(*t);
    if (auto t = r.integer(QStringLiteral("paceMs"), 0, 60000))
        p.paceMs = int(*t);
    if (auto w = r.integer(QStringLiteral("weight"), 0, 1000))
        p.weight = int(*w);
    if (auto headers = r.object(QStringLiteral("headers"))) {
        for (auto it = headers->constBegin(); it != headers->constEnd(); ++it) {
            if (!it.value().isString()) {
                r.fail(QStringLiteral("headers.") + it.key(), QStringLiteral("expected a string"));
                break;
            }
            p.headers.insert(it.key(), Config::expandEnvironment(it.value().toString()));
        }
    }
}

void parseModel(const QJsonObject &o, const QString &path, ModelConfig &m, QString *error)
{
    Reader r(o, path, error);
    r.allowOnly({QStringLiteral("id"), QStringLiteral("provider"), QStringLiteral("inputPer1M"),
        QStringLiteral("outputPer1M"), QStringLiteral("cachedInputPer1M"), QStringLiteral("cacheWritePer1M"),
        QStringLiteral("quality"), QStringLiteral("contextWindow"), QStringLiteral("maxOutputTokens"),
        QStringLiteral("capabilities"), QStringLiteral("typicalTtftMs")});
    if (!r.has(QStringLiteral("id")))
        r.fail(QStringLiteral("id"), QStringLiteral("is required"));
    m.id = r.string(QStringLiteral("id"), {});
    m.provider = r.string(QStringLiteral("provider"), {});
    m.inputPer1M = r.number(QStringLiteral("inputPer1M"), 0, 1e6);
    m.outputPer1M = r.number(QStringLiteral("outputPer1M"), 0, 1e6);
    m.cachedInputPer1M = r.number(QStringLiteral("cachedInputPer1M"), 0, 1e6);
    m.cacheWritePer1M = r.number(QStringLiteral("cacheWritePer1M"), 0, 1e6);
    m.quality = r.number(QStringLiteral("quality"), 0, 100);
    m.contextWindow = r.integer(QStringLiteral("contextWindow"), 1, 100000000);
    m.maxOutputTokens = r.integer(QStringLiteral("maxOutputTokens"), 1, 100000000);
    m.capabilities = r.stringList(QStringLiteral("capabilities"));
    m.typicalTtftMs = r.number(QStringLiteral("typicalTtftMs"), 0, 600000);
}

void parseRouting(const QJsonObject &o, RoutingConfig &rc, QString *error)
{
    Reader r(o, QStringLiteral("routing"), error);
    r.allowOnly({QStringLiteral("strategy"), QStringLiteral("weights"), QStringLiteral("fallbacks"),
        QStringLiteral("defaultModel"), QStringLiteral("preferLocal"), QStringLiteral("localMargin"),
        QStringLiteral("constraints"), QStringLiteral("autoFallback"), QStringLiteral("balancing"),
        QStringLiteral("maxAttempts"), QStringLiteral("deadlineMs"), QStringLiteral("healthCheckIntervalMs"),
        QStringLiteral("retry"), QStringLiteral("circuitBreaker")});
    rc.strategy = r.string(QStringLiteral("strategy"), rc.strategy);
    if (r.ok() && !RoutingConfig::strategies().contains(rc.strategy))
        r.fail(QStringLiteral("strategy"),
            QStringLiteral("unknown strategy \"%1\" (expected one of: %2)")
                .arg(rc.strategy, RoutingConfig::strategies().join(u", ")));
    rc.defaultModel = r.string(QStringLiteral("defaultModel"), rc.defaultModel);
    if (auto weights = r.object(QStringLiteral("weights"))) {
        Reader w(*weights, r.childPath(QStringLiteral("weights")), error);
        w.allowOnly({QStringLiteral("cost"), QStringLiteral("quality"), QStringLiteral("latency")});
        rc.costWeight = w.number(QStringLiteral("cost"), 0, 1).value_or(rc.costWeight);
        rc.qualityWeight = w.number(QStringLiteral("quality"), 0, 1).value_or(rc.qualityWeight);
        rc.latencyWeight = w.number(QStringLiteral("latency"), 0, 1).value_or(rc.latencyWeight);
        if (w.ok() && rc.costWeight + rc.qualityWeight + rc.latencyWeight <= 0)
            w.fail(QStringLiteral("cost"), QStringLiteral("at least one weight must be above 0"));
    }
    if (auto fallbacks = r.object(QStringLiteral("fallbacks"))) {
        Reader f(*fallbacks, r.childPath(QStringLiteral("fallbacks")), error);
        for (auto it = fallbacks->constBegin(); it != fallbacks->constEnd(); ++it) {
            if (auto list = f.stringList(it.key()))
                rc.fallbacks.insert(it.key(), *list);
        }
    }
    rc.preferLocal = r.boolean(QStringLiteral("preferLocal"), rc.preferLocal);
    rc.localMargin = r.number(QStringLiteral("localMargin"), 0, 1).value_or(rc.localMargin);
    if (auto constraints = r.object(QStringLiteral("constraints"))) {
        Reader c(*constraints, r.childPath(QStringLiteral("constraints")), error);
        c.allowOnly({QStringLiteral("maxPricePer1M"), QStringLiteral("maxP95LatencyMs"),
            QStringLiteral("requiredCapabilities")});
        rc.constraints.maxPricePer1M
            = c.number(QStringLiteral("maxPricePer1M"), 0, 1e6).value_or(rc.constraints.maxPricePer1M);
        rc.constraints.maxP95LatencyMs = c.number(QStringLiteral("maxP95LatencyMs"), 1, 3600000)
                                             .value_or(rc.constraints.maxP95LatencyMs);
        if (auto caps = c.stringList(QStringLiteral("requiredCapabilities"))) {
            for (const QString &cap : std::as_const(*caps)) {
                if (!RoutingConfig::knownCapabilities().contains(cap)) {
                    c.fail(QStringLiteral("requiredCapabilities"),
                        QStringLiteral("unknown capability \"%1\" (expected some of: %2)")
                            .arg(cap, RoutingConfig::knownCapabilities().join(u", ")));
                    break;
                }
            }
            rc.constraints.requiredCapabilities = *caps;
        }
    }
    rc.autoFallback = r.boolean(QStringLiteral("autoFallback"), rc.autoFallback);
    rc.balancing = r.string(QStringLiteral("balancing"), rc.balancing);
    if (r.ok() && !RoutingConfig::balancingModes().contains(rc.balancing))
        r.fail(QStringLiteral("balancing"),
            QStringLiteral("unknown balancing \"%1\" (expected one of: %2)")
                .arg(rc.balancing, RoutingConfig::balancingModes().join(u", ")));
    if (auto n = r.integer(QStringLiteral("maxAttempts"), 1, 20))
        rc.maxAttempts = int(*n);
    if (auto n = r.integer(QStringLiteral("deadlineMs"), 0, 3600000))
        rc.deadlineMs = int(*n);
    if (auto n = r.integer(QStringLiteral("healthCheckIntervalMs"), 0, 86400000))
        rc.healthCheckIntervalMs = int(*n);
    if (rc.healthCheckIntervalMs > 0 && rc.healthCheckIntervalMs < 1000)
        r.fail(QStringLiteral("healthCheckIntervalMs"), QStringLiteral("must be 0 (off) or at least 1000"));
    if (auto retry = r.object(QStringLiteral("retry"))) {
        Reader t(*retry, r.childPath(QStringLiteral("retry")), error);
        t.allowOnly({QStringLiteral("retries"), QStringLiteral("baseDelayMs"), QStringLiteral("maxDelayMs"),
            QStringLiteral("maxRetryAfterMs")});
        if (auto n = t.integer(QStringLiteral("retries"), 0, 10))
            rc.retry.retries = int(*n);
        if (auto n = t.integer(QStringLiteral("baseDelayMs"), 0, 60000))
            rc.retry.baseDelayMs = int(*n);
        if (auto n = t.integer(QStringLiteral("maxDelayMs"), 0, 600000))
            rc.retry.maxDelayMs = int(*n);
        if (auto n = t.integer(QStringLiteral("maxRetryAfterMs"), 0, 600000))
            rc.retry.maxRetryAfterMs = int(*n);
    }
    if (auto breaker = r.object(QStringLiteral("circuitBreaker"))) {
        Reader b(*breaker, r.childPath(QStringLiteral("circuitBreaker")), error);
        b.allowOnly({QStringLiteral("failureThreshold"), QStringLiteral("cooldownMs"),
            QStringLiteral("maxCooldownMs"), QStringLiteral("halfOpenSuccesses")});
        if (auto n = b.integer(QStringLiteral("failureThreshold"), 1, 1000))
            rc.circuitBreaker.failureThreshold = int(*n);
        if (auto n = b.integer(QStringLiteral("cooldownMs"), 10, 86400000))
            rc.circuitBreaker.cooldownMs = int(*n);
        if (auto n = b.integer(QStringLiteral("maxCooldownMs"), 10, 86400000))
            rc.circuitBreaker.maxCooldownMs = int(*n);
        if (auto n = b.integer(QStringLiteral("halfOpenSuccesses"), 1, 100))
            rc.circuitBreaker.halfOpenSuccesses = int(*n);
        if (b.ok() && rc.circuitBreaker.maxCooldownMs < rc.circuitBreaker.cooldownMs)
            b.fail(QStringLiteral("maxCooldownMs"), QStringLiteral("must not be below cooldownMs"));
    }
}

void parseBudgets(const QJsonObject &o, BudgetsConfig &b, QString *error)
{
    Reader r(o, QStringLiteral("budgets"), error);
    r.allowOnly({QStringLiteral("global"), QStringLiteral("local"), QStringLiteral("alerts"),
        QStringLiteral("timeZone")});
    for (const QString &key : {QStringLiteral("global"), QStringLiteral("local")}) {
        if (!r.ok() || !o.contains(key))
            continue;
        QString specError;
        auto spec = BudgetSpec::fromJson(o.value(key), r.childPath(key), &specError);
        if (!spec) {
            *error = specError;
            return;
        }
        (key == QLatin1String("global") ? b.global : b.local) = *spec;
    }
    if (auto alerts = r.array(QStringLiteral("alerts"))) {
        b.alerts.clear();
        for (const QJsonValue &v : *alerts) {
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d < 1 || d > 1000 || d != double(int(d))) {
                r.fail(QStringLiteral("alerts"), QStringLiteral("expected whole percentages from 1 to 1000"));
                return;
            }
            b.alerts << int(d);
        }
        std::sort(b.alerts.begin(), b.alerts.end());
    }
    b.timeZone = r.string(QStringLiteral("timeZone"), b.timeZone);
    if (r.ok() && !b.timeZone.isEmpty() && b.timeZone != QLatin1String("system")
        && !QTimeZone(b.timeZone.toUtf8()).isValid())
        r.fail(QStringLiteral("timeZone"),
            QStringLiteral("unknown time zone \"%1\" (expected an IANA name such as Europe/Paris, or "
                           "\"system\")")
                .arg(b.timeZone));
    if (b.timeZone == QLatin1String("system"))
        b.timeZone.clear();
}

void parseGuardrails(const QJsonObject &o, GuardrailsConfig &g, QString *error)
{
    Reader r(o, QStringLiteral("guardrails"), error);
    r.allowOnly({QStringLiteral("redaction")});
    auto redaction = r.object(QStringLiteral("redaction"));
    if (!redaction || !r.ok())
        return;
    Reader rr(*redaction, QStringLiteral("guardrails.redaction"), error);
    rr.allowOnly({QStringLiteral("rules"), QStringLiteral("custom"), QStringLiteral("applyTo")});
    if (auto rules = rr.stringList(QStringLiteral("rules"))) {
        for (const QString &rule : *rules) {
            if (!GuardrailsConfig::builtInRules().contains(rule)) {
                rr.fail(QStringLiteral("rules"),
                    QStringLiteral("unknown rule \"%1\" (expected any of: %2)")
                        .arg(rule, GuardrailsConfig::builtInRules().join(u", ")));
                return;
            }
        }
        g.rules = *rules;
    }
    if (auto custom = rr.array(QStringLiteral("custom"))) {
        for (qsizetype i = 0; i < custom->size() && rr.ok(); ++i) {
            const QString path = QStringLiteral("custom[%1]").arg(i);
            if (!custom->at(i).isObject()) {
                rr.fail(path, QStringLiteral("expected an object"));
                return;
            }
            Reader c(custom->at(i).toObject(), rr.childPath(path), error);
            c.allowOnly({QStringLiteral("name"), QStringLiteral("pattern"), QStringLiteral("replacement")});
            RedactionRuleConfig rule;
            rule.name = c.string(QStringLiteral("name"), {});
            rule.pattern = c.string(QStringLiteral("pattern"), {});
            rule.replacement = c.string(QStringLiteral("replacement"), {});
            if (c.ok() && rule.name.trimmed().isEmpty())
                c.fail(QStringLiteral("name"), QStringLiteral("is required"));
            if (c.ok() && rule.pattern.isEmpty())
                c.fail(QStringLiteral("pattern"), QStringLiteral("is required"));
            if (c.ok()) {
                const QRegularExpression re(rule.pattern);
                if (!re.isValid())
                    c.fail(QStringLiteral("pattern"),
                        QStringLiteral("invalid regular expression: %1 (at offset %2)")
                            .arg(re.errorString())
                            .arg(re.patternErrorOffset()));
                else if (re.match(QString()).hasMatch())
                    c.fail(QStringLiteral("pattern"), QStringLiteral("must not match the empty string"));
            }
            g.custom << rule;
        }
    }
    if (auto targets = rr.stringList(QStringLiteral("applyTo"))) {
        g.requests = g.responses = g.logs = false;
        for (const QString &t : *targets) {
            if (t == QLatin1String("requests"))
                g.requests = true;
            else if (t == QLatin1String("responses"))
                g.responses = true;
            else if (t == QLatin1String("logs"))
                g.logs = true;
            else {
                rr.fail(QStringLiteral("applyTo"),
                    QStringLiteral("unknown target \"%1\" (expected any of: requests, responses, logs)")
                        .arg(t));
                return;
            }
        }
    }
}

void parseSecrets(const QJsonObject &o, SecretsConfig &s, QString *error)
{
    Reader r(o, QStringLiteral("secrets"), error);
    r.allowOnly({QStringLiteral("store"), QStringLiteral("timeoutMs")});
    s.store = r.string(QStringLiteral("store"), s.store);
    if (r.ok() && s.store != QLatin1String("keychain") && s.store != QLatin1String("environment"))
        r.fail(QStringLiteral("store"),
            QStringLiteral("unknown secret store \"%1\" (expected keychain or environment)").arg(s.store));
    if (auto t = r.integer(QStringLiteral("timeoutMs"), 100, 120000))
        s.timeoutMs = int(*t);
}

} // namespace

QJsonObject GuardrailsConfig::toJson() const
{
    QJsonArray customJson;
    for (const RedactionRuleConfig &r : custom) {
        QJsonObject o {{QLatin1String("name"), r.name}, {QLatin1String("pattern"), r.pattern}};
        if (!r.replacement.isEmpty())
            o.insert(QLatin1String("replacement"), r.replacement);
        customJson.append(o);
    }
    QJsonArray applyTo;
    if (requests)
        applyTo.append(QStringLiteral("requests"));
    if (responses)
        applyTo.append(QStringLiteral("responses"));
    if (logs)
        applyTo.append(QStringLiteral("logs"));
    return {{QLatin1String("redaction"),
        QJsonObject {{QLatin1String("rules"), QJsonArray::fromStringList(rules)},
            {QLatin1String("custom"), customJson}, {QLatin1String("applyTo"), applyTo}}}};
}

const QStringList &GuardrailsConfig::builtInRules()
{
    static const QStringList rules = {QStringLiteral("email"), QStringLiteral("phone"),
        QStringLiteral("creditCard"), QStringLiteral("iban"), QStringLiteral("apiKey")};
    return rules;
}

QString Config::expandEnvironment(const QString &value)
{
    if (!value.contains(QLatin1String("${")))
        return value;
    static const QRegularExpression var(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QString out;
    qsizetype last = 0;
    auto it = var.globalMatch(value);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(value).mid(last, m.capturedStart() - last);
        out += qEnvironmentVariable(m.captured(1).toLatin1().constData());
        last = m.capturedEnd();
    }
    out += QStringView(value).mid(last);
    return out;
}

std::optional<Config> Config::parse(const QByteArray &json, QString *error)
{
    QString err;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Report a line:column position, which a human can find in an editor.
        int line = 1, column = 1;
        for (int i = 0; i < parseError.offset && i < json.size(); ++i) {
            if (json.at(i) == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        *error = QStringLiteral("invalid JSON at line %1, column %2: %3")
                     .arg(line)
                     .arg(column)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("(root): expected an object");
        return std::nullopt;
    }
    Config c;
    const QJsonObject root = doc.object();
    Reader r(root, {}, &err);
    r.allowOnly({QStringLiteral("server"), QStringLiteral("storage"), QStringLiteral("providers"),
        QStringLiteral("models"), QStringLiteral("routing"), QStringLiteral("budgets"),
        QStringLiteral("guardrails"), QStringLiteral("secrets")});
    if (auto o = r.object(QStringLiteral("server")); o && err.isEmpty())
        parseServer(*o, c.server, &err);
    if (auto o = r.object(QStringLiteral("storage")); o && err.isEmpty())
        parseStorage(*o, c.storage, &err);
    if (auto a = r.array(QStringLiteral("providers")); a && err.isEmpty()) {
        for (qsizetype i = 0; i < a->size() && err.isEmpty(); ++i) {
            const QString path = QStringLiteral("providers[%1]").arg(i);
            if (!a->at(i).isObject()) {
                err = path + QStringLiteral(": expected an object");
                break;
            }
            ProviderConfig p;
            parseProvider(a->at(i).toObject(), path, p, &err);
            if (err.isEmpty() && c.provider(p.id))
                err = path + QStringLiteral(".id: duplicate provider id \"%1\"").arg(p.id);
            c.providers << p;
        }
    }
    if (auto a = r.array(QStringLiteral("models")); a && err.isEmpty()) {
        for (qsizetype i = 0; i < a->size() && err.isEmpty(); ++i) {
            const QString path = QStringLiteral("models[%1]").arg(i);
            if (!a->at(i).isObject()) {
                err = path + QStringLiteral(": expected an object");
                break;
            }
            ModelConfig m;
            parseModel(a->at(i).toObject(), path, m, &err);
            if (err.isEmpty() && !m.provider.isEmpty() && !c.provider(m.provider))
                err = path + QStringLiteral(".provider: no provider with id \"%1\"").arg(m.provider);
            c.models << m;
        }
    }
    if (auto o = r.object(QStringLiteral("routing")); o && err.isEmpty())
        parseRouting(*o, c.routing, &err);
    if (auto o = r.object(QStringLiteral("budgets")); o && err.isEmpty())
        parseBudgets(*o, c.budgets, &err);
    if (auto o = r.object(QStringLiteral("guardrails")); o && err.isEmpty())
        parseGuardrails(*o, c.guardrails, &err);
    if (auto o = r.object(QStringLiteral("secrets")); o && err.isEmpty())
        parseSecrets(*o, c.secrets, &err);
    if (!err.isEmpty()) {
        *error = err;
        return std::nullopt;
    }
    return c;
}

QByteArray Config::defaultDocument()
{
    QFile f(QStringLiteral(":/switchyard/config.default.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

std::optional<Config> Config::load(const QString &path, bool createIfMissing, QString *error)
{
    QFile file(path);
    if (!file.exists()) {
        if (!createIfMissing) {
            *error = QStringLiteral("config file %1 does not exist").arg(path);
            return std::nullopt;
        }
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(defaultDocument()) < 0 || !out.commit()) {
            *error = QStringLiteral("cannot create config file %1: %2").arg(path, out.errorString());
            return std::nullopt;
        }
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read config file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString err;
    auto config = parse(file.readAll(), &err);
    if (!config)
        *error = QStringLiteral("bad config %1: %2").arg(path, err);
    return config;
}

const QStringList &RoutingConfig::strategies()
{
    static const QStringList names = {QStringLiteral("balanced"), QStringLiteral("cost"),
        QStringLiteral("quality"), QStringLiteral("latency"), QStringLiteral("custom")};
    return names;
}

const QStringList &RoutingConfig::balancingModes()
{
    static const QStringList names
        = {QStringLiteral("failover"), QStringLiteral("weighted"), QStringLiteral("least-latency")};
    return names;
}

const QStringList &RoutingConfig::knownCapabilities()
{
    static const QStringList names = {QStringLiteral("tools"), QStringLiteral("vision"),
        QStringLiteral("json"), QStringLiteral("reasoning"), QStringLiteral("embedding")};
    return names;
}

QJsonObject RoutingConfig::toJson() const
{
    QJsonObject chains;
    for (auto it = fallbacks.constBegin(); it != fallbacks.constEnd(); ++it)
        chains.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonObject limits {{QLatin1String("requiredCapabilities"),
        QJsonArray::fromStringList(constraints.requiredCapabilities)}};
    if (constraints.maxPricePer1M >= 0)
        limits.insert(QLatin1String("maxPricePer1M"), constraints.maxPricePer1M);
    if (constraints.maxP95LatencyMs >= 0)
        limits.insert(QLatin1String("maxP95LatencyMs"), constraints.maxP95LatencyMs);
    return {{QLatin1String("strategy"), strategy},
        {QLatin1String("weights"),
            QJsonObject {{QLatin1String("cost"), costWeight}, {QLatin1String("quality"), qualityWeight},
                {QLatin1String("latency"), latencyWeight}}},
        {QLatin1String("defaultModel"), defaultModel}, {QLatin1String("fallbacks"), chains},
        {QLatin1String("preferLocal"), preferLocal}, {QLatin1String("localMargin"), localMargin},
        {QLatin1String("constraints"), limits}, {QLatin1String("autoFallback"), autoFallback},
        {QLatin1String("balancing"), balancing}, {QLatin1String("maxAttempts"), maxAttempts},
        {QLatin1String("deadlineMs"), deadlineMs},
        {QLatin1String("healthCheckIntervalMs"), healthCheckIntervalMs},
        {QLatin1String("retry"),
            QJsonObject {{QLatin1String("retries"), retry.retries},
                {QLatin1String("baseDelayMs"), retry.baseDelayMs},
                {QLatin1String("maxDelayMs"), retry.maxDelayMs},
                {QLatin1String("maxRetryAfterMs"), retry.maxRetryAfterMs}}},
        {QLatin1String("circuitBreaker"),
            QJsonObject {{QLatin1String("failureThreshold"), circuitBreaker.failureThreshold},
                {QLatin1String("cooldownMs"), circuitBreaker.cooldownMs},
                {QLatin1String("maxCooldownMs"), circuitBreaker.maxCooldownMs},
                {QLatin1String("halfOpenSuccesses"), circuitBreaker.halfOpenSuccesses}}}};
}

const QStringList &ProviderConfig::types()
{
    return kProviderTypes;
}

const ProviderConfig *Config::provider(const QString &id) const
{
    for (const auto &p : providers) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}
