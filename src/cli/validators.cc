#include "cli/validators.h"

namespace sb::cli {

CLI::Validator parses_as(std::function<bool(std::string_view)> parses, std::string expected) {
    return CLI::Validator(
        [parses = std::move(parses), expected = std::move(expected)](std::string& text) -> std::string {
            if (parses(text)) return {};
            return "'" + text + "' is not " + expected;
        },
        "");
}

CLI::Validator not_empty(std::string what) {
    return CLI::Validator(
        [what = std::move(what)](std::string& text) -> std::string { return text.empty() ? what + " cannot be empty" : ""; },
        "");
}

CLI::Validator checked_by(std::function<std::string(const std::string&)> check) {
    return CLI::Validator([check = std::move(check)](std::string& text) { return check(text); }, "");
}

}  // namespace sb::cli
