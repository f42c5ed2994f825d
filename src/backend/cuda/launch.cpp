#include "swirl/backend/cuda/launch.h"

#include <atomic>

namespace swirl::cuda {
namespace {
std::atomic<uint64_t> g_launches{0};
}

uint64_t launch_count() { return g_launches.load(); }
void count_launch() { g_launches.fetch_add(1); }

}  // namespace swirl::cuda
