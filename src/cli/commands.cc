#include "cli/commands.h"

#include "cli/cluster_commands.h"
#include "cli/command.h"
#include "cli/consume_command.h"
#include "cli/group_commands.h"
#include "cli/produce_command.h"
#include "cli/topic_commands.h"

namespace sb::cli {
namespace {

// "streambus topic create": the command line's chosen commands, as far as they parsed.
std::string command_path(const CLI::App* app) {
    std::string path = app->get_name();
    for (const CLI::App* sub = app; sub;) {
        auto parsed = sub->get_subcommands();
        sub = parsed.empty() ? nullptr : parsed.front();
        if (sub) path += " " + sub->get_name();
    }
    return path;
}

// One line per usage error, naming where to find help: "streambus: <problem>; see
// `streambus topic create --help`".
std::string one_line_failure(const CLI::App* app, const CLI::Error& e) {
    return std::string("streambus: ") + e.what() + "; see `" + command_path(app) + " --help`\n";
}

}  // namespace

std::function<std::optional<int>()> add_commands(CLI::App& app) {
    auto chosen = std::make_shared<chosen_command>();
    // Help and usage errors name the program as users type it, not by the path it ran from.
    app.name("streambus");
    app.failure_message(one_line_failure);
    add_topic_commands(app, chosen);
    add_produce_command(app, chosen);
    add_consume_command(app, chosen);
    add_group_commands(app, chosen);
    add_cluster_commands(app, chosen);
    return [chosen]() -> std::optional<int> {
        if (!chosen->run) return std::nullopt;
        return chosen->run();
    };
}

}  // namespace sb::cli
