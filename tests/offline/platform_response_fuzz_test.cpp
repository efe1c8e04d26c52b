// platform_response_fuzz_test.cpp — the platform's answers are untrusted input. Several thousand
// random and mutated bodies (truncated, wrong types, huge numbers, deep nesting, invalid UTF-8, NULs)
// go through the same pure functions PlatformClient uses (offline/platform_response.h), with every
// status class. Invariants: no crash, `done` only for a 2xx with a non-empty, printable acceptance
// number, and every reason is short, valid UTF-8 without control characters.
// The seed is fixed (reproducible in CI); ZHIDUI_FUZZ_SEED and ZHIDUI_FUZZ_ROUNDS explore further.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "offline/platform_response.h"

namespace zhidui::offline {
namespace {

const std::vector<std::string> kSeeds = {
    R"({"acceptance_no":"SL20261125000123","status":"accepted","application_id":"a-1"})",
    R"({"uuid":"0f8fad5b-d9cb-469f-a165-70867728950e","acceptance_no":"HN-2026-000001","status":"accepted","received_at":"2026-11-25T03:00:00Z"})",
    R"({"error":"idempotency_key_reused","message":"this Idempotency-Key was used with another body"})",
    R"({"error":"invalid_field","message":"applicant.id_number is not 18 characters","field":"applicant.id_number"})",
    R"({"status":"ok","version":"0.1.0","time":"2026-11-25T03:00:00Z"})",
    R"({"acceptance_no":"受理号-长沙-0001","status":"联审中"})",
    R"([{"acceptance_no":"SL1"}])",
    R"("acceptance_no")",
    "",
    "null",
};

const std::vector<std::string> kHostileValues = {
    "1e999999",  "-1e999999", "123456789012345678901234567890123456789", "-0", "0.0000000000000000000001e-400",
    "true",      "null",      "[]",                                       "{}", "[\"SL1\"]",
    "{\"a\":1}", "\"\"",      "\"\\u0000\"",                              "\"SL\\u0007X\"", "\"\\ud800\"",
    "\"\\udfff\\ud800\"",     "\"" + std::string(100, 'A') + "\"",       "\"\xc0\xaf\"", "\"\xed\xa0\x80\"",
    "\"\xff\xfe\"",           "\"\xe6\x97\"",                            "\"SL\x7f\"",   "NaN", "Infinity",
};

const std::vector<long> kStatuses = {100, 101, 199, 200, 201, 202, 204, 226, 299, 300, 301, 302, 304, 399, 400,
                                     401, 403, 404, 405, 408, 409, 410, 413, 418, 422, 429, 451, 499, 500, 502,
                                     503, 504, 599, 600, 999, 2147483647L};

bool valid_utf8_printable(const std::string& text) {
  return printable_excerpt(text, text.size() + 1) == text && !has_control_chars(text);
}

std::string deep_nesting(std::mt19937_64& rng) {
  const size_t depth = std::uniform_int_distribution<size_t>(100, 20000)(rng);
  std::string body;
  const bool objects = rng() % 2 == 0;
  for (size_t i = 0; i < depth; ++i) body += objects ? R"({"acceptance_no":)" : "[";
  body += R"("SL-deep")";
  if (rng() % 3 != 0)  // sometimes left unclosed
    for (size_t i = 0; i < depth; ++i) body += objects ? "}" : "]";
  return body;
}

std::string mutate(std::string body, std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return n == 0 ? size_t(0) : size_t(rng() % n); };
  const int edits = 1 + int(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    switch (rng() % 9) {
      case 0:  // truncate
        body.resize(pick(body.size() + 1));
        break;
      case 1:  // flip a byte
        if (!body.empty()) body[pick(body.size())] = char(rng() & 0xff);
        break;
      case 2:  // insert a random byte (often a lone continuation or lead byte)
        body.insert(body.begin() + ptrdiff_t(pick(body.size() + 1)), char(0x80 | (rng() & 0x7f)));
        break;
      case 3: {  // delete a span
        size_t at = pick(body.size() + 1), n = pick(body.size() - at + 1);
        body.erase(at, n);
        break;
      }
      case 4: {  // duplicate a span
        size_t at = pick(body.size() + 1), n = pick(std::min<size_t>(64, body.size() - at + 1));
        body.insert(at, body.substr(at, n));
        break;
      }
      case 5: {  // the acceptance number (or any value) becomes something hostile
        const std::string& value = kHostileValues[pick(kHostileValues.size())];
        size_t key = body.find("\"acceptance_no\":");
        if (key != std::string::npos) {
          size_t start = key + 16, end = body.find_first_of(",}", start);
          body.replace(start, (end == std::string::npos ? body.size() : end) - start, value);
        } else {
          body = R"({"acceptance_no":)" + value + R"(,"status":"accepted"})";
        }
        break;
      }
      case 6:  // a NUL in the middle
        body.insert(body.begin() + ptrdiff_t(pick(body.size() + 1)), '\0');
        break;
      case 7:  // a huge string value
        body = R"({"acceptance_no":")" + std::string(1000 + pick(100000), 'x') + R"(","message":")" +
               std::string(pick(5000), '\x01') + "\"}";
        break;
      default:  // whole random bytes
        body.assign(pick(200), '\0');
        for (char& c : body) c = char(rng() & 0xff);
        break;
    }
  }
  return body;
}

