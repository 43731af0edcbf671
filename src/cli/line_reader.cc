#include "cli/line_reader.h"

namespace sb::cli {

line_status read_line(std::FILE* in, std::string& line, std::size_t max_bytes) {
    line.clear();
    int c = 0;
    bool any = false;
    while ((c = std::getc(in)) != EOF) {
        any = true;
        if (c == '\n') return line_status::line;
        if (line.size() == max_bytes) return line_status::too_long;
        line.push_back(static_cast<char>(c));
    }
    return any ? line_status::line : line_status::end;
}

}  // namespace sb::cli
