// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QJsonObject>
#include <QtQml/qqmlregistration.h>

/**
 * @brief The redaction rules of the API Keys screen's settings: the built-in ones (e-mail,
 * phone, credit card, IBAN, API-key-like strings), each on or off, then the user's own regexes,
 * read from the config's `guardrails.redaction` as the engine holds it.
 */
class RedactionRuleModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Keys")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        RuleNameRole = Qt::UserRole + 1, ///< "email", or the custom rule's name
        LabelRole, ///< "E-mail addresses"
        DetailRole, ///< what it replaces: "alice@example.com → [EMAIL]", or the custom pattern
        BuiltInRole,
        EnabledRole, ///< built-in rules: on; custom rules are always on while they exist
    };
    Q_ENUM(Role)

    explicit RedactionRuleModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// @p redaction: the `guardrails.redaction` object ({"rules", "custom", "applyTo"}).
    void setRedaction(const QJsonObject &redaction);

Q_SIGNALS:
    void countChanged();

private:
    struct Rule
    {
        QString name;
        QString label;
        QString detail;
        bool builtIn = false;
        bool enabled = false;
        friend bool operator==(const Rule &, const Rule &) = default;
    };
    QList<Rule> m_rows;
};