void check_invariants(long status, const std::string& body) {
  SubmitResult r = classify_submit_answer(status, body);
  EXPECT_EQ(r.http_status, status);
  if (r.outcome == Outcome::done) {
    EXPECT_TRUE(status >= 200 && status < 300) << "done for HTTP " << status;
    EXPECT_FALSE(r.acceptance_no.empty()) << "done without an acceptance number";
    EXPECT_LE(r.acceptance_no.size(), kMaxAcceptanceNoBytes);
    EXPECT_TRUE(valid_utf8_printable(r.acceptance_no)) << "acceptance number not printable UTF-8";
  } else {
    EXPECT_TRUE(r.acceptance_no.empty());
  }
  if (status >= 200 && status < 300) {
    EXPECT_TRUE(r.outcome == Outcome::done || r.outcome == Outcome::retry) << "a 2xx is never a verdict";
  }
  EXPECT_LE(r.platform_status.size(), 64u);
  EXPECT_TRUE(valid_utf8_printable(r.platform_status));
  EXPECT_LE(r.reason.size(), 400u);
  EXPECT_TRUE(valid_utf8_printable(r.reason)) << "reason goes to logs and the technician panel";

  HealthResult h = read_health_answer(status, body);
  if (h.ok) {
    EXPECT_EQ(status, 200);
  }
  EXPECT_LE(h.version.size(), 64u);
  EXPECT_TRUE(valid_utf8_printable(h.version));
}

TEST(PlatformResponseFuzz, KnownShapesAreClassifiedAsDocumented) {
  EXPECT_EQ(classify_submit_answer(201, kSeeds[0]).outcome, Outcome::done);
  EXPECT_EQ(classify_submit_answer(201, kSeeds[0]).acceptance_no, "SL20261125000123");
  EXPECT_EQ(classify_submit_answer(200, kSeeds[5]).outcome, Outcome::done) << "UTF-8 acceptance numbers are fine";
  for (const std::string& unusable :
       {std::string(R"({"acceptance_no":""})"), std::string(R"({"acceptance_no":123})"),
        std::string(R"({"acceptance_no":null})"), std::string(R"({"acceptance_no":["SL1"]})"),
        std::string(R"({"acceptance_no":"SL\u0000"})"), std::string(R"({"acceptance_no":"SL\n1"})"),
        R"({"acceptance_no":")" + std::string(65, 'A') + R"("})", std::string("{\"acceptance_no\":\"SL\xff\"}"),
        std::string(R"({"acceptance_no":"SL1")"), kSeeds[6], kSeeds[7], std::string(""), std::string("null")}) {
    SubmitResult r = classify_submit_answer(201, unusable);
    EXPECT_EQ(r.outcome, Outcome::retry) << unusable;
    EXPECT_EQ(r.reason, "2xx without acceptance number");
  }
  EXPECT_EQ(classify_submit_answer(422, kSeeds[2]).outcome, Outcome::quarantine);
  EXPECT_EQ(classify_submit_answer(422, kSeeds[2]).reason,
            "HTTP 422 idempotency_key_reused: this Idempotency-Key was used with another body");
  EXPECT_EQ(classify_submit_answer(403, "").outcome, Outcome::auth);
  EXPECT_EQ(classify_submit_answer(410, kSeeds[3]).outcome, Outcome::rejected);
  EXPECT_EQ(classify_submit_answer(503, "garbage").outcome, Outcome::retry);
  EXPECT_EQ(classify_submit_answer(302, kSeeds[0]).outcome, Outcome::retry) << "no acknowledgement outside 2xx";
  EXPECT_EQ(classify_submit_answer(500, kSeeds[0]).outcome, Outcome::retry);
  EXPECT_TRUE(read_health_answer(200, kSeeds[4]).ok);
  EXPECT_FALSE(read_health_answer(503, kSeeds[4]).ok);
}

TEST(PlatformResponseFuzz, ThousandsOfHostileBodiesNeverCrashOrFakeAnAcknowledgement) {
  uint64_t seed = 20261125;
  if (const char* s = std::getenv("ZHIDUI_FUZZ_SEED")) seed = std::strtoull(s, nullptr, 10);
  int rounds = 6000;
  if (const char* s = std::getenv("ZHIDUI_FUZZ_ROUNDS")) rounds = std::atoi(s);
  std::mt19937_64 rng(seed);
  int done = 0;
  for (int round = 0; round < rounds; ++round) {
    std::string body;
    if (round % 200 == 0) body = deep_nesting(rng);
    else body = mutate(kSeeds[rng() % kSeeds.size()], rng);
    // Every body once as a 2xx (the dangerous case) and once with a random status.
    const long success = 200 + long(rng() % 100);
    const long any = kStatuses[rng() % kStatuses.size()];
    for (long status : {success, any}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " round " + std::to_string(round) + " status " +
                   std::to_string(status));
      check_invariants(status, body);
      if (::testing::Test::HasFailure()) return;  // one clear failure, not thousands
    }
    done += classify_submit_answer(success, body).outcome == Outcome::done;
  }
  // The mutator must leave some bodies intact enough to be acknowledgements, or the test proves little.
  EXPECT_GT(done, rounds / 600) << "too few mutated bodies still classify as done";
}

