// voice_guide.cpp — the voice worker: queue rules, cache, volume, delivery to the sink.
#include "kiosk/voice/voice_guide.h"

#include <algorithm>

#include "base/log.h"

namespace zhidui::voice {

VoiceGuide::VoiceGuide(VoiceSink& sink, SynthOptions synth_options, Options options)
    : VoiceGuide(sink,
                 [synth = SpeechSynth(std::move(synth_options))](const std::string& text,
                                                                 const std::atomic<bool>& cancel) {
                   return synth.synthesise(text, &cancel);
                 },
                 options) {}

VoiceGuide::VoiceGuide(VoiceSink& sink, SynthesiseFn synthesise, Options options)
    : sink_(sink), synthesise_(std::move(synthesise)), options_(options), volume_(std::clamp(options.volume, 0, 100)) {
  worker_ = std::thread([this] { run(); });
}

VoiceGuide::~VoiceGuide() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    pending_.clear();
    cancel_in_flight_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void VoiceGuide::say(std::string text, Priority priority) {
  if (text.empty()) return;
  {
    std::lock_guard lock(mutex_);
    auto replaced = [&](const Utterance& u) {
      return u.priority == Priority::prompt || (priority == Priority::error && u.text == text);
    };
    size_t before = pending_.size();
    pending_.erase(std::remove_if(pending_.begin(), pending_.end(), replaced), pending_.end());
    stats_.superseded += before - pending_.size();
    if (in_flight_ && replaced(*in_flight_)) cancel_in_flight_ = true;
    pending_.push_back(Utterance{std::move(text), priority});
  }
  wake_.notify_one();
}

void VoiceGuide::stop() {
  {
    std::lock_guard lock(mutex_);
    stats_.superseded += pending_.size();
    pending_.clear();
    if (in_flight_) cancel_in_flight_ = true;
    ++clears_requested_;
  }
  wake_.notify_one();
}

void VoiceGuide::set_volume(int volume) { volume_ = std::clamp(volume, 0, 100); }

double VoiceGuide::gain_for_volume(int volume) {
  double v = std::clamp(volume, 0, 100) / 100.0;
  return v * v;
}

void VoiceGuide::wait_until_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stopping_ || (pending_.empty() && !in_flight_ && clears_done_ == clears_requested_); });
}

VoiceGuide::Stats VoiceGuide::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::shared_ptr<const Pcm> VoiceGuide::synthesise_cached(const std::string& text, bool& cancelled) {
  cancelled = false;
  if (auto it = cache_.find(text); it != cache_.end()) {
    std::lock_guard lock(mutex_);
    ++stats_.cache_hits;
    return it->second;
  }
  Result<Pcm> pcm = synthesise_(text, cancel_in_flight_);
  if (cancel_in_flight_) {
    cancelled = true;
    return nullptr;
  }
  if (!pcm.ok()) {
    // The code is enough for the technician; the text itself is a fixed prompt but is not logged anyway.
    log::warn("voice", "synthesis failed: " + pcm.error().code + ": " + pcm.error().message);
    std::lock_guard lock(mutex_);
    ++stats_.failures;
    return nullptr;
  }
  auto shared = std::make_shared<const Pcm>(std::move(pcm.value()));
  size_t bytes = shared->samples.size() * sizeof(int16_t);
  if (bytes <= options_.cache_bytes) {
    while (cache_size_bytes_ + bytes > options_.cache_bytes && !cache_order_.empty()) {
      auto oldest = cache_.find(cache_order_.front());
      cache_size_bytes_ -= oldest->second->samples.size() * sizeof(int16_t);
      cache_.erase(oldest);
      cache_order_.pop_front();
    }
    cache_.emplace(text, shared);
    cache_order_.push_back(text);
    cache_size_bytes_ += bytes;
  }
  return shared;
}

void VoiceGuide::run() {
  for (;;) {
    Utterance next;
    uint64_t clear_to = 0;
    bool clear_first = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || clears_done_ != clears_requested_ || !pending_.empty(); });
      if (stopping_) break;
      clear_first = clears_done_ != clears_requested_;
      clear_to = clears_requested_;
      if (!pending_.empty()) {
        next = std::move(pending_.front());
        pending_.pop_front();
        in_flight_ = next;
        cancel_in_flight_ = false;
      }
    }
    if (clear_first) {
      sink_.clear();
      last_delivered_.reset();
      std::lock_guard lock(mutex_);
      clears_done_ = clear_to;
    }
    if (next.text.empty()) {  // only a clear was asked for
      std::lock_guard lock(mutex_);
      idle_.notify_all();
      continue;
    }

    bool cancelled = false;
    std::shared_ptr<const Pcm> pcm = synthesise_cached(next.text, cancelled);
    bool cut_in = false;
    double gain = 1.0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      if (cancelled || cancel_in_flight_) {
        ++stats_.superseded;
        pcm.reset();
      }
      if (pcm) {
        ++stats_.delivered;
        // A stop() that arrived during synthesis is handled by clears_requested_ on the next turn, and
        // its cancel already dropped this utterance.
        gain = gain_for_volume(volume_);
        cut_in = last_delivered_ && *last_delivered_ <= next.priority;
      }
    }
    if (pcm) {
      Pcm scaled = *pcm;
      scale(scaled, gain);
      if (cut_in) sink_.clear();
      sink_.play(scaled);
      last_delivered_ = next.priority;
    }
    // in_flight_ lasts until the sink has the utterance, so wait_until_idle() returns after play().
    std::lock_guard lock(mutex_);
    in_flight_.reset();
    idle_.notify_all();
  }
  std::lock_guard lock(mutex_);
  idle_.notify_all();
}

}  // namespace zhidui::voice
