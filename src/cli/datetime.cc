#include "cli/datetime.h"

#include <chrono>

namespace sb::cli {
namespace {

// Reads exactly `digits` decimal digits at `pos`, then expects `sep` (0: none).
std::optional<int> field(std::string_view text, std::size_t& pos, std::size_t digits, char sep) {
    if (pos + digits > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    pos += digits;
    if (sep) {
        if (pos >= text.size() || text[pos] != sep) return std::nullopt;
        ++pos;
    }
    return v;
}

}  // namespace

std::optional<int64_t> parse_datetime_ms(std::string_view text) {
    using namespace std::chrono;
    std::size_t pos = 0;
    auto y = field(text, pos, 4, '-');
    auto mo = field(text, pos, 2, '-');
    auto d = field(text, pos, 2, 'T');
    auto h = field(text, pos, 2, ':');
    auto mi = field(text, pos, 2, ':');
    auto s = field(text, pos, 2, 0);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
    year_month_day date{year(*y), month(static_cast<unsigned>(*mo)), day(static_cast<unsigned>(*d))};
    if (!date.ok()) return std::nullopt;
    int64_t ms = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        auto frac = field(text, pos, 3, 0);
        if (!frac) return std::nullopt;
        ms = *frac;
    }
    int64_t zone_minutes = 0;
    if (pos < text.size() && text[pos] == 'Z') {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int sign = text[pos++] == '-' ? -1 : 1;
        auto zh = field(text, pos, 2, ':');
        auto zm = field(text, pos, 2, 0);
        if (!zh || !zm || *zh > 23 || *zm > 59) return std::nullopt;
        zone_minutes = sign * (*zh * 60 + *zm);
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    auto day_ms = duration_cast<milliseconds>(sys_days(date).time_since_epoch()).count();
    return day_ms + ((*h * 60 + *mi - zone_minutes) * 60 + *s) * 1000 + ms;
}

}  // namespace sb::cli
