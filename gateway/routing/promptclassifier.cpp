// SPDX-License-Identifier: MIT
#include "routing/promptclassifier.h"

#include "protocol/chatrequest.h"
#include "protocol/openaiformat.h"
#include "routing/catalog.h"

#include <QJsonArray>

#include <array>
#include <cstring>

namespace {

enum Evidence : quint8 { ECode, EMath, ECreative, EReasoning, ESmallTalk, EvidenceCount };

struct Keyword
{
    const char *text;
    Evidence evidence;
    quint8 weight;
};

// Words (and a few two-word phrases) that hint at what a prompt is about. Plural 's' is stripped
// before a second lookup, so "primes" finds "prime".
constexpr Keyword kKeywords[] = {
    {"code", ECode, 1},
    {"function", ECode, 1},
    {"method", ECode, 1},
    {"class", ECode, 1},
    {"def", ECode, 1},
    {"python", ECode, 2},
    {"javascript", ECode, 2},
    {"typescript", ECode, 2},
    {"java", ECode, 2},
    {"c++", ECode, 2},
    {"cpp", ECode, 2},
    {"rust", ECode, 1},
    {"golang", ECode, 2},
    {"kotlin", ECode, 2},
    {"swift", ECode, 1},
    {"sql", ECode, 2},
    {"regex", ECode, 2},
    {"compile", ECode, 2},
    {"compiler", ECode, 2},
    {"debug", ECode, 2},
    {"bug", ECode, 1},
    {"refactor", ECode, 2},
    {"traceback", ECode, 2},
    {"stacktrace", ECode, 2},
    {"exception", ECode, 1},
    {"segfault", ECode, 2},
    {"api", ECode, 1},
    {"endpoint", ECode, 1},
    {"html", ECode, 1},
    {"css", ECode, 1},
    {"bash", ECode, 2},
    {"shell", ECode, 1},
    {"script", ECode, 1},
    {"implement", ECode, 1},
    {"algorithm", ECode, 1},
    {"unittest", ECode, 2},
    {"npm", ECode, 2},
    {"git", ECode, 1},
    {"dockerfile", ECode, 2},
    {"variable", ECode, 1},
    {"loop", ECode, 1},
    {"array", ECode, 1},
    {"struct", ECode, 1},
    {"pointer", ECode, 1},
    {"async", ECode, 1},
    {"lambda", ECode, 1},
    {"#include", ECode, 3},
    {"println", ECode, 2},
    {"printf", ECode, 2},
    {"const", ECode, 1},
    {"return", ECode, 1},
    {"import", ECode, 1},
    {"linked", ECode, 1},
    {"recursion", ECode, 2},
    {"recursive", ECode, 1},
    {"query", ECode, 1},
    {"database", ECode, 1},
    {"prove", EMath, 2},
    {"proof", EMath, 2},
    {"theorem", EMath, 3},
    {"lemma", EMath, 3},
    {"integral", EMath, 3},
    {"derivative", EMath, 3},
    {"equation", EMath, 2},
    {"solve", EMath, 2},
    {"calculate", EMath, 1},
    {"compute", EMath, 1},
    {"probability", EMath, 2},
    {"matrix", EMath, 2},
    {"matrice", EMath, 2},
    {"eigenvalue", EMath, 3},
    {"polynomial", EMath, 3},
    {"prime", EMath, 1},
    {"algebra", EMath, 2},
    {"geometry", EMath, 2},
    {"calculus", EMath, 3},
    {"statistic", EMath, 1},
    {"factorial", EMath, 2},
    {"logarithm", EMath, 2},
    {"sqrt", EMath, 2},
    {"infinitely", EMath, 1},
    {"integer", EMath, 1},
    {"divisible", EMath, 2},
    {"fraction", EMath, 1},
    {"triangle", EMath, 1},
    {"inequality", EMath, 2},
    {"arithmetic", EMath, 2},
    {"sequence", EMath, 1},
    {"converge", EMath, 2},
    {"irrational", EMath, 2},
    {"square root", EMath, 2},
    {"poem", ECreative, 3},
    {"poetry", ECreative, 3},
    {"story", ECreative, 2},
    {"storie", ECreative, 2},
    {"haiku", ECreative, 3},
    {"lyric", ECreative, 3},
    {"song", ECreative, 2},
    {"fiction", ECreative, 2},
    {"novel", ECreative, 2},
    {"character", ECreative, 1},
    {"imagine", ECreative, 1},
    {"creative", ECreative, 2},
    {"sonnet", ECreative, 3},
    {"limerick", ECreative, 3},
    {"screenplay", ECreative, 3},
    {"fairy", ECreative, 2},
    {"tale", ECreative, 1},
    {"slogan", ECreative, 2},
    {"brainstorm", ECreative, 2},
    {"rhyme", ECreative, 2},
    {"plot", ECreative, 1},
    {"verse", ECreative, 2},
    {"why", EReasoning, 1},
    {"explain", EReasoning, 1},
    {"analyze", EReasoning, 2},
    {"analyse", EReasoning, 2},
    {"analysis", EReasoning, 2},
    {"compare", EReasoning, 2},
    {"tradeoff", EReasoning, 2},
    {"trade-off", EReasoning, 2},
    {"evaluate", EReasoning, 2},
    {"reasoning", EReasoning, 2},
    {"architecture", EReasoning, 2},
    {"strategy", EReasoning, 1},
    {"plan", EReasoning, 1},
    {"pro", EReasoning, 1},
    {"con", EReasoning, 1},
    {"implication", EReasoning, 2},
    {"critique", EReasoning, 2},
    {"optimize", EReasoning, 1},
    {"derive", EReasoning, 2},
    {"justify", EReasoning, 2},
    {"step by", EReasoning, 1},
    {"by step", EReasoning, 2},
    {"think through", EReasoning, 3},
    {"in depth", EReasoning, 2},
    {"root cause", EReasoning, 2},
    {"hi", ESmallTalk, 1},
    {"hello", ESmallTalk, 1},
    {"hey", ESmallTalk, 1},
    {"thank", ESmallTalk, 1},
    {"thanks", ESmallTalk, 1},
    {"ok", ESmallTalk, 1},
    {"okay", ESmallTalk, 1},
    {"cool", ESmallTalk, 1},
    {"morning", ESmallTalk, 1},
    {"bye", ESmallTalk, 1},
};

constexpr quint32 fnv(quint32 h, char c)
{
    return (h ^ quint8(c)) * 16777619u;
}
constexpr quint32 FnvSeed = 2166136261u;

/// Open-addressing table over kKeywords, built once; looked up by hash, then compared. The first
/// words of the two-word phrases are in it too (as keywords or on their own), marked, so the one
/// lookup of a word also says whether a phrase may follow it.
class KeywordTable
{
public:
    struct Slot
    {
        quint32 hash = 0;
        size_t length = 0;
        const char *text = nullptr; ///< null: the slot is free
        const Keyword *keyword = nullptr; ///< null: only a phrase's first word
        bool startsPhrase = false;
    };

