#include "kafka/groups/member.h"

namespace sb::kafka::groups {

const bytes* member::metadata_for(const std::string& protocol) const {
    for (const protocol_entry& entry : protocols) {
        if (entry.name == protocol) return &entry.metadata;
    }
    return nullptr;
}

const std::string* member::preferred_among(const std::set<std::string>& candidates) const {
    for (const protocol_entry& entry : protocols) {
        if (candidates.contains(entry.name)) return &entry.name;
    }
    return nullptr;
}

}  // namespace sb::kafka::groups
