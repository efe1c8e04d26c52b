// cups_a4_printer.cpp — see cups_a4_printer.h.
#include "drivers/a4_printer/cups_a4_printer.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "base/log.h"

namespace zhidui::drivers::a4_printer {
namespace {

constexpr size_t kUploadChunk = 64 * 1024;

std::vector<std::string> strings_of(ipp_t* response, const char* name) {
  std::vector<std::string> out;
  if (ipp_attribute_t* a = ippFindAttribute(response, name, IPP_TAG_ZERO))
    for (int i = 0; i < ippGetCount(a); ++i)
      if (const char* s = ippGetString(a, i, nullptr)) out.emplace_back(s);
  return out;
}

std::string string_of(ipp_t* response, const char* name) {
  auto all = strings_of(response, name);
  return all.empty() ? std::string() : all.front();
}

struct JobSnapshot {
  JobState state = JobState::pending;
  std::vector<std::string> reasons;
  std::string message;
};

const char* name_of(JobState s) {
  switch (s) {
    case JobState::pending:
      return "pending";
    case JobState::held:
      return "held";
    case JobState::processing:
      return "processing";
    case JobState::stopped:
      return "stopped";
    case JobState::canceled:
      return "canceled";
    case JobState::aborted:
      return "aborted";
    case JobState::completed:
      return "completed";
  }
  return "?";
}

Result<CupsQueueState> read_queue(http_t* http, const CupsEndpoint& endpoint, const std::string& queue) {
  ipp_t* request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printer_uri(endpoint, queue).c_str());
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
  static const char* const kAttributes[] = {
      "printer-state",         "printer-state-reasons",  "printer-is-accepting-jobs",
      "printer-state-message", "printer-make-and-model", "printer-info"};
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", int(std::size(kAttributes)),
                nullptr, kAttributes);
  auto response = ipp_request(http, request, "Get-Printer-Attributes for queue " + queue);
  if (!response) return response.error();
  ipp_t* r = response->get();
  CupsQueueState q;
  if (ipp_attribute_t* a = ippFindAttribute(r, "printer-state", IPP_TAG_ENUM))
    q.state = QueueState(ippGetInteger(a, 0));
  if (ipp_attribute_t* a = ippFindAttribute(r, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))
    q.accepting_jobs = ippGetBoolean(a, 0) != 0;
  q.reasons = strings_of(r, "printer-state-reasons");
  q.message = string_of(r, "printer-state-message");
  q.make_and_model = string_of(r, "printer-make-and-model");
  q.info = string_of(r, "printer-info");
  return q;
}

Result<JobSnapshot> read_job(http_t* http, const CupsEndpoint& endpoint, const std::string& queue, int job_id) {
  ipp_t* request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printer_uri(endpoint, queue).c_str());
  ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
  static const char* const kAttributes[] = {"job-state", "job-state-reasons", "job-printer-state-message"};
  ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", int(std::size(kAttributes)),
                nullptr, kAttributes);
  auto response = ipp_request(http, request, "Get-Job-Attributes for job " + std::to_string(job_id));
  if (!response) {
    Error e = response.error();
    // For a job, not-found means the job is gone (purged), not the queue.
    if (e.is(errc::kA4QueueMissing)) e.code = "a4.job_missing";
    return e;
  }
  JobSnapshot job;
  if (ipp_attribute_t* a = ippFindAttribute(response->get(), "job-state", IPP_TAG_ENUM))
    job.state = JobState(ippGetInteger(a, 0));
  job.reasons = strings_of(response->get(), "job-state-reasons");
  job.message = string_of(response->get(), "job-printer-state-message");
  return job;
}

}  // namespace

CupsA4Printer::CupsA4Printer(CupsA4Config config)
    : config_(std::move(config)), endpoint_(parse_cups_server(config_.server)) {}

Result<HttpPtr> CupsA4Printer::connect() const {
  return connect_cups(endpoint_, config_.connect_timeout, config_.request_timeout);
}

