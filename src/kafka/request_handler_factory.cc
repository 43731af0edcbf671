#include "kafka/request_handler_factory.h"

#include <cassert>

#include "kafka/request_dispatcher.h"

namespace sb::kafka {

net::request_handler_factory make_request_handler_factory(const broker_config& config,
                                                          std::shared_ptr<cluster::topic_table> topics,
                                                          boost::asio::any_io_executor controller,
                                                          std::shared_ptr<broker_services> services) {
    assert(topics && controller && services);
    auto shared_config = std::make_shared<const broker_config>(config);
    return [shared_config, topics = std::move(topics), controller = std::move(controller),
            services = std::move(services)](unsigned shard) {
        return std::make_unique<request_dispatcher>(shard, shared_config, topics, controller, services);
    };
}

}  // namespace sb::kafka
