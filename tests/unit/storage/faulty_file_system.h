#pragma once
// A file_system for fault tests: wraps the real one, counts what goes through it and
// injects failures on request (ENOSPC-like write failures after a byte budget, failed
// fsyncs). Not thread-safe beyond atomic counters; tests use it with manual_executor.

#include <atomic>
#include <cstdint>
#include <memory>

#include "storage/file_system.h"

namespace sb::storage::testing {

struct fault_plan {
    std::atomic<int64_t> write_budget_bytes{-1};  // -1: unlimited; else writes fail once spent
    std::atomic<bool> fail_sync{false};
    std::atomic<uint64_t> bytes_read{0};
    std::atomic<uint64_t> syncs{0};
    std::atomic<uint64_t> writes{0};
};

class faulty_file final : public file {
public:
    faulty_file(std::unique_ptr<file> inner, std::shared_ptr<fault_plan> plan)
        : inner_(std::move(inner)), plan_(std::move(plan)) {}

    status pwrite(std::span<const uint8_t> bytes, uint64_t offset) override {
        plan_->writes++;
        int64_t budget = plan_->write_budget_bytes.load();
        if (budget >= 0) {
            if (static_cast<int64_t>(bytes.size()) > budget) {
                // A short write, as a full disk gives: part of the bytes land, then failure.
                plan_->write_budget_bytes = 0;
                (void)inner_->pwrite(bytes.first(static_cast<std::size_t>(budget)), offset);
                return unexpected(error_code::kafka_storage_error);
            }
            plan_->write_budget_bytes = budget - static_cast<int64_t>(bytes.size());
        }
        return inner_->pwrite(bytes, offset);
    }
    result<std::size_t> pread(std::span<uint8_t> out, uint64_t offset) const override {
        auto n = inner_->pread(out, offset);
        if (n) plan_->bytes_read += *n;
        return n;
    }
    status sync() override {
        plan_->syncs++;
        if (plan_->fail_sync) return unexpected(error_code::kafka_storage_error);
        return inner_->sync();
    }
    status truncate(uint64_t size_bytes) override { return inner_->truncate(size_bytes); }
    result<uint64_t> size_bytes() const override { return inner_->size_bytes(); }
    int fd() const override { return inner_->fd(); }

private:
    std::unique_ptr<file> inner_;
    std::shared_ptr<fault_plan> plan_;
};

class faulty_file_system final : public file_system {
public:
    explicit faulty_file_system(std::shared_ptr<fault_plan> plan)
        : inner_(posix_file_system()), plan_(std::move(plan)) {}

    result<std::unique_ptr<file>> open(const std::string& path, open_mode mode) override {
        auto f = inner_->open(path, mode);
        if (!f) return unexpected(f.error());
        return std::unique_ptr<file>(new faulty_file(std::move(*f), plan_));
    }
    status remove(const std::string& path) override { return inner_->remove(path); }
    status rename(const std::string& from, const std::string& to) override { return inner_->rename(from, to); }
    status sync_dir(const std::string& dir) override {
        if (plan_->fail_sync) return unexpected(error_code::kafka_storage_error);
        return inner_->sync_dir(dir);
    }
    status create_dirs(const std::string& dir) override { return inner_->create_dirs(dir); }
    result<std::vector<std::string>> list(const std::string& dir) override { return inner_->list(dir); }
    bool exists(const std::string& path) override { return inner_->exists(path); }
    result<uint64_t> file_size(const std::string& path) override { return inner_->file_size(path); }

private:
    std::shared_ptr<file_system> inner_;
    std::shared_ptr<fault_plan> plan_;
};

}  // namespace sb::storage::testing
