#include "cli/commands.h"

namespace sb::cli {

std::function<std::optional<int>()> add_commands(CLI::App&) {
    return []() -> std::optional<int> { return std::nullopt; };
}

}  // namespace sb::cli
