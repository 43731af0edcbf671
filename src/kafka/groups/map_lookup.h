#pragma once
// find_value: a pointer to the value under a key of a std::map, or nullptr; const-correct
// for const and non-const maps alike.

namespace sb::kafka::groups {

template <class Map, class Key>
auto* find_value(Map& map, const Key& key) {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
}

}  // namespace sb::kafka::groups
