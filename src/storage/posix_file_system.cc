#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <vector>

#include "base/logging.h"
#include "storage/file_system.h"

namespace sb::storage {

namespace {

status fail(const char* what, const std::string& path, int err) {
    logging::get("storage")->error("{} {}: {}", what, path, std::strerror(err));
    return unexpected(error_code::kafka_storage_error);
}

class posix_file final : public file {
public:
    posix_file(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    ~posix_file() override { ::close(fd_); }

    status pwrite(std::span<const uint8_t> bytes, uint64_t offset) override {
        std::size_t done = 0;
        while (done < bytes.size()) {
            ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return fail("pwrite", path_, errno);
            if (n == 0) return fail("pwrite", path_, ENOSPC);
            done += static_cast<std::size_t>(n);
        }
        return {};
    }

    status pwritev(std::span<const std::span<const uint8_t>> pieces, uint64_t offset) override {
        // One system call for the whole batch; a short write resumes where it stopped.
        std::vector<iovec> iov;
        iov.reserve(std::min<std::size_t>(pieces.size(), IOV_MAX));
        std::size_t next = 0;   // first piece not yet in iov
        std::size_t skip = 0;   // bytes of pieces[next] already written
        while (next < pieces.size()) {
            iov.clear();
            std::size_t requested = 0;
            for (std::size_t i = next; i < pieces.size() && iov.size() < IOV_MAX; ++i) {
                const std::size_t from = i == next ? skip : 0;
                if (pieces[i].size() == from) continue;
                iov.push_back({const_cast<uint8_t*>(pieces[i].data() + from), pieces[i].size() - from});
                requested += pieces[i].size() - from;
            }
            if (requested == 0) break;
            ssize_t n = ::pwritev(fd_, iov.data(), static_cast<int>(iov.size()), static_cast<off_t>(offset));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return fail("pwritev", path_, errno);
            if (n == 0) return fail("pwritev", path_, ENOSPC);
            offset += static_cast<uint64_t>(n);
            auto written = static_cast<std::size_t>(n);
            while (next < pieces.size() && written >= pieces[next].size() - skip) {
                written -= pieces[next].size() - skip;
                skip = 0;
                ++next;
            }
            skip += written;
        }
        return {};
    }

    result<std::size_t> pread(std::span<uint8_t> out, uint64_t offset) const override {
        std::size_t done = 0;
        while (done < out.size()) {
            ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return unexpected(fail("pread", path_, errno).error());
            if (n == 0) break;
            done += static_cast<std::size_t>(n);
        }
        return done;
    }

    status sync() override {
        if (::fdatasync(fd_) != 0) return fail("fdatasync", path_, errno);
        return {};
    }

    status truncate(uint64_t size_bytes) override {
        if (::ftruncate(fd_, static_cast<off_t>(size_bytes)) != 0) return fail("ftruncate", path_, errno);
        return {};
    }

    result<uint64_t> size_bytes() const override {
        struct stat st{};
        if (::fstat(fd_, &st) != 0) return unexpected(fail("fstat", path_, errno).error());
        return static_cast<uint64_t>(st.st_size);
    }

    int fd() const override { return fd_; }

private:
    int fd_;
    std::string path_;
};

class posix_fs final : public file_system {
public:
    result<std::unique_ptr<file>> open(const std::string& path, open_mode mode) override {
        int flags = O_CLOEXEC;
        switch (mode) {
        case open_mode::read_only: flags |= O_RDONLY; break;
        case open_mode::read_write: flags |= O_RDWR; break;
        case open_mode::create_read_write: flags |= O_RDWR | O_CREAT; break;
        }
        int fd = ::open(path.c_str(), flags, 0644);
        if (fd < 0) return unexpected(fail("open", path, errno).error());
        return std::unique_ptr<file>(new posix_file(fd, path));
    }

    status remove(const std::string& path) override {
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) return fail("unlink", path, errno);
        return {};
    }

    status rename(const std::string& from, const std::string& to) override {
        if (::rename(from.c_str(), to.c_str()) != 0) return fail("rename", from, errno);
        return {};
    }

    status sync_dir(const std::string& dir) override {
        int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return fail("open dir", dir, errno);
        int rc = ::fsync(fd);
        int err = errno;
        ::close(fd);
        if (rc != 0) return fail("fsync dir", dir, err);
        return {};
    }

    status create_dirs(const std::string& dir) override {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) return fail("mkdir", dir, ec.value());
        return {};
    }

    result<std::vector<std::string>> list(const std::string& dir) override {
        DIR* d = ::opendir(dir.c_str());
        if (d == nullptr) return unexpected(fail("opendir", dir, errno).error());
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") names.push_back(std::move(name));
        }
        ::closedir(d);
        return names;
    }

    bool exists(const std::string& path) override {
        struct stat st{};
        return ::stat(path.c_str(), &st) == 0;
    }

    result<uint64_t> file_size(const std::string& path) override {
        struct stat st{};
        if (::stat(path.c_str(), &st) != 0) return unexpected(fail("stat", path, errno).error());
        return static_cast<uint64_t>(st.st_size);
    }
};

}  // namespace

status file::pwritev(std::span<const std::span<const uint8_t>> pieces, uint64_t offset) {
    for (auto piece : pieces) {
        if (auto st = pwrite(piece, offset); !st) return st;
        offset += piece.size();
    }
    return {};
}

std::shared_ptr<file_system> posix_file_system() { return std::make_shared<posix_fs>(); }

status write_file_atomically(file_system& fs, const std::string& path, std::span<const uint8_t> bytes) {
    std::string tmp = path + ".tmp";
    {
        auto f = fs.open(tmp, open_mode::create_read_write);
        if (!f) return unexpected(f.error());
        if (auto st = (*f)->truncate(0); !st) return st;
        if (auto st = (*f)->pwrite(bytes, 0); !st) return st;
        if (auto st = (*f)->sync(); !st) return st;
    }
    if (auto st = fs.rename(tmp, path); !st) return st;
    std::string dir = std::filesystem::path(path).parent_path().string();
    return fs.sync_dir(dir.empty() ? "." : dir);
}

result<std::vector<uint8_t>> read_whole_file(file_system& fs, const std::string& path) {
    auto f = fs.open(path, open_mode::read_only);
    if (!f) return unexpected(f.error());
    auto size = (*f)->size_bytes();
    if (!size) return unexpected(size.error());
    std::vector<uint8_t> out(*size);
    auto n = (*f)->pread(out, 0);
    if (!n) return unexpected(n.error());
    out.resize(*n);
    return out;
}

}  // namespace sb::storage
