#include "cli/command.h"

#include <cstdio>

namespace sb::cli {

void require_subcommand_of(CLI::App& group) {
    group.callback([&group] {
        if (!group.get_subcommands().empty()) return;
        std::string names;
        for (const auto* sub : group.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
        throw CLI::RequiredError("a subcommand of `" + group.get_name() + "` (" + names + ")");
    });
}

int fail(std::string_view message) {
    std::fprintf(stderr, "streambus: %.*s\n", static_cast<int>(message.size()), message.data());
    return k_exit_failed;
}

}  // namespace sb::cli
