// event_queue.h — the one way worker threads reach the UI thread: push() an Event, and the waker
// (installed by ui/, which posts an SDL user event) gets the loop out of SDL_WaitEventTimeout.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "kiosk/events.h"

namespace zhidui {

class EventQueue {
 public:
  void set_waker(std::function<void()> waker) {
    std::lock_guard lock(mutex_);
    waker_ = std::move(waker);
  }
  void push(Event e) {
    std::function<void()> waker;
    {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(e));
      waker = waker_;
    }
    if (waker) waker();
  }
  std::vector<Event> drain() {
    std::lock_guard lock(mutex_);
    std::vector<Event> out(std::make_move_iterator(events_.begin()), std::make_move_iterator(events_.end()));
    events_.clear();
    return out;
  }

 private:
  std::mutex mutex_;
  std::deque<Event> events_;
  std::function<void()> waker_;
};

}  // namespace zhidui