    KeywordTable()
    {
        for (const Keyword &k : kKeywords)
            insert(k.text, std::strlen(k.text)).keyword = &k;
        for (const Keyword &k : kKeywords) {
            if (const char *space = std::strchr(k.text, ' '))
                insert(k.text, size_t(space - k.text)).startsPhrase = true;
        }
    }
    const Slot *find(quint32 hash, const char *text, size_t length) const
    {
        for (quint32 slot = hash & Mask; m_slots[slot].text; slot = (slot + 1) & Mask) {
            const Slot &s = m_slots[slot];
            if (s.hash == hash && s.length == length && std::memcmp(s.text, text, length) == 0)
                return &s;
        }
        return nullptr;
    }
    const Keyword *keyword(quint32 hash, const char *text, size_t length) const
    {
        const Slot *s = find(hash, text, length);
        return s ? s->keyword : nullptr;
    }

private:
    static constexpr quint32 Mask = 1023;

    Slot &insert(const char *text, size_t length)
    {
        quint32 h = FnvSeed;
        for (size_t i = 0; i < length; ++i)
            h = fnv(h, text[i]);
        quint32 slot = h & Mask;
        for (; m_slots[slot].text; slot = (slot + 1) & Mask) {
            Slot &s = m_slots[slot];
            if (s.hash == h && s.length == length && std::memcmp(s.text, text, length) == 0)
                return s;
        }
        m_slots[slot].hash = h;
        m_slots[slot].length = length;
        m_slots[slot].text = text;
        return m_slots[slot];
    }

