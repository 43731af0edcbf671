#pragma once
// The release version, from project(VERSION ...) in the top-level CMakeLists.txt.

namespace sb::app {
inline constexpr const char* k_version = SB_VERSION;
}
