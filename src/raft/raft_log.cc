#include "raft/raft_log.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace sb::raft {

raft_log::raft_log(const log_view& durable, log_index commit_index, log_index applied_index)
    : durable_(durable),
      offset_(durable.last_index() + 1),
      persist_cursor_(offset_),
      // A snapshot can be newer than the commit index last written with the hard state.
      commit_index_(std::clamp(commit_index, durable.snapshot_index(), durable.last_index())),
      applied_index_(applied_index) {
    assert(applied_index_ >= durable.snapshot_index());
    assert(applied_index_ <= commit_index_);
}

log_index raft_log::first_index() const {
    if (incoming_snapshot_) return incoming_snapshot_->meta.last_index + 1;
    return durable_.first_index();
}

const entry& raft_log::pending_at(log_index index) const {
    assert(index >= offset_ && index <= last_index());
    const entry& e = pending_[static_cast<std::size_t>(index - offset_)];
    assert(e.index == index);
    return e;
}

std::optional<term_id> raft_log::term_at(log_index index) const {
    if (index > last_index() || index < 0) return std::nullopt;
    if (index >= offset_) return pending_at(index).term;
    if (incoming_snapshot_) {
        if (index == incoming_snapshot_->meta.last_index) return incoming_snapshot_->meta.last_term;
        return std::nullopt;
    }
    if (index == durable_.snapshot_index()) return durable_.snapshot_term();
    if (index < durable_.snapshot_index()) return std::nullopt;
    assert(index <= durable_.last_index());
    return durable_.term_at(index);
}

term_id raft_log::last_term() const {
    auto t = term_at(last_index());
    assert(t.has_value());
    return *t;
}

bool raft_log::matches(log_index index, term_id term) const {
    auto t = term_at(index);
    return t.has_value() && *t == term;
}

bool raft_log::is_up_to_date(log_index last_index, term_id last_term) const {
    return last_term > this->last_term() ||
           (last_term == this->last_term() && last_index >= this->last_index());
}

std::vector<entry> raft_log::read(log_index from, std::size_t max_bytes) const {
    return read(from, last_index(), max_bytes);
}

std::vector<entry> raft_log::read(log_index from, log_index to, std::size_t max_bytes) const {
    assert(from >= first_index());
    assert(from <= to && to <= last_index());
    // Most requests are small; reserving for them saves regrowing the vector entry by entry.
    constexpr log_index k_reserve_entries_max = 64;
    std::vector<entry> out;
    out.reserve(static_cast<std::size_t>(std::min(to - from + 1, k_reserve_entries_max)));
    std::size_t bytes = 0;
    if (from < offset_) {
        const log_index durable_to = std::min(to, offset_ - 1);
        durable_.read(from, durable_to, max_bytes, out);
        assert(!out.empty() && out.front().index == from);
        for (const entry& e : out) bytes += entry_size_bytes(e);
        if (out.back().index < durable_to) return out;  // the byte budget ran out
    }
    for (log_index i = std::max(from, offset_); i <= to; ++i) {
        const entry& e = pending_at(i);
        if (!out.empty() && bytes + entry_size_bytes(e) > max_bytes) break;
        bytes += entry_size_bytes(e);
        out.push_back(e);
    }
    return out;
}

std::size_t raft_log::first_new(const std::vector<entry>& entries) const {
    for (std::size_t k = 0; k < entries.size(); ++k) {
        if (!matches(entries[k].index, entries[k].term)) return k;
    }
    return entries.size();
}

log_index raft_log::last_index_with_term_at_most(log_index index, term_id term) const {
    const log_index floor = first_index() - 1;
    for (log_index i = std::min(index, last_index()); i > floor; --i) {
        auto t = term_at(i);
        assert(t.has_value());
        if (*t <= term) return i;
    }
    return floor;
}

void raft_log::append(std::vector<entry> entries) {
    assert(!entries.empty());
    const log_index first = entries.front().index;
    assert(first <= last_index() + 1);
    assert(first > commit_index_);  // committed entries are never replaced
    if (first >= offset_) {
        while (last_index() >= first) pending_.pop_back();
    } else {
        // The replaced suffix reaches into durable entries: the next ready truncates there.
        pending_.clear();
        offset_ = first;
    }
    persist_cursor_ = std::min(persist_cursor_, first);
    for (entry& e : entries) {
        assert(e.index == last_index() + 1);
        pending_.push_back(std::move(e));
    }
}

void raft_log::commit_to(log_index index) {
    if (index <= commit_index_) return;
    assert(index <= last_index());
    commit_index_ = index;
}

log_index raft_log::durable_index() const {
    // A snapshot being installed counts: the state machine receives it before any entry
    // that follows it.
    return offset_ - 1;
}

bool raft_log::has_entries_to_apply() const {
    return applied_index_ < std::min(commit_index_, durable_index());
}

std::vector<entry> raft_log::take_entries_to_apply(std::size_t max_bytes) {
    const log_index limit = std::min(commit_index_, durable_index());
    if (applied_index_ >= limit) return {};
    std::vector<entry> out = read(applied_index_ + 1, limit, max_bytes);
    assert(out.front().index == applied_index_ + 1);
    applied_index_ = out.back().index;
    return out;
}

std::vector<entry> raft_log::take_entries_to_persist() {
    std::vector<entry> out;
    for (log_index i = persist_cursor_; i <= last_index(); ++i) out.push_back(pending_at(i));
    persist_cursor_ = last_index() + 1;
    return out;
}

void raft_log::on_persisted(log_index index, term_id term) {
    // Ignore what is already durable, and entries replaced since they were handed out.
    if (index < offset_ || index >= persist_cursor_) return;
    if (pending_at(index).term != term) return;
    while (offset_ <= index) {
        pending_.pop_front();
        ++offset_;
    }
    assert(offset_ == index + 1);
}

void raft_log::restore(snapshot_meta meta, payload data) {
    assert(meta.last_index > commit_index_);
    pending_.clear();
    offset_ = meta.last_index + 1;
    persist_cursor_ = offset_;
    commit_index_ = meta.last_index;
    applied_index_ = meta.last_index;
    incoming_snapshot_ = snapshot_install{std::move(meta), std::move(data)};
    snapshot_handed_out_ = false;
}

std::optional<snapshot_install> raft_log::take_snapshot_to_install() {
    if (!incoming_snapshot_ || snapshot_handed_out_) return std::nullopt;
    snapshot_handed_out_ = true;
    return incoming_snapshot_;
}

void raft_log::on_snapshot_installed(log_index index) {
    if (!incoming_snapshot_ || incoming_snapshot_->meta.last_index != index) return;
    assert(snapshot_handed_out_);
    incoming_snapshot_.reset();
    assert(durable_.snapshot_index() == index);
}

}  // namespace sb::raft