Result<CupsQueueState> CupsA4Printer::queue_state() {
  if (config_.queue.empty()) return make_error(errc::kA4QueueMissing, "no A4 queue configured");
  auto http = connect();
  if (!http) return http.error();
  return read_queue(http->get(), endpoint_, config_.queue);
}

DeviceStatus CupsA4Printer::with_info(DeviceStatus s, const CupsQueueState* queue) const {
  s.device_class = DeviceClass::document_printer;
  s.info.model = queue && !queue->make_and_model.empty() ? queue->make_and_model : "CUPS queue " + config_.queue;
  s.info.serial = config_.queue;
  return s;
}

DeviceStatus CupsA4Printer::status() {
  auto queue = queue_state();
  if (queue) return with_info(interpret_queue_state(*queue), &*queue);
  const Error& e = queue.error();
  if (e.is(errc::kA4QueueMissing)) return with_info(queue_missing_status(e.message), nullptr);
  if (e.is(errc::kA4CupsUnreachable)) return with_info(unreachable_status(e.message), nullptr);
  DeviceStatus s = unreachable_status(e.message);
  s.state = DeviceState::hardware_error;
  s.code = e.code;
  return with_info(s, nullptr);
}

Result<int> CupsA4Printer::submit(std::span<const uint8_t> pdf, const std::string& job_title) {
  if (pdf.empty()) return make_error("a4.empty_document", "refusing to print an empty document");
  if (config_.queue.empty()) return make_error(errc::kA4QueueMissing, "no A4 queue configured");
  auto http = connect();
  if (!http) return http.error();
  // The requests are built here rather than with cupsCreateJob / cupsStartDocument, which name the
  // printer as ipp://localhost:<default port>/… and so miss a cupsd on another host or port.
  const std::string uri = printer_uri(endpoint_, config_.queue);
  ipp_t* create = ippNewRequest(IPP_OP_CREATE_JOB);
  ippAddString(create, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.c_str());
  ippAddString(create, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
  ippAddString(create, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, job_title.c_str());
  ippAddString(create, IPP_TAG_JOB, IPP_TAG_KEYWORD, "media", nullptr, "iso_a4_210x297mm");
  auto created = ipp_request(http->get(), create, "Create-Job on queue " + config_.queue);
  if (!created) return created.error();
  ipp_attribute_t* id = ippFindAttribute(created->get(), "job-id", IPP_TAG_INTEGER);
  if (!id) return make_error("a4.ipp.no_job_id", "Create-Job on queue " + config_.queue + " returned no job-id");
  const int job_id = ippGetInteger(id, 0);
  const std::string job_name = "job " + std::to_string(job_id);

  auto abandon = [&](Error e) {
    cupsCancelJob2(http->get(), config_.queue.c_str(), job_id, 0);
    return e;
  };
  ipp_t* send = ippNewRequest(IPP_OP_SEND_DOCUMENT);
  ippAddString(send, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.c_str());
  ippAddInteger(send, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddString(send, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
  ippAddString(send, IPP_TAG_OPERATION, IPP_TAG_NAME, "document-name", nullptr, "document.pdf");
  ippAddString(send, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr, CUPS_FORMAT_PDF);
  ippAddBoolean(send, IPP_TAG_OPERATION, "last-document", 1);
  const std::string resource = "/printers/" + config_.queue;
  http_status_t sent = cupsSendRequest(http->get(), send, resource.c_str(), CUPS_LENGTH_VARIABLE);
  for (size_t at = 0; sent == HTTP_STATUS_CONTINUE && at < pdf.size(); at += kUploadChunk) {
    const size_t n = std::min(kUploadChunk, pdf.size() - at);
    sent = cupsWriteRequestData(http->get(), reinterpret_cast<const char*>(pdf.data() + at), n);
  }
  IppPtr response(cupsGetResponse(http->get(), resource.c_str()));
  ippDelete(send);
  if (sent != HTTP_STATUS_CONTINUE || !response || cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE)
    return abandon(last_ipp_error("Send-Document for " + job_name));
  return job_id;
}

Result<JobState> CupsA4Printer::job_state(int job_id) {
  auto http = connect();
  if (!http) return http.error();
  auto job = read_job(http->get(), endpoint_, config_.queue, job_id);
  if (!job) return job.error();
  return job->state;
}

Status CupsA4Printer::cancel_job(int job_id) {
  auto http = connect();
  if (!http) return http.error();
  if (cupsCancelJob2(http->get(), config_.queue.c_str(), job_id, 0) > IPP_STATUS_OK_EVENTS_COMPLETE)
    return last_ipp_error("Cancel-Job for job " + std::to_string(job_id));
  return Ok{};
}

Status CupsA4Printer::wait_for_job(int job_id) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + config_.job_timeout;
  const std::string job_name = "job " + std::to_string(job_id);
  auto http = connect();
  if (!http) return http.error();
  auto give_up = [&](Error e) {
    if (config_.cancel_unfinished_jobs) {
      if (cupsCancelJob2(http->get(), config_.queue.c_str(), job_id, 0) > IPP_STATUS_OK_EVENTS_COMPLETE)
        e.message += " (and cancelling it failed: " + std::string(cupsLastErrorString()) + ")";
      else
        e.message += " (job cancelled)";
    }
    return e;
  };
  std::optional<clock::time_point> condition_since;
  for (;;) {
    auto job = read_job(http->get(), endpoint_, config_.queue, job_id);
    if (!job) return job.error();
    if (job->state == JobState::completed) return Ok{};
    if (is_final(job->state)) return job_error(job->state, job->reasons, job->message);
    if (job->state == JobState::held) return give_up(job_error(job->state, job->reasons, job->message));
    // A job waiting on a queue that cannot print will not finish by itself: say why now. A job being
    // printed gets a short grace (a printer waking up reports offline for a moment).
    if (job->state == JobState::pending || job->state == JobState::stopped || job->state == JobState::processing) {
      auto queue = read_queue(http->get(), endpoint_, config_.queue);
      if (!queue) return queue.error();
      DeviceStatus s = interpret_queue_state(*queue);
      if (s.usable()) {
        condition_since.reset();
      } else {
        if (!condition_since) condition_since = clock::now();
        if (job->state != JobState::processing || clock::now() - *condition_since >= config_.device_condition_grace)
          return give_up(make_error(s.code, job_name + " cannot print: " + s.detail));
      }
    }
    const auto now = clock::now();
    if (now >= deadline) {
      std::string queue_note;
      if (auto queue = read_queue(http->get(), endpoint_, config_.queue); queue) {
        DeviceStatus s = interpret_queue_state(*queue);
        queue_note = "; queue: " + s.detail;
      }
      return give_up(make_error("a4.timeout", job_name + " still " + name_of(job->state) + " after " +
                                                  std::to_string(config_.job_timeout.count()) + " ms" + queue_note));
    }
    std::this_thread::sleep_for(std::min<clock::duration>(config_.poll_interval, deadline - now));
  }
}

Result<PrintedJob> CupsA4Printer::print_pdf(std::span<const uint8_t> pdf, const std::string& job_title) {
  DeviceStatus before = status();
  if (!before.usable()) {
    log::warn("a4", "not printing on queue " + config_.queue + ": " + before.code + " " + before.detail);
    return make_error(before.code, before.detail);
  }
  auto job = submit(pdf, job_title);
  if (!job) {
    log::warn("a4", "submit to queue " + config_.queue + " failed: " + job.error().code + " " + job.error().message);
    return job.error();
  }
  log::info("a4", "job " + std::to_string(*job) + " (" + std::to_string(pdf.size()) + " bytes) sent to queue " +
                      config_.queue);
  if (auto done = wait_for_job(*job); !done) {
    log::warn("a4", "job " + std::to_string(*job) + " failed: " + done.error().code + " " + done.error().message);
    return done.error();
  }
  log::info("a4", "job " + std::to_string(*job) + " completed");
  return PrintedJob{*job, config_.queue};
}

}  // namespace zhidui::drivers::a4_printer
