// no_admin.h — runs code on a thread without CAP_SYS_ADMIN, as the kiosk's service user runs.
//
// The kernel lets a holder of CAP_SYS_ADMIN open a tty that another process holds exclusively
// (TIOCEXCL), and the tests may run as root. Capabilities belong to a thread and are inherited by the
// threads it starts, so dropping the capability from one thread's effective set tests exclusivity as the
// kiosk meets it, without touching the rest of the test process.
#pragma once

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <functional>
#include <thread>

namespace zhidui::test_support {

// Drops CAP_SYS_ADMIN from the calling thread's effective set (it stays permitted, so nothing else of
// the process changes). Returns false when the kernel refuses.
inline bool drop_sys_admin_on_this_thread() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
  return ::syscall(SYS_capset, &header, data) == 0;
}

// Runs f on a fresh thread without CAP_SYS_ADMIN and waits for it; false when the capability could not
// be dropped (f then does not run).
inline bool run_without_sys_admin(const std::function<void()>& f) {
  bool dropped = false;
  std::thread t([&] {
    dropped = drop_sys_admin_on_this_thread();
    if (dropped) f();
  });
  t.join();
  return dropped;
}

}  // namespace zhidui::test_support
