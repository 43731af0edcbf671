// The streambus binary: the broker (`streambus serve`) and, later, the command-line tool.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "app/config.h"
#include "app/serve.h"
#include "app/version.h"
#include "cli/commands.h"

extern char** environ;

namespace {

// Registers one flag per setting; only flags given on the command line end up in `out`.
void add_setting_flags(CLI::App& cmd, std::map<std::string, std::string>& out) {
    for (const auto& s : sb::app::settings()) {
        std::string help = s.description;
        help += " [default: ";
        help += (*s.default_text ? s.default_text : "\"\"");
        help += "]";
        std::string key = s.name;
        cmd.add_option_function<std::string>(
               sb::app::flag_name(key), [&out, key](const std::string& v) { out[key] = v; }, help)
            ->type_name(s.type == sb::app::setting_type::integer ? "INT" : "TEXT");
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"StreamBus: a Kafka-compatible streaming platform in one binary"};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string("streambus ") + sb::app::k_version);

    CLI::App* serve_cmd = app.add_subcommand("serve", "Run a broker");
    std::string config_path;
    std::map<std::string, std::string> flag_values;
    serve_cmd->add_option("--config", config_path, "YAML file of settings (flat `key: value` pairs)");
    add_setting_flags(*serve_cmd, flag_values);
    auto run_cli_command = sb::cli::add_commands(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    if (*serve_cmd) {
        sb::app::config_sources sources;
        if (!config_path.empty()) {
            auto yaml = sb::app::read_yaml_file(config_path);
            if (!yaml) {
                std::fprintf(stderr, "streambus: %s\n", yaml.error().c_str());
                return 2;
            }
            sources.yaml = std::move(*yaml);
        }
        auto env = sb::app::read_environment(environ);
        sources.env = std::move(env.values);
        sources.flags = std::move(flag_values);
        auto config = sb::app::build_config(sources);
        if (!config) {
            std::fprintf(stderr, "streambus: invalid setting %s\n", config.error().c_str());
            return 2;
        }
        std::vector<std::string> warnings;
        for (const auto& name : env.unknown) warnings.push_back("environment variable " + name + " names no setting; ignored");
        // SIGHUP reads the file and the environment again; the flags stay as given.
        sb::app::config_reloader reloader(
            *sb::app::resolve_settings(sources),
            [config_path, flags = sources.flags]() -> sb::result<sb::app::config_sources, std::string> {
                sb::app::config_sources next;
                if (!config_path.empty()) {
                    auto yaml = sb::app::read_yaml_file(config_path);
                    if (!yaml) return sb::unexpected(yaml.error());
                    next.yaml = std::move(*yaml);
                }
                next.env = sb::app::read_environment(environ).values;
                next.flags = flags;
                return next;
            });
        return sb::app::serve(*config, warnings, reloader);
    }
    if (auto code = run_cli_command()) return *code;
    std::cout << app.help();
    return 0;
}
