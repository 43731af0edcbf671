#include "base/error_code.h"

#include <array>
#include <cctype>
#include <string>

namespace sb {
namespace {

struct error_info {
    int16_t value;
    bool retriable;
    std::string_view id;  // lower-case identifier; the Kafka name is its upper-case form
    std::string_view message;
};

constexpr error_info k_errors[] = {
#define SB_ERROR_CODE(name, value, retriable, message) {value, retriable, #name, message},
#include "base/error_codes.def"
#undef SB_ERROR_CODE
};

const error_info* find(error_code e) {
    for (const auto& info : k_errors) {
        if (info.value == static_cast<int16_t>(e)) return &info;
    }
    return nullptr;
}

// Upper-case names built once, so error_name() can hand out string_views.
const std::array<std::string, std::size(k_errors)>& upper_names() {
    static const auto names = [] {
        std::array<std::string, std::size(k_errors)> out;
        for (std::size_t i = 0; i < std::size(k_errors); ++i) {
            for (char c : k_errors[i].id) out[i].push_back(static_cast<char>(std::toupper(c)));
        }
        return out;
    }();
    return names;
}

}  // namespace

std::string_view error_name(error_code e) {
    const error_info* info = find(e);
    if (info == nullptr) return "UNKNOWN_ERROR_CODE";
    return upper_names()[static_cast<std::size_t>(info - k_errors)];
}

std::string_view error_message(error_code e) {
    const error_info* info = find(e);
    return info == nullptr ? std::string_view("Unknown error code.") : info->message;
}

bool error_is_retriable(error_code e) {
    const error_info* info = find(e);
    return info != nullptr && info->retriable;
}

}  // namespace sb