    std::array<Slot, Mask + 1> m_slots {};
};

const KeywordTable &keywords()
{
    static const KeywordTable table;
    return table;
}

/// Evidence gathered over the scanned text.
struct Scan
{
    std::array<int, EvidenceCount> evidence {};
    int words = 0;
    int fences = 0;
    int codeSymbols = 0;
    int mathSymbols = 0;
};

bool isWordChar(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_'
        || c == u'#' || c == u'+' || c == u'-';
}

class Scanner
{
public:
    explicit Scanner(Scan &scan)
        : m_scan(scan)
        , m_table(keywords())
    { }

    void feed(QStringView text)
    {
        const qsizetype n = text.size();
        for (qsizetype i = 0; i < n; ++i) {
            const char16_t c = text[i].unicode();
            if (isWordChar(c)) {
                if (m_length < MaxWord)
                    m_word[m_length] = char(c >= u'A' && c <= u'Z' ? c + 32 : c);
                ++m_length;
                continue;
            }
            endWord();
            symbol(text, i, c);
        }
        endWord();
        m_previousHash = 0; // no phrase across two texts
        m_previousLength = 0;
    }

private:
    static constexpr size_t MaxWord = 24;

    /// Counts the word's (and the phrase's) evidence; true when a phrase may start with it.
    bool lookup(const char *text, size_t length, quint32 hash, quint32 phraseHash)
    {
        const KeywordTable::Slot *slot = m_table.find(hash, text, length);
        const Keyword *k = slot ? slot->keyword : nullptr;
        if (!k && length > 3 && text[length - 1] == 's') {
            quint32 h = FnvSeed;
            for (size_t i = 0; i + 1 < length; ++i)
                h = fnv(h, text[i]);
            k = m_table.keyword(h, text, length - 1);
        }
        if (k)
            m_scan.evidence[k->evidence] += k->weight;
        if (phraseHash && m_previousLength) {
            char phrase[2 * MaxWord + 1];
            std::memcpy(phrase, m_previous, m_previousLength);
            phrase[m_previousLength] = ' ';
            std::memcpy(phrase + m_previousLength + 1, text, length);
            if (const Keyword *p = m_table.keyword(phraseHash, phrase, m_previousLength + 1 + length))
                m_scan.evidence[p->evidence] += p->weight;
        }
        return slot && slot->startsPhrase;
    }

    void endWord()
    {
        if (m_length == 0)
            return;
        ++m_scan.words;
        size_t length = m_length;
        // Trailing '-' or '+' belong to punctuation, except in "c++".
        while (length > 1 && (m_word[length - 1] == '-' || m_word[length - 1] == '+')
            && !(length == 3 && m_word[0] == 'c' && m_word[1] == '+'))
            --length;
        if (m_length <= MaxWord) {
            quint32 h = FnvSeed;
            // A phrase only after a word that starts one: nearly every word skips that lookup.
            quint32 phrase = m_previousLength ? fnv(m_previousHash, ' ') : 0;
            for (size_t i = 0; i < length; ++i) {
                h = fnv(h, m_word[i]);
                if (phrase)
                    phrase = fnv(phrase, m_word[i]);
            }
            if (lookup(m_word, length, h, phrase)) {
                m_previousHash = h;
                std::memcpy(m_previous, m_word, length);
                m_previousLength = length;
            } else {
                m_previousHash = 0;
                m_previousLength = 0;
            }
        } else {
            m_previousHash = 0;
            m_previousLength = 0;
        }
        m_length = 0;
    }

