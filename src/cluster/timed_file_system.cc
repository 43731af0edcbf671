#include "cluster/timed_file_system.h"

#include <chrono>

namespace sb::cluster {
namespace {

class timed_file final : public storage::file {
public:
    timed_file(std::unique_ptr<storage::file> inner, metrics::histogram& latency)
        : inner_(std::move(inner)), latency_(latency) {}

    sb::status pwrite(std::span<const uint8_t> bytes, uint64_t offset) override { return inner_->pwrite(bytes, offset); }
    sb::status pwritev(std::span<const std::span<const uint8_t>> pieces, uint64_t offset) override {
        return inner_->pwritev(pieces, offset);
    }
    sb::result<std::size_t> pread(std::span<uint8_t> out, uint64_t offset) const override {
        return inner_->pread(out, offset);
    }
    sb::status sync() override {
        const auto start = std::chrono::steady_clock::now();
        auto st = inner_->sync();
        latency_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        return st;
    }
    sb::status truncate(uint64_t size_bytes) override { return inner_->truncate(size_bytes); }
    sb::result<uint64_t> size_bytes() const override { return inner_->size_bytes(); }
    int fd() const override { return inner_->fd(); }

private:
    std::unique_ptr<storage::file> inner_;
    metrics::histogram& latency_;
};

class timed_fs final : public storage::file_system {
public:
    timed_fs(std::shared_ptr<storage::file_system> inner, metrics::histogram& latency)
        : inner_(std::move(inner)), latency_(latency) {}

    sb::result<std::unique_ptr<storage::file>> open(const std::string& path, storage::open_mode mode) override {
        auto f = inner_->open(path, mode);
        if (!f) return sb::unexpected(f.error());
        return std::unique_ptr<storage::file>(std::make_unique<timed_file>(std::move(*f), latency_));
    }
    sb::status remove(const std::string& path) override { return inner_->remove(path); }
    sb::status rename(const std::string& from, const std::string& to) override { return inner_->rename(from, to); }
    sb::status sync_dir(const std::string& dir) override { return inner_->sync_dir(dir); }
    sb::status create_dirs(const std::string& dir) override { return inner_->create_dirs(dir); }
    sb::result<std::vector<std::string>> list(const std::string& dir) override { return inner_->list(dir); }
    bool exists(const std::string& path) override { return inner_->exists(path); }
    sb::result<uint64_t> file_size(const std::string& path) override { return inner_->file_size(path); }

private:
    std::shared_ptr<storage::file_system> inner_;
    metrics::histogram& latency_;
};

}  // namespace

std::shared_ptr<storage::file_system> timed_file_system(std::shared_ptr<storage::file_system> inner,
                                                        metrics::histogram& fsync_latency_seconds) {
    return std::make_shared<timed_fs>(std::move(inner), fsync_latency_seconds);
}

}  // namespace sb::cluster