// ---- the lookup and batch readers ------------------------------------------------------------------------

const std::vector<std::string> kLookupSeeds = {
    R"({"uscc":"91430104MA4L1A2B39","name":"长沙岳麓山智造科技有限公司","type":"有限责任公司","status":"active","region_code":"430104","registered_at":"2019-03-12","legal_representative":{"name":"张伟","id_number_masked":"4301**********0138"}})",
    R"({"uscc":"91430104MA4L1A2B39","name":"X","status":"active","region_code":"430104","legal_representative":{"name":"张伟","id_number_masked":"430104199003070138"}})",
    R"({"uscc":"91430104MA4L1A2B39","is_legal_representative":true})",
    R"({"applications":[{"uuid":"0f8fad5b-d9cb-469f-a165-70867728950e","acceptance_no":"HN20261125000001","policy_id":"p","policy_title":"补贴","submitted_at":"2026-11-25T01:00:00Z","status":"joint_review","timeline":[{"status":"accepted","at":"2026-11-25T01:00:01Z","note":""},{"status":"joint_review","at":"2026-11-25T02:00:00Z","note":"材料齐全"}]}]})",
    R"({"results":[{"key":"0f8fad5b-d9cb-469f-a165-70867728950e","status":201,"replayed":false,"response":{"acceptance_no":"HN1","status":"accepted"}},{"key":"7c9e6679-7425-40de-944b-e07fc1f90ae7","status":422,"response":{"error":"missing_field","message":"m"}}]})",
};

bool has_long_digit_run(const std::string& text) {
  int run = 0;
  for (char c : text) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run >= 10) return true;
  }
  return false;
}

void check_lookup_invariants(const std::string& body) {
  const std::string uscc = "91430104MA4L1A2B39";
  const std::string uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
  if (auto e = read_enterprise_answer(body, uscc); e.ok()) {
    EXPECT_EQ(e->uscc, uscc);
    EXPECT_FALSE(e->name.empty());
    EXPECT_TRUE(valid_utf8_printable(e->name) && valid_utf8_printable(e->legal_rep_name) &&
                valid_utf8_printable(e->type) && valid_utf8_printable(e->legal_rep_id_masked));
    EXPECT_EQ(e->region_code.size(), 6u);
    EXPECT_FALSE(has_long_digit_run(e->legal_rep_id_masked)) << "an ID number must never come out whole";
  } else {
    EXPECT_TRUE(valid_utf8_printable(e.error().message));
  }
  (void)read_representative_answer(body, uscc);
  if (auto list = read_progress_list(body); list.ok()) {
    for (const auto& p : *list) {
      EXPECT_FALSE(p.acceptance_no.empty());
      EXPECT_TRUE(valid_utf8_printable(p.policy_title) && valid_utf8_printable(p.acceptance_no));
      for (const auto& step : p.timeline) EXPECT_TRUE(valid_utf8_printable(step.note) && !step.status.empty());
    }
  }
  if (auto item = read_progress_item(body, uuid, "HN20261125000001"); item.ok()) {
    EXPECT_EQ(item->uuid, uuid);
  }
  const std::vector<std::string> keys = {uuid, "7c9e6679-7425-40de-944b-e07fc1f90ae7"};
  auto results = read_batch_answer(body, keys);
  ASSERT_EQ(results.size(), keys.size());
  for (const auto& r : results) {
    if (r.outcome == Outcome::done) {
      EXPECT_FALSE(r.acceptance_no.empty());
      EXPECT_TRUE(valid_utf8_printable(r.acceptance_no));
    }
    EXPECT_TRUE(valid_utf8_printable(r.reason));
  }
}

TEST(PlatformResponseFuzz, LookupAndBatchAnswersNeverCrashLeakOrFakeAnAcknowledgement) {
  uint64_t seed = 20261126;
  if (const char* s = std::getenv("ZHIDUI_FUZZ_SEED")) seed = std::strtoull(s, nullptr, 10);
  int rounds = 3000;
  if (const char* s = std::getenv("ZHIDUI_FUZZ_ROUNDS")) rounds = std::atoi(s);
  std::mt19937_64 rng(seed);
  for (int round = 0; round < rounds; ++round) {
    std::string body = round % 200 == 0 ? deep_nesting(rng) : mutate(kLookupSeeds[rng() % kLookupSeeds.size()], rng);
    SCOPED_TRACE("seed " + std::to_string(seed) + " round " + std::to_string(round));
    check_lookup_invariants(body);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace zhidui::offline
