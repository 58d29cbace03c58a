// SPDX-License-Identifier: MIT
#pragma once

#include "core/qmlsingleton.h"

#include "providers/providerlistmodel.h"

#include <QHash>
#include <QObject>
#include <QtQml/qqmlregistration.h>

class EngineHost;

/**
 * @brief The Providers screen: the configured providers with their live state, and the editor
 * that adds or changes one (type, preset, base URL, API key, models, enabled), tests the
 * connection and discovers the models a service offers. Every change goes through the engine's
 * ConfigEditor (the admin API's object, in the engine thread): validated, saved to the config
 * file, applied to the next request.
 *
 * Keys are shown masked; sending the masked value back keeps the stored key.
 */
class ProvidersController : public QObject, public QmlSingleton<ProvidersController>
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Providers)
    QML_SINGLETON
    Q_PROPERTY(ProviderListModel *list READ list CONSTANT)
    Q_PROPERTY(QStringList types READ types CONSTANT)
    Q_PROPERTY(QStringList presets READ presets NOTIFY presetsChanged)
    Q_PROPERTY(bool editorOpen READ editorOpen NOTIFY editorChanged)
    Q_PROPERTY(bool editingExisting READ editingExisting NOTIFY editorChanged)
    Q_PROPERTY(QString editId READ editId WRITE setEditId NOTIFY editorChanged)
    Q_PROPERTY(QString editType READ editType WRITE setEditType NOTIFY editorChanged)
    Q_PROPERTY(QString editPreset READ editPreset WRITE setEditPreset NOTIFY editorChanged)
    Q_PROPERTY(QString editBaseUrl READ editBaseUrl WRITE setEditBaseUrl NOTIFY editorChanged)
    Q_PROPERTY(QString editApiKey READ editApiKey WRITE setEditApiKey NOTIFY editorChanged)
    Q_PROPERTY(QString editModels READ editModels WRITE setEditModels NOTIFY editorChanged)
    Q_PROPERTY(bool editEnabled READ editEnabled WRITE setEditEnabled NOTIFY editorChanged)
    Q_PROPERTY(bool presetApplies READ presetApplies NOTIFY editorChanged)
    Q_PROPERTY(bool keyApplies READ keyApplies NOTIFY editorChanged)
    Q_PROPERTY(QString baseUrlHint READ baseUrlHint NOTIFY editorChanged)
    Q_PROPERTY(QString keyHint READ keyHint CONSTANT)
    Q_PROPERTY(QString editorError READ editorError NOTIFY editorChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool testing READ testing NOTIFY testChanged)
    Q_PROPERTY(bool tested READ tested NOTIFY testChanged)
    Q_PROPERTY(bool testOk READ testOk NOTIFY testChanged)
    Q_PROPERTY(QString testMessage READ testMessage NOTIFY testChanged)
    Q_PROPERTY(QStringList discoveredModels READ discoveredModels NOTIFY testChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
public:
    explicit ProvidersController(EngineHost *host, QObject *parent = nullptr);

    [[nodiscard]] ProviderListModel *list() { return &m_list; }
    [[nodiscard]] QStringList types() const;
    [[nodiscard]] QStringList presets() const { return m_presetNames; }

    [[nodiscard]] bool editorOpen() const { return m_editorOpen; }
    [[nodiscard]] bool editingExisting() const { return !m_editingId.isEmpty(); }
    [[nodiscard]] QString editId() const { return m_id; }
    void setEditId(const QString &id);
    [[nodiscard]] QString editType() const { return m_type; }
    void setEditType(const QString &type);
    [[nodiscard]] QString editPreset() const { return m_preset; }
    void setEditPreset(const QString &preset);
    [[nodiscard]] QString editBaseUrl() const { return m_baseUrl; }
    void setEditBaseUrl(const QString &url);
    [[nodiscard]] QString editApiKey() const { return m_apiKey; }
    void setEditApiKey(const QString &key);
    /// Model ids, one per line or comma-separated; empty = the preset's list (or discovery).
    [[nodiscard]] QString editModels() const { return m_models; }
    void setEditModels(const QString &models);
    [[nodiscard]] bool editEnabled() const { return m_enabled; }
    void setEditEnabled(bool enabled);
    [[nodiscard]] bool presetApplies() const { return m_type == QLatin1String("openai"); }
    [[nodiscard]] bool keyApplies() const
    {
        return m_type != QLatin1String("mock") && m_type != QLatin1String("ollama");
    }
    /// The base URL used when the field is left empty.
    [[nodiscard]] QString baseUrlHint() const;
    [[nodiscard]] QString keyHint() const;
    [[nodiscard]] QString editorError() const { return m_editorError; }
    [[nodiscard]] bool busy() const { return m_busy; }
    [[nodiscard]] bool testing() const { return m_testing; }
    [[nodiscard]] bool tested() const { return m_tested; }
    [[nodiscard]] bool testOk() const { return m_testOk; }
    [[nodiscard]] QString testMessage() const { return m_testMessage; }
    [[nodiscard]] QStringList discoveredModels() const { return m_discovered; }
    [[nodiscard]] QString message() const { return m_message; }

    Q_INVOKABLE void beginAdd();
    Q_INVOKABLE void beginEdit(const QString &id);
    Q_INVOKABLE void cancelEdit();
    /// Validates and saves the provider being edited; the editor closes when the engine took it.
    Q_INVOKABLE void save();
    Q_INVOKABLE void remove(const QString &id);
    Q_INVOKABLE void setEnabled(const QString &id, bool enabled);
    /// Probes the provider as edited (without adding it): reachability, key, its models.
    Q_INVOKABLE void testConnection();
    /// Puts the models the last test discovered into the models field.
    Q_INVOKABLE void useDiscoveredModels();

    /// The provider entry the editor describes, as the config file spells it.
    [[nodiscard]] QJsonObject editedEntry() const;

    void setConfigs(const QJsonArray &providers);
    void applySnapshot(const EngineSnapshot &snapshot);

Q_SIGNALS:
    void presetsChanged();
    void editorChanged();
    void busyChanged();
    void testChanged();
    void messageChanged();
    /// A change was saved and applied.
    void saved(const QString &id);

private:
    void setEditor(const QJsonObject &entry, const QString &editingId);
    void editorEdited();
    void resetTest();
    void setMessage(const QString &message);
    /// Sends @p providers to the engine; @p done runs with the outcome in the GUI thread.
    /// Writes @p secret to the engine's SecretStore as @p secretName first, when given.
    void submit(const QJsonArray &providers, std::function<void(bool ok, const QString &error)> done,
        const QString &secretName = QString(), const QString &secret = QString());
    void loadPresets();
    /// Deletes the keychain entry @p name (its provider was removed).
    void forgetSecret(const QString &name);

    ProviderListModel m_list;
    QStringList m_presetNames;
    QHash<QString, QString> m_presetUrls;
    bool m_presetsLoaded = false;
    bool m_editorOpen = false;
    QString m_editingId; ///< empty: adding
    QJsonObject m_base; ///< the edited entry as it was (keeps keys the editor does not show)
    QString m_id;
    QString m_type = QStringLiteral("openai");
    QString m_preset;
    QString m_baseUrl;
    QString m_apiKey;
    QString m_models;
    bool m_enabled = true;
    QString m_editorError;
    bool m_busy = false;
    bool m_testing = false;
    bool m_tested = false;
    bool m_testOk = false;
    QString m_testMessage;
    QStringList m_discovered;
    quint64 m_testGeneration = 0;
    QString m_message;
    EngineHost *m_host;
};
