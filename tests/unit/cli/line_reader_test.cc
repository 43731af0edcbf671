#include "cli/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sb::cli {
namespace {

// A file holding `text`, open for reading; removed when the test ends.
class input_file {
public:
    explicit input_file(const std::string& text) {
        std::FILE* f = std::tmpfile();
        EXPECT_NE(f, nullptr);
        EXPECT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
        std::fflush(f);
        std::rewind(f);
        file_ = f;
    }
    ~input_file() { std::fclose(file_); }
    int fd() const { return fileno(file_); }

private:
    std::FILE* file_ = nullptr;
};

struct read_all {
    std::vector<std::string> lines;
    line_status last = line_status::end;  // end or too_long
    int fills = 0;
};

// Takes lines and reads more until the input ends or a line is too long.
read_all take_all(line_reader& reader) {
    read_all out;
    std::string_view line;
    for (;;) {
        auto status = reader.next(line);
        if (status == line_status::line) {
            out.lines.emplace_back(line);
        } else if (status == line_status::need_input) {
            ++out.fills;
            EXPECT_TRUE(reader.fill().has_value());
        } else {
            out.last = status;
            return out;
        }
    }
}

// Everything a reader with `max_bytes` gives of a file holding `text`.
read_all read_text(const std::string& text, std::size_t max_bytes) {
    input_file in(text);
    line_reader reader(in.fd(), max_bytes);
    return take_all(reader);
}

TEST(LineReader, LinesWithoutTheirNewlineAndALastLineWithoutOne) {
    auto got = read_text("one\n\nthree\r\nfour", 100);
    EXPECT_EQ(got.lines, (std::vector<std::string>{"one", "", "three\r", "four"}));
    EXPECT_EQ(got.last, line_status::end);
}

TEST(LineReader, EmptyInputHasNoLine) {
    auto got = read_text("", 100);
    EXPECT_TRUE(got.lines.empty());
    EXPECT_EQ(got.last, line_status::end);
}

TEST(LineReader, NothingIsReadUntilAsked) {
    input_file in("a\n");
    line_reader reader(in.fd(), 100);
    std::string_view line;
    EXPECT_EQ(reader.next(line), line_status::need_input);
    ASSERT_TRUE(reader.fill().has_value());
    ASSERT_EQ(reader.next(line), line_status::line);
    EXPECT_EQ(line, "a");
    EXPECT_EQ(reader.next(line), line_status::need_input);  // the end is known only from a read
    ASSERT_TRUE(reader.fill().has_value());
    EXPECT_EQ(reader.next(line), line_status::end);
    EXPECT_EQ(reader.next(line), line_status::end);
}

TEST(LineReader, LinesLongerThanAReadBlockArriveWhole) {
    const std::string longest(150000, 'x');
    const std::string text = "a\n" + longest + "\n" + std::string(65536, 'y') + "\nb";
    auto got = read_text(text, longest.size());
    EXPECT_EQ(got.lines, (std::vector<std::string>{"a", longest, std::string(65536, 'y'), "b"}));
    EXPECT_EQ(got.last, line_status::end);
    // 215,541 bytes: four reads of up to 64 KiB, and a fifth that finds the end.
    EXPECT_EQ(text.size(), 215541u);
    EXPECT_EQ(got.fills, 5);
}

TEST(LineReader, ALineOfExactlyTheLimitIsAcceptedOneByteMoreIsNot) {
    auto got = read_text("abc\nabcd\nnever\n", 3);
    EXPECT_EQ(got.lines, (std::vector<std::string>{"abc"}));
    EXPECT_EQ(got.last, line_status::too_long);
    got = read_text("ok\nabcd", 3);  // the last line, without a newline
    EXPECT_EQ(got.lines, (std::vector<std::string>{"ok"}));
    EXPECT_EQ(got.last, line_status::too_long);
}

TEST(LineReader, TooLongIsKnownBeforeTheNewlineArrives) {
    // Without a newline in sight the reader stops after max_bytes + 1 bytes of a line,
    // instead of buffering the rest of an input that may have no newline at all.
    int ends[2];
    ASSERT_EQ(::pipe(ends), 0);
    ASSERT_EQ(::write(ends[1], "abcd", 4), 4);
    line_reader reader(ends[0], 3);
    std::string_view line;
    EXPECT_EQ(reader.next(line), line_status::need_input);
    ASSERT_TRUE(reader.fill().has_value());  // the write end is still open: no end yet
    EXPECT_EQ(reader.next(line), line_status::too_long);
    ::close(ends[0]);
    ::close(ends[1]);
}

TEST(LineReader, AReadErrorIsErrno) {
    int dir = ::open(".", O_RDONLY | O_DIRECTORY);
    ASSERT_GE(dir, 0);
    line_reader reader(dir, 10);
    auto read = reader.fill();
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error(), EISDIR);
    ::close(dir);
}

}  // namespace
}  // namespace sb::cli
