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

// `value` as compact JSON. Kafka's strings are bytes and JSON's are UTF-8: malformed
// UTF-8 in any string (a client id, a record's value) shows as U+FFFD.
std::string json_text(boost::json::value value);

// Prints json_text(value) as one line.
void print_json(boost::json::value value, std::FILE* out = stdout);

// "[1,2,3]" for replica lists in tables.
std::string join_ids(const std::vector<int>& ids);

}  // namespace sb::cli
