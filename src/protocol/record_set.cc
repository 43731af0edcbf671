#include "protocol/record_set.h"

#include <algorithm>

namespace sb::protocol {

iobuf record_set::release() {
    iobuf out = std::move(bytes_);
    bytes_.clear();
    null_ = true;
    return out;
}

record_set record_set::share() const {
    if (null_) return record_set();
    return record_set(bytes_.share(0, bytes_.size_bytes()));
}

bool operator==(const record_set& a, const record_set& b) {
    if (a.null_ != b.null_ || a.size_bytes() != b.size_bytes()) return false;
    // Walk both fragment lists in step; they may be split at different places.
    const auto& fa = a.bytes_.fragments();
    const auto& fb = b.bytes_.fragments();
    std::size_t ia = 0, ib = 0, oa = 0, ob = 0;
    while (ia < fa.size() && ib < fb.size()) {
        const std::size_t n = std::min(fa[ia].size - oa, fb[ib].size - ob);
        if (!std::equal(fa[ia].data() + oa, fa[ia].data() + oa + n, fb[ib].data() + ob)) return false;
        oa += n;
        ob += n;
        if (oa == fa[ia].size) { ++ia; oa = 0; }
        if (ob == fb[ib].size) { ++ib; ob = 0; }
    }
    return true;
}

}  // namespace sb::protocol