    void symbol(QStringView text, qsizetype i, char16_t c)
    {
        const qsizetype n = text.size();
        auto at = [&](qsizetype k) -> char16_t { return k >= 0 && k < n ? text[k].unicode() : u'\0'; };
        switch (c) {
        case u'`':
            if (at(i + 1) == u'`' && at(i + 2) == u'`' && at(i - 1) != u'`')
                ++m_scan.fences;
            break;
        case u';':
            if (at(i + 1) == u'\n' || at(i + 1) == u'}')
                ++m_scan.codeSymbols;
            break;
        case u'=':
            if (at(i + 1) == u'>' || at(i - 1) == u'=' || at(i - 1) == u'!')
                ++m_scan.codeSymbols;
            else
                mathAround(text, i);
            break;
        case u':':
            if (at(i + 1) == u':')
                ++m_scan.codeSymbols;
            break;
        case u'*':
        case u'/':
        case u'^':
            mathAround(text, i);
            break;
        case u'\\':
            if (text.mid(i + 1, 4) == QLatin1String("frac") || text.mid(i + 1, 3) == QLatin1String("int")
                || text.mid(i + 1, 3) == QLatin1String("sum") || text.mid(i + 1, 4) == QLatin1String("sqrt"))
                m_scan.mathSymbols += 2;
            break;
        case u'\u222B': // ∫
        case u'\u2211': // ∑
        case u'\u221A': // √
        case u'\u03C0': // π
        case u'\u2264': // ≤
        case u'\u2265': // ≥
        case u'\u2260': // ≠
        case u'\u00B2': // ²
            m_scan.mathSymbols += 2;
            break;
        default:
            break;
        }
    }

    /// An operator between two numbers ("3 * 4", "x^2 = 9") is arithmetic.
    void mathAround(QStringView text, qsizetype i)
    {
        qsizetype l = i - 1;
        while (l >= 0 && text[l] == u' ')
            --l;
        qsizetype r = i + 1;
        while (r < text.size() && text[r] == u' ')
            ++r;
        if (l >= 0 && r < text.size() && text[l].isLetterOrNumber() && text[r].isDigit()
            && (text[l].isDigit() || l == 0 || !text[l - 1].isLetter()))
            ++m_scan.mathSymbols;
    }

    Scan &m_scan;
    const KeywordTable &m_table;
    char m_word[MaxWord];
    size_t m_length = 0;
    quint32 m_previousHash = 0;
    char m_previous[MaxWord];
    size_t m_previousLength = 0;
};

/// Feeds the start and the end of a long text: what a prompt is about shows there.
void scanBounded(Scanner &scanner, QStringView text, qsizetype head, qsizetype tail)
{
    if (text.size() <= head + tail) {
        scanner.feed(text);
        return;
    }
    scanner.feed(text.first(head));
    scanner.feed(text.last(tail));
}

/// Traits and complexity from the evidence (and the request-level facts already in @p p).
void conclude(const Scan &scan, PromptProfile &p)
{
    const auto &e = scan.evidence;
    if (scan.fences > 0 || e[ECode] + qMin(scan.codeSymbols, 3) >= 3)
        p.traits |= PromptTrait::Code;
    if (e[EMath] + qMin(scan.mathSymbols, 4) >= 3)
        p.traits |= PromptTrait::Math;
    if (e[ECreative] >= 2)
        p.traits |= PromptTrait::Creative;
    if (e[EReasoning] >= 3)
        p.traits |= PromptTrait::Reasoning;
    if (p.promptTokens >= PromptClassifier::LongContextTokens)
        p.traits |= PromptTrait::LongContext;
    if (p.turns >= PromptClassifier::DeepConversationTurns)
        p.traits |= PromptTrait::Conversation;
    const quint32 substantive = PromptTrait::Code | PromptTrait::Math | PromptTrait::Creative
        | PromptTrait::Reasoning | PromptTrait::Tools | PromptTrait::Images | PromptTrait::LongContext
        | PromptTrait::Json | PromptTrait::Conversation;
    if (!(p.traits & substantive) && scan.words <= 12)
        p.traits |= PromptTrait::Simple;

    double c = 0.15;
    if (p.has(PromptTrait::Code))
        c += 0.25;
    if (p.has(PromptTrait::Math))
        c += 0.3;
    if (p.has(PromptTrait::Reasoning))
        c += 0.25;
    if (p.has(PromptTrait::Creative))
        c += 0.1;
    if (p.has(PromptTrait::Tools))
        c += 0.1;
    if (p.has(PromptTrait::Images))
        c += 0.1;
    if (p.has(PromptTrait::LongContext))
        c += 0.15;
    c += qMin(0.15, 0.015 * qMax(0, p.turns - 1));
    if (scan.words > 600)
        c += 0.1;
    else if (scan.words > 150)
        c += 0.05;
    if (p.has(PromptTrait::Simple))
        c = 0.05;
    p.complexity = qBound(0.0, c, 1.0);

    qint64 out = 250;
    if (p.has(PromptTrait::Code))
        out = 700;
    else if (p.has(PromptTrait::Creative) || p.has(PromptTrait::Reasoning))
        out = 600;
    else if (p.has(PromptTrait::Math))
        out = 500;
    else if (p.has(PromptTrait::Simple))
        out = 60;
    p.outputTokens = p.maxTokens > 0 ? qMin(out, p.maxTokens) : out;
}

} // namespace

