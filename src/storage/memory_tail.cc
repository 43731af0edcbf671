#include "storage/memory_tail.h"

#include <cassert>

namespace sb::storage {

memory_tail::~memory_tail() { clear(); }

std::size_t memory_tail::charge_of(const iobuf& b) {
    std::size_t charge = 0;
    const uint8_t* last_chunk = nullptr;
    for (const auto& f : b.fragments()) {
        // Fragments of one buffer are adjacent when a batch was cut from it.
        if (f.chunk.get() == last_chunk) continue;
        last_chunk = f.chunk.get();
        charge += f.chunk_capacity;
    }
    return charge;
}

void memory_tail::push(const batch_info& info, iobuf bytes) {
    assert(bytes.size_bytes() == info.size_bytes);
    assert(batches_.empty() || batches_.back().info.end_position() == info.position);
    const std::size_t charge = charge_of(bytes);
    if (charge > max_bytes_) {
        // Kept alone it would break the limit; without it the batches before it would no
        // longer end where the log does. Readers get all of them from the file.
        clear();
        return;
    }
    batches_.push_back({info, std::move(bytes), charge});
    charged_bytes_ += charge;
    while (charged_bytes_ > max_bytes_) pop_front();
    if (budget_ != nullptr) budget_->grew(*this, charge);
}

void memory_tail::drop_below(int64_t offset) {
    while (!batches_.empty() && batches_.front().info.next_offset() <= offset) pop_front();
}

void memory_tail::drop_from(int64_t offset) {
    while (!batches_.empty() && batches_.back().info.base_offset >= offset) pop_back();
}

void memory_tail::clear() {
    while (!batches_.empty()) pop_back();
}

std::size_t memory_tail::shed_oldest() {
    if (batches_.empty()) return 0;
    const std::size_t charge = batches_.front().charge;
    charged_bytes_ -= charge;
    batches_.pop_front();
    return charge;
}

void memory_tail::pop_front() {
    const std::size_t charge = batches_.front().charge;
    charged_bytes_ -= charge;
    batches_.pop_front();
    if (budget_ != nullptr) budget_->shrank(*this, charge, batches_.empty());
}

void memory_tail::pop_back() {
    const std::size_t charge = batches_.back().charge;
    charged_bytes_ -= charge;
    batches_.pop_back();
    if (budget_ != nullptr) budget_->shrank(*this, charge, batches_.empty());
}

}  // namespace sb::storage
