#pragma once
// How read commands print: aligned tables (columns two spaces apart, no trailing blanks),
// `NAME  value` blocks, or one line of JSON with --json.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace sb::cli {

class table {
public:
    explicit table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
    void add_row(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }
    // Prints the header and the rows; each column as wide as its widest cell.
    void print(std::FILE* out = stdout) const;

private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

// Prints `NAME  value` lines with the values aligned.
void print_fields(const std::vector<std::pair<std::string, std::string>>& fields, std::FILE* out = stdout);

// Prints `value` as one line of JSON.
void print_json(const boost::json::value& value, std::FILE* out = stdout);

// "[1,2,3]" for replica lists in tables.
std::string join_ids(const std::vector<int>& ids);

}  // namespace sb::cli
