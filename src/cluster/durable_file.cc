#include "cluster/durable_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/logging.h"

namespace sb::cluster {
namespace {

sb::unexpected<error_code> io_failure(std::string_view what, const std::filesystem::path& path, int err) {
    sb::logging::get("cluster")->error("{} {}: {}", what, path.string(), std::strerror(err));
    return sb::unexpected(error_code::kafka_storage_error);
}

// Closes the descriptor on every path out of a function.
class fd_guard {
public:
    explicit fd_guard(int fd) : fd_(fd) {}
    fd_guard(const fd_guard&) = delete;
    fd_guard& operator=(const fd_guard&) = delete;
    ~fd_guard() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

sb::status write_file_durably(const std::filesystem::path& path, std::string_view contents) {
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return io_failure("cannot create directory", dir, ec.value());

    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        fd_guard fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (fd.get() < 0) return io_failure("cannot create", tmp, errno);
        if (!write_all(fd.get(), contents)) return io_failure("cannot write", tmp, errno);
        if (::fsync(fd.get()) != 0) return io_failure("cannot fsync", tmp, errno);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) return io_failure("cannot rename over", path, errno);
    fd_guard dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() < 0) return io_failure("cannot open directory", dir, errno);
    if (::fsync(dir_fd.get()) != 0) return io_failure("cannot fsync directory", dir, errno);
    return {};
}

sb::result<std::optional<std::string>> read_file_if_exists(const std::filesystem::path& path,
                                                          std::size_t size_max_bytes) {
    fd_guard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::optional<std::string>();
        return io_failure("cannot open", path, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_failure("cannot stat", path, errno);
    if (static_cast<uint64_t>(st.st_size) > size_max_bytes) return io_failure("file too large", path, EFBIG);

    std::string contents(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < contents.size()) {
        const ssize_t n = ::read(fd.get(), contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_failure("cannot read", path, errno);
        }
        if (n == 0) break;  // the file shrank under us: keep what was there
        done += static_cast<std::size_t>(n);
    }
    contents.resize(done);
    return std::optional<std::string>(std::move(contents));
}

}  // namespace sb::cluster
