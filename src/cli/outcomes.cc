#include "cli/outcomes.h"

#include "cli/command.h"
#include "cli/kafka_client.h"
#include "cli/output.h"

namespace sb::cli {

int report_outcomes(std::string_view name_header, std::string_view action, const std::vector<item_outcome>& outcomes) {
    table ok({std::string(name_header), "STATUS"});
    for (const auto& o : outcomes) {
        if (!o.err) ok.add_row({o.name, "OK"});
    }
    if (!ok.empty()) ok.print();
    std::fflush(stdout);
    int code = k_exit_ok;
    for (const auto& o : outcomes) {
        if (!o.err) continue;
        code = fail("cannot " + std::string(action) + " \"" + o.name + "\": " + describe_error(o.err, o.message.c_str()));
    }
    return code;
}

std::vector<item_outcome> topic_outcomes(const rd_kafka_topic_result_t** results, size_t count) {
    std::vector<item_outcome> out;
    for (size_t i = 0; i < count; ++i) {
        const char* message = rd_kafka_topic_result_error_string(results[i]);
        out.push_back({rd_kafka_topic_result_name(results[i]), rd_kafka_topic_result_error(results[i]),
                       message ? message : ""});
    }
    return out;
}

}  // namespace sb::cli
