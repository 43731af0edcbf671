#include "app/kafka_wiring.h"

namespace sb::app {

sb::result<kafka_services, std::string> make_kafka_services(const broker_config&) {
    return sb::unexpected(std::string("the Kafka request layer is not part of this build yet"));
}

}  // namespace sb::app
