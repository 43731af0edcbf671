#include "cli/output.h"

#include <algorithm>
#include <cassert>

#include <boost/json/serialize.hpp>

#include "base/utf8.h"

namespace sb::cli {
namespace {

constexpr std::size_t k_column_gap = 2;

void print_row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths, std::FILE* out) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        line += cells[i];
        if (i + 1 < cells.size()) line.append(widths[i] - cells[i].size() + k_column_gap, ' ');
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
}

}  // namespace

void table::add_row(std::vector<std::string> cells) {
    assert(cells.size() == headers_.size());
    rows_.push_back(std::move(cells));
}

void table::print(std::FILE* out) const {
    std::vector<std::size_t> widths(headers_.size());
    for (std::size_t i = 0; i < headers_.size(); ++i) widths[i] = headers_[i].size();
    for (const auto& row : rows_) {
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    print_row(headers_, widths, out);
    for (const auto& row : rows_) print_row(row, widths, out);
}

void print_fields(const std::vector<std::pair<std::string, std::string>>& fields, std::FILE* out) {
    std::size_t width = 0;
    for (const auto& [name, value] : fields) width = std::max(width, name.size());
    for (const auto& [name, value] : fields) print_row({name, value}, {width, value.size()}, out);
}

namespace {

// Replaces malformed UTF-8 in every string of `value` (the keys are the CLI's own names).
void make_utf8(boost::json::value& value) {
    if (auto* s = value.if_string()) {
        *s = sb::utf8::valid_or_replaced({s->data(), s->size()});
    } else if (auto* a = value.if_array()) {
        for (auto& v : *a) make_utf8(v);
    } else if (auto* o = value.if_object()) {
        for (auto& [k, v] : *o) make_utf8(v);
    }
}

}  // namespace

std::string json_text(boost::json::value value) {
    make_utf8(value);
    return boost::json::serialize(value);
}

void print_json(boost::json::value value, std::FILE* out) {
    std::string text = json_text(std::move(value));
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), out);
}

std::string join_ids(const std::vector<int>& ids) {
    std::string text = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) text += ',';
        text += std::to_string(ids[i]);
    }
    return text + "]";
}

}  // namespace sb::cli
