#include "cli/record_format.h"

#include <boost/json.hpp>

#include "cli/output.h"

namespace sb::cli {
namespace {

constexpr std::string_view k_tokens = "vsSkKtpoTh";

std::optional<char> unescape(char c) {
    switch (c) {
        case 'n': return '\n';
        case 'r': return '\r';
        case 't': return '\t';
        case '\\': return '\\';
        default: return std::nullopt;
    }
}

boost::json::value nullable(const std::optional<std::string_view>& s) {
    return s ? boost::json::value(boost::json::string_view(s->data(), s->size())) : boost::json::value(nullptr);
}

std::string length_text(const std::optional<std::string_view>& s) {
    return s ? std::to_string(s->size()) : std::string("-1");
}

}  // namespace

result<record_format, std::string> record_format::parse(std::string_view text) {
    record_format f;
    std::string literal;
    auto flush_literal = [&] {
        if (!literal.empty()) f.pieces_.push_back({0, std::move(literal)});
        literal.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c != '%' && c != '\\') {
            literal += c;
            continue;
        }
        if (i + 1 == text.size()) return unexpected(std::string("format ends with a lone '") + c + "'");
        char next = text[++i];
        if (c == '\\') {
            auto u = unescape(next);
            if (!u) return unexpected(std::string("unknown escape '\\") + next + "' in format");
            literal += *u;
        } else if (next == '%') {
            literal += '%';
        } else if (k_tokens.find(next) != std::string_view::npos) {
            flush_literal();
            f.pieces_.push_back({next, {}});
        } else {
            return unexpected(std::string("unknown token '%") + next + "' in format");
        }
    }
    flush_literal();
    return f;
}

void record_format::render(const record_view& r, std::string& out) const {
    for (const auto& p : pieces_) {
        switch (p.token) {
            case 0: out += p.literal; break;
            case 'v':
            case 's': out += r.value.value_or(std::string_view()); break;
            case 'S': out += length_text(r.value); break;
            case 'k': out += r.key.value_or(std::string_view()); break;
            case 'K': out += length_text(r.key); break;
            case 't': out += r.topic; break;
            case 'p': out += std::to_string(r.partition); break;
            case 'o': out += std::to_string(r.offset); break;
            case 'T': out += std::to_string(r.timestamp_ms); break;
            case 'h':
                for (std::size_t i = 0; i < r.headers.size(); ++i) {
                    if (i) out += ',';
                    out += r.headers[i].first;
                    out += '=';
                    out += r.headers[i].second.value_or(std::string_view());
                }
                break;
        }
    }
}

void render_record_json(const record_view& r, std::string& out) {
    boost::json::array headers;
    for (const auto& [name, value] : r.headers)
        headers.push_back({{"key", boost::json::string_view(name.data(), name.size())}, {"value", nullable(value)}});
    boost::json::object o{{"topic", boost::json::string_view(r.topic.data(), r.topic.size())},
                          {"partition", r.partition},
                          {"offset", r.offset},
                          {"timestamp", r.timestamp_ms},
                          {"key", nullable(r.key)},
                          {"value", nullable(r.value)},
                          {"headers", std::move(headers)}};
    out += json_text(std::move(o));  // --format prints malformed UTF-8 unchanged, JSON cannot
    out += '\n';
}

}  // namespace sb::cli
