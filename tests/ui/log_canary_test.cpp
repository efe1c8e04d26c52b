// Every test of this binary runs with its log checked for the personas' personal data (tests/log_canary.h).
#include "tests/log_canary.h"

namespace {
::testing::Environment* const kCanary = ::testing::AddGlobalTestEnvironment(new zhidui::testing::LogCanary("ui"));
}  // namespace