PromptProfile PromptClassifier::classify(const ChatRequest &request)
{
    PromptProfile p;
    p.promptTokens = request.estimatedPromptTokens;
    p.maxTokens = request.maxTokens;
    p.streamed = request.stream;
    if (request.hasTools) {
        p.traits |= PromptTrait::Tools;
        p.requiredCapabilities |= Capability::Tools;
    }
    if (request.hasImages) {
        p.traits |= PromptTrait::Images;
        p.requiredCapabilities |= Capability::Vision;
    }
    const QJsonValue format = request.body.value(QLatin1String("response_format"));
    if (format.isObject()) {
        const QString type = format.toObject().value(QLatin1String("type")).toString();
        if (type == QLatin1String("json_object") || type == QLatin1String("json_schema")) {
            p.traits |= PromptTrait::Json;
            p.requiredCapabilities |= Capability::Json;
        }
    }

    Scan scan;
    Scanner scanner(scan);
    const QJsonArray messages = request.body.value(QLatin1String("messages")).toArray();
    qsizetype lastUser = -1;
    int systemScanned = 0;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject m = messages.at(i).toObject();
        const QString role = m.value(QLatin1String("role")).toString();
        if (role == QLatin1String("user")) {
            ++p.turns;
            lastUser = i;
        } else if ((role == QLatin1String("system") || role == QLatin1String("developer"))
            && systemScanned < 2) {
            ++systemScanned;
            const QString text = OpenAIFormat::textOf(m.value(QLatin1String("content")));
            scanBounded(scanner, text, 1000, 0);
        }
    }
    // The system prompt's words are context, not the question: only the last user message
    // decides whether the request is small talk.
    scan.words = 0;
    if (lastUser >= 0) {
        const QString text
            = OpenAIFormat::textOf(messages.at(lastUser).toObject().value(QLatin1String("content")));
        scanBounded(scanner, text, HeadChars, TailChars);
    }
    const QJsonValue effort = request.body.value(QLatin1String("reasoning_effort"));
    if (effort.isString() && effort.toString() == QLatin1String("high"))
        scan.evidence[EReasoning] += 3;
    conclude(scan, p);
    return p;
}

PromptProfile PromptClassifier::embeddings(qint64 tokens)
{
    PromptProfile p;
    p.embeddings = true;
    p.promptTokens = tokens;
    p.outputTokens = 0;
    p.requiredCapabilities = Capability::Embedding;
    p.complexity = 0;
    return p;
}

PromptProfile PromptClassifier::classifyText(QStringView text)
{
    PromptProfile p;
    p.turns = 1;
    Scan scan;
    Scanner scanner(scan);
    scanBounded(scanner, text, HeadChars, TailChars);
    conclude(scan, p);
    return p;
}
