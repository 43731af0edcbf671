#include "app/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/metrics.h"

namespace sb::app {
namespace {

double resident_memory_bytes() {
    std::ifstream statm("/proc/self/statm");
    long pages_total = 0, pages_resident = 0;
    statm >> pages_total >> pages_resident;
    return static_cast<double>(pages_resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

double cpu_seconds() {
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    auto close = line.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
    }
    return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double open_fds() {
    std::error_code ec;
    double n = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
        ++n;
    }
    return n;
}

double max_fds() {
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
    return static_cast<double>(limit.rlim_cur);
}

}  // namespace

void register_process_metrics() {
    auto& r = metrics::registry::global();
    r.set_gauge("streambus_process_resident_memory_bytes", "Resident set size of the broker process.", {},
                resident_memory_bytes);
    r.set_computed_counter("streambus_process_cpu_seconds_total",
                           "User plus system CPU time used by the broker process.", {}, cpu_seconds);
    r.set_gauge("streambus_process_open_fds", "Open file descriptors of the broker process.", {}, open_fds);
    r.set_gauge("streambus_process_max_fds", "The broker process's limit of open file descriptors.", {}, max_fds);
    const double start = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    r.set_gauge("streambus_process_start_time_seconds", "Start time of the broker process since the Unix epoch.", {},
                [start] { return start; });
}

}  // namespace sb::app
