#pragma once

namespace sb::app {
inline constexpr const char* k_version = "0.1.0";
}
