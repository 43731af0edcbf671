#include "cli/key_value.h"

#include "cli/validators.h"

namespace sb::cli {

std::optional<key_value> split_key_value(std::string_view text) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    return key_value{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

std::vector<key_value> split_key_values(const std::vector<std::string>& texts) {
    std::vector<key_value> out;
    out.reserve(texts.size());
    for (const auto& t : texts) {
        if (auto kv = split_key_value(t)) out.push_back(std::move(*kv));
    }
    return out;
}

CLI::Validator key_value_validator() {
    return parses_as([](std::string_view text) { return split_key_value(text).has_value(); }, "key=value");
}

}  // namespace sb::cli
