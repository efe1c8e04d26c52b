// submit_parts.h — what the single submission (submit.cpp) and the batch (batch.cpp) share: the
// in-flight key guard, header checks, and where injected faults strike.
#pragma once

#include <functional>
#include <string>

#include "tools/platform-sim/context.h"

namespace zhidui::platform_sim {

// Releases the key when the handler returns, whatever the path (including an exception).
class InFlightGuard {
 public:
  InFlightGuard(InFlightKeys& keys, std::string key) : keys_(keys), key_(std::move(key)) {
    acquired_ = keys_.try_add(key_);
  }
  ~InFlightGuard() { release(); }
  // Early release, for answers the client sees before the handler returns.
  void release() {
    if (acquired_) keys_.remove(key_);
    acquired_ = false;
  }
  InFlightGuard(const InFlightGuard&) = delete;
  InFlightGuard& operator=(const InFlightGuard&) = delete;
  bool acquired() const { return acquired_; }

 private:
  InFlightKeys& keys_;
  std::string key_;
  bool acquired_ = false;
};

std::string lower(std::string s);
bool is_json_content_type(const std::string& value);

// Pre-commit faults (reset, hang, 5xx, 429): the request ends here and nothing was stored.
// `release_keys` runs before the client can see the connection end, so its retry is not a 409.
void strike_before_commit(SimContext& context, const FaultRule& fault, const httplib::Request& request,
                          httplib::Response& response, const std::function<void()>& release_keys);
// Post-commit faults (drop, garbage, truncated) mangle the answer `stored` of a committed request.
void strike_after_commit(const FaultRule& fault, const StoredResponse& stored, httplib::Response& response);

}  // namespace zhidui::platform_sim
