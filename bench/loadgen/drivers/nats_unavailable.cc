// Built when libnats-dev is missing: the program still builds and says what it lacks.
#include "loadgen/drivers/driver.h"

namespace sb::loadgen {

std::unique_ptr<driver> make_nats_driver() { return nullptr; }

}  // namespace sb::loadgen
