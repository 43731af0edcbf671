#pragma once
// Starts a real streambus broker for a benchmark: free loopback port, temporary data
// directory, SIGTERM and cleanup at the end.

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace sb::bench {

class broker_process {
public:
    // `binary` is the streambus executable; `smp` its shard count.
    broker_process(const std::string& binary, unsigned smp);
    ~broker_process();
    broker_process(const broker_process&) = delete;
    broker_process& operator=(const broker_process&) = delete;

    uint16_t kafka_port() const { return port_; }
    // A connected, blocking TCP socket to the Kafka port (TCP_NODELAY set).
    int connect_client() const;

private:
    pid_t pid_ = -1;
    uint16_t port_ = 0;
    std::string data_dir_;
};

}  // namespace sb::bench
